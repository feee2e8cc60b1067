package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everyday kubectl commands, run with the real kubectl 1.31 and 1.33 binaries against {@code kubepark serve}.
 * 1.33 sends protobuf bodies for {@code create} and {@code auth can-i}; 1.31 sends JSON.
 */
class KubectlTest extends ClusterScenarios {
    private Kubectl kubectl(String version) throws Exception {
        assertThat(Kubectl.binaryFor(version)).as("kubectl %s binary", version).exists();
        return Kubectl.of(version, cluster.kubeconfig());
    }

    private static String ns(String version) {
        return "demo-" + version.replace(".", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void versionReportsTheServerAsV133(String version) throws Exception {
        Kubectl.Result r = ok(kubectl(version).run("version", "-o", "json"));
        assertThat(r.out()).contains("\"serverVersion\"").contains("\"minor\": \"33\"")
                .contains("\"gitVersion\": \"v1.33.1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void apiResourcesListsBuiltInKindsWithShortNames(String version) throws Exception {
        Kubectl.Result r = ok(kubectl(version).run("api-resources"));
        assertThat(r.out()).containsPattern("statefulsets\\s+sts\\s+apps/v1\\s+true\\s+StatefulSet")
                .containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace")
                .containsPattern("customresourcedefinitions\\s+crd,crds\\s+apiextensions.k8s.io/v1\\s+false")
                .containsPattern("selfsubjectaccessreviews\\s+authorization.k8s.io/v1\\s+false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void namespaceAndConfigMapLiveAndDieThroughKubectl(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-life";
        assertThat(ok(k.run("create", "namespace", ns)).out()).contains("namespace/" + ns + " created");
        assertThat(ok(k.run("get", "namespace", ns, "-o", "yaml")).out())
                .contains("kubernetes.io/metadata.name: " + ns).contains("phase: Active");
        assertThat(ok(k.run("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue")).out())
                .contains("configmap/settings created");
        String yaml = ok(k.run("get", "configmap", "settings", "-n", ns, "-o", "yaml")).out();
        assertThat(yaml).contains("color: blue").contains("resourceVersion:").contains("uid:")
                .contains("creationTimestamp:");
        Kubectl.Result missing = k.run("get", "configmap", "nope", "-n", ns);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Error from server (NotFound): configmaps \"nope\" not found");
        Kubectl.Result duplicate = k.run("create", "configmap", "settings", "-n", ns);
        assertThat(duplicate.err()).contains("failed to create configmap: configmaps \"settings\" already exists");
        assertThat(ok(k.run("delete", "configmap", "settings", "-n", ns)).out())
                .contains("configmap \"settings\" deleted");
        ok(k.run("create", "configmap", "left-behind", "-n", ns));
        assertThat(ok(k.run("delete", "namespace", ns, "--timeout=30s")).out())
                .contains("namespace \"" + ns + "\" deleted");
        Kubectl.Result gone = k.run("get", "namespace", ns);
        assertThat(gone.err()).contains("namespaces \"" + ns + "\" not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void labelAndBothPatchTypesChangeTheObject(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-patch";
        ok(k.run("create", "namespace", ns));
        ok(k.run("create", "configmap", "app", "-n", ns, "--from-literal=a=1"));
        assertThat(ok(k.run("label", "configmap", "app", "-n", ns, "tier=web")).out())
                .contains("configmap/app labeled");
        assertThat(ok(k.run("get", "configmaps", "-n", ns, "-l", "tier=web", "-o", "name")).out().trim())
                .isEqualTo("configmap/app");
        assertThat(ok(k.run("get", "configmaps", "-n", ns, "-l", "tier!=web", "-o", "name")).out())
                .doesNotContain("configmap/app");
        assertThat(ok(k.run("patch", "configmap", "app", "-n", ns, "--type=merge", "-p", "{\"data\":{\"b\":\"2\"}}"))
                .out()).contains("configmap/app patched");
        assertThat(ok(k.run("patch", "configmap", "app", "-n", ns, "--type=json",
                "-p", "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"10\"}]")).out())
                .contains("configmap/app patched");
        assertThat(ok(k.run("get", "configmap", "app", "-n", ns, "-o", "jsonpath={.data}")).out())
                .isEqualTo("{\"a\":\"10\",\"b\":\"2\"}");
        Kubectl.Result failedTest = k.run("patch", "configmap", "app", "-n", ns, "--type=json",
                "-p", "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"99\"}]");
        assertThat(failedTest.exitCode()).isEqualTo(1);
        assertThat(failedTest.err()).contains("The request is invalid");
        assertThat(ok(k.run("get", "configmap", "app", "-n", ns, "-o", "jsonpath={.data.a}")).out()).isEqualTo("10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void scaleChangesReplicasThroughTheScaleSubresource(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-scale";
        ok(k.run("create", "namespace", ns));
        assertThat(ok(k.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.27")).out())
                .contains("deployment.apps/web created");
        assertThat(ok(k.run("scale", "deployment", "web", "-n", ns, "--replicas=3")).out())
                .contains("deployment.apps/web scaled");
        assertThat(ok(k.run("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas} {.metadata.generation}"))
                .out()).isEqualTo("3 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void authCanIIsAllowed(String version) throws Exception {
        Kubectl.Result r = ok(kubectl(version).run("auth", "can-i", "create", "pods", "-n", "default"));
        assertThat(r.out().trim()).isEqualTo("yes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void getWatchPrintsNewObjectsAndEndsAtItsTimeout(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-watch";
        ok(k.run("create", "namespace", ns));
        Process watch = k.start("get", "configmaps", "-n", ns, "--watch-only", "-o", "name",
                "--request-timeout=5s");
        CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(watch.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ok(k.run("create", "configmap", "seen-" + System.nanoTime(), "-n", ns));
                assertThat(lines).anyMatch(l -> l.startsWith("configmap/seen-"));
            });
            assertThat(watch.waitFor(40, TimeUnit.SECONDS)).as("kubectl get -w ended at its timeout").isTrue();
        } finally {
            watch.destroyForcibly();
        }
    }
}
