package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rest of everyday kubectl, 1.31 and 1.33: tables, describe, apply (client- and server-side), diff, explain,
 * edit, the three patch types, annotate, cascading deletes, dry runs, OpenAPI and wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlEverydayTest {
    private Cluster cluster;
    private Path dir;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start();
        dir = Files.createTempDirectory("kubectl-everyday");
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Kubectl kubectl(String version) throws Exception {
        return Kubectl.of(version, cluster.kubeconfig());
    }

    private static String ns(String version, String what) {
        return "ev-" + version.replace(".", "") + "-" + what;
    }

    private Path manifest(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String deployment(String ns, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                  labels: {app: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: nginx
                        image: %s
                        ports: [{containerPort: 80}]
                """.formatted(ns, replicas, image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void getPrintsTheColumnsOfARealServer(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "get");
        ok(k.run("create", "namespace", ns));
        ok(k.run("run", "pod1", "-n", ns, "--image=busybox:1.36"));
        ok(k.run("create", "service", "clusterip", "svc1", "-n", ns, "--tcp=80:8080"));
        ok(k.run("wait", "--for=condition=Ready", "pod/pod1", "-n", ns, "--timeout=30s"));
        String pods = ok(k.run("get", "pods", "-n", ns)).out();
        assertThat(pods.lines().findFirst().orElseThrow()).matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
        assertThat(pods).containsPattern("pod1\\s+1/1\\s+Running\\s+0\\s+\\d+s");
        String wide = ok(k.run("get", "pods", "-n", ns, "-o", "wide")).out();
        assertThat(wide.lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES");
        assertThat(wide).containsPattern("pod1\\s+1/1\\s+Running\\s+0\\s+\\d+s\\s+10\\.244\\.\\d+\\.\\d+\\s+node-\\d\\s+<none>\\s+<none>");
        String svc = ok(k.run("get", "svc", "svc1", "-n", ns)).out();
        assertThat(svc).containsPattern("svc1\\s+ClusterIP\\s+10\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP");
        ok(k.run("apply", "-f", manifest(ns + ".yaml", deployment(ns, 2, "nginx:1.27")).toString()));
        assertThat(ok(k.run("get", "deploy", "-n", ns, "-o", "wide")).out().lines().findFirst().orElseThrow())
                .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
        assertThat(ok(k.run("get", "ns", ns, "--show-labels")).out()).contains("kubernetes.io/metadata.name=" + ns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void describeShowsTheObject(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "describe");
        ok(k.run("create", "namespace", ns));
        ok(k.run("apply", "-f", manifest(ns + ".yaml", deployment(ns, 2, "nginx:1.27")).toString()));
        String out = ok(k.run("describe", "deployment", "web", "-n", ns)).out();
        assertThat(out).containsPattern("Name:\\s+web").containsPattern("Replicas:\\s+2 desired")
                .containsPattern("StrategyType:\\s+RollingUpdate").contains("nginx:1.27");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void applyTwiceThenServerSideWithAConflictThenForced(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "apply");
        ok(k.run("create", "namespace", ns));
        Path file = manifest(ns + ".yaml", deployment(ns, 2, "nginx:1.27"));
        assertThat(ok(k.run("apply", "-f", file.toString())).out()).contains("deployment.apps/web created");
        Files.writeString(file, deployment(ns, 3, "nginx:1.27"));
        assertThat(ok(k.run("apply", "-f", file.toString())).out()).contains("deployment.apps/web configured");
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).out()).isEqualTo("3");
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}")).out())
                .contains("\"replicas\":3");
        Files.writeString(file, deployment(ns, 5, "nginx:1.27"));
        Kubectl.Result conflict = k.run("apply", "--server-side", "-f", file.toString());
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict")
                .contains("conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        assertThat(ok(k.run("apply", "--server-side", "--force-conflicts", "-f", file.toString())).out())
                .contains("serverside-applied");
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} "
                + "{.spec.template.spec.containers[0].ports[0].containerPort}")).out()).isEqualTo("5 80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void diffShowsTheChangeAndExitsOne(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "diff");
        ok(k.run("create", "namespace", ns));
        Path file = manifest(ns + ".yaml", deployment(ns, 2, "nginx:1.27"));
        ok(k.run("apply", "-f", file.toString()));
        Files.writeString(file, deployment(ns, 2, "nginx:1.28"));
        Kubectl.Result diff = k.run("diff", "-f", file.toString());
        assertThat(diff.exitCode()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).containsPattern("\\n-\\s+(- )?image: nginx:1\\.27").containsPattern("\\n\\+\\s+(- )?image: nginx:1\\.28");
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .out()).as("diff changes nothing").isEqualTo("nginx:1.27");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void explainPrintsFieldDocumentation(String version) throws Exception {
        String out = ok(kubectl(version).run("explain", "statefulset.spec.podManagementPolicy")).out();
        assertThat(out).contains("KIND:").contains("StatefulSet").contains("podManagementPolicy")
                .contains("OrderedReady");
        // the same from /openapi/v2 in its protobuf form
        String v2 = ok(kubectl(version).run("explain", "statefulset.spec.podManagementPolicy",
                "--output=plaintext-openapiv2")).out();
        assertThat(v2).contains("KIND:     StatefulSet").contains("FIELD:    podManagementPolicy <string>")
                .contains("OrderedReady");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void explainAndStrictApplyWorkForCustomResources(String version) throws Exception {
        Kubectl k = kubectl(version);
        String group = "v" + version.replace(".", "") + ".example.com";
        ok(k.run("apply", "-f", manifest("crd-" + version + ".yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gadgets.%s
                spec:
                  group: %s
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer, description: How big the gadget is.}
                """.formatted(group, group)).toString()));
        ok(k.run("wait", "--for=condition=Established", "crd/gadgets." + group, "--timeout=30s"));
        assertThat(ok(k.run("explain", "gadgets.spec.size", "--api-version=" + group + "/v1")).out())
                .contains("FIELD: size <integer>").contains("How big the gadget is.");
        assertThat(ok(k.run("explain", "gadgets.spec", "--api-version=" + group + "/v1",
                "--output=plaintext-openapiv2")).out()).contains("size\t<integer>").contains("How big the gadget is.");
        Kubectl.Result unknown = k.run("apply", "-f", manifest("gadget-" + version + ".yaml", """
                apiVersion: %s/v1
                kind: Gadget
                metadata: {name: g1, namespace: default}
                spec: {size: 3, colour: red}
                """.formatted(group)).toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("unknown field \"spec.colour\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void editWithAnEditorScriptSavesTheChange(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "edit");
        ok(k.run("create", "namespace", ns));
        ok(k.run("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue"));
        Path editor = manifest("editor-" + version + ".sh", "#!/bin/sh\nsed -i 's/color: blue/color: green/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        assertThat(ok(k.runWithEnv("EDITOR", editor.toString(), "edit", "configmap", "settings", "-n", ns)).out())
                .contains("configmap/settings edited");
        assertThat(ok(k.run("get", "cm", "settings", "-n", ns, "-o", "jsonpath={.data.color}")).out()).isEqualTo("green");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void strategicPatchAnnotateAndDryRunCreate(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "patch");
        ok(k.run("create", "namespace", ns));
        ok(k.run("apply", "-f", manifest(ns + ".yaml", deployment(ns, 1, "nginx:1.27")).toString()));
        ok(k.run("patch", "deployment", "web", "-n", ns, "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"envoy:1\"}]}}}}"));
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].name}"))
                .out()).as("strategic merge puts new list items first, as apimachinery does").isEqualTo("sidecar nginx");
        assertThat(ok(k.run("annotate", "deployment", "web", "-n", ns, "team=parks")).out())
                .contains("deployment.apps/web annotated");
        assertThat(ok(k.run("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.metadata.annotations.team}")).out())
                .isEqualTo("parks");
        assertThat(ok(k.run("create", "configmap", "dry", "-n", ns, "--dry-run=server", "-o", "name")).out().trim())
                .isEqualTo("configmap/dry");
        assertThat(k.run("get", "configmap", "dry", "-n", ns).err()).contains("not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void cascadingDeletesFollowOwnerReferences(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "cascade");
        ok(k.run("create", "namespace", ns));
        for (String owner : new String[] {"fg", "or"}) {
            ok(k.run("create", "configmap", owner, "-n", ns));
            String uid = ok(k.run("get", "cm", owner, "-n", ns, "-o", "jsonpath={.metadata.uid}")).out();
            ok(k.run("apply", "-f", manifest(ns + "-" + owner + ".yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s-dep
                      namespace: %s
                      ownerReferences:
                      - {apiVersion: v1, kind: ConfigMap, name: %s, uid: %s, blockOwnerDeletion: true}
                    """.formatted(owner, ns, owner, uid)).toString()));
        }
        ok(k.run("delete", "configmap", "fg", "-n", ns, "--cascade=foreground", "--timeout=30s"));
        assertThat(k.run("get", "cm", "fg-dep", "-n", ns).err()).contains("not found");
        ok(k.run("delete", "configmap", "or", "-n", ns, "--cascade=orphan", "--timeout=30s"));
        assertThat(ok(k.run("get", "cm", "or-dep", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences}")).out())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void waitForDeleteAndNamespaceWithContent(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "wait");
        ok(k.run("create", "namespace", ns));
        ok(k.run("create", "configmap", "gone", "-n", ns));
        ok(k.run("apply", "-f", manifest(ns + ".yaml", deployment(ns, 1, "nginx:1.27")).toString()));
        Process wait = k.start("wait", "--for=delete", "configmap/gone", "-n", ns, "--timeout=30s");
        ok(k.run("delete", "configmap", "gone", "-n", ns, "--wait=false"));
        assertThat(wait.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(wait.exitValue()).isZero();
        assertThat(ok(k.run("delete", "namespace", ns, "--timeout=30s")).out()).contains("namespace \"" + ns + "\" deleted");
        assertThat(k.run("get", "deploy", "-n", ns).out()).doesNotContain("web");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void rawOpenApiIndexListsGroupVersions(String version) throws Exception {
        String out = ok(kubectl(version).run("get", "--raw", "/openapi/v3")).out();
        assertThat(out).contains("\"api/v1\"").contains("\"apis/apps/v1\"").contains("serverRelativeURL");
    }
}
