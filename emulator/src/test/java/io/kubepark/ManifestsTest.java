package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubepark export}, {@code serve --import} and {@code serve --init-dir}. */
class ManifestsTest {
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
            """;

    @TempDir
    Path dir;

    /** A cluster with a namespace, a ConfigMap, a Deployment (and so ReplicaSets and pods), a CRD and a Widget. */
    private static void populate(KubePark park, KubernetesClient client) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("demo")
                .endMetadata().withData(Map.of("color", "blue")).build()).create();
        client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("demo").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        client.load(new java.io.ByteArrayInputStream(CRD.getBytes())).create();
        park.awaitIdle();
        client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("demo").resource(
                new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
                        .withKind("Widget").withNewMetadata().withName("w1").withNamespace("demo").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("size", 3)).build()).create();
        park.awaitIdle();
    }

    @Test
    void exportHoldsWhatUsersMadeWithoutServerFieldsNamespacesFirst() {
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).start();
                KubernetesClient client = Clients.fabric8(park)) {
            populate(park, client);
            String yaml = Manifests.export(park.api());
            assertThat(yaml).contains("kind: Namespace", "name: demo", "kind: ConfigMap", "kind: Deployment",
                    "kind: CustomResourceDefinition", "kind: Widget", "size: 3");
            assertThat(yaml).doesNotContain("uid:", "resourceVersion:", "managedFields", "creationTimestamp",
                    "status:", "kind: Pod\n", "kind: ReplicaSet", "kind: Event", "kind: Lease", "kind: Node\n",
                    "name: kube-system", "name: kubernetes\n", "kind: ServiceAccount", "system-node-critical");
            assertThat(yaml.indexOf("kind: Namespace")).isLessThan(yaml.indexOf("kind: CustomResourceDefinition"));
            assertThat(yaml.indexOf("kind: CustomResourceDefinition")).isLessThan(yaml.indexOf("kind: Widget"));
        }
    }

    @Test
    void anExportImportedAtStartRecreatesTheObjects() throws Exception {
        Path file = dir.resolve("state.yaml");
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).start();
                KubernetesClient client = Clients.fabric8(park)) {
            populate(park, client);
            Files.writeString(file, Manifests.export(park.api()));
        }
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).apply(file).start();
                KubernetesClient client = Clients.fabric8(park)) {
            park.awaitIdle();
            assertThat(park.applied()).singleElement().satisfies(a -> {
                assertThat(a.created()).isEqualTo(5);
                assertThat(a.existing()).isZero();
            });
            assertThat(client.configMaps().inNamespace("demo").withName("settings").get().getData())
                    .containsEntry("color", "blue");
            assertThat(client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("demo")
                    .withName("w1").get()).isNotNull();
            assertThat(client.pods().inNamespace("demo").list().getItems()).hasSize(2);
        }
    }

    @Test
    void initDirFilesAreAppliedInNameOrderAndOnlyOnceWithADataDir() throws Exception {
        Path init = Files.createDirectories(dir.resolve("init"));
        Files.writeString(init.resolve("20-settings.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: demo}
                data: {color: blue}
                """);
        Files.writeString(init.resolve("10-namespace.json"), """
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "demo"}}
                """);
        Files.writeString(init.resolve("notes.txt"), "not a manifest");
        List<Path> files = Manifests.initFiles(init);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("10-namespace.json", "20-settings.yaml");
        KubePark.Builder builder = KubePark.builder().virtualClock().nodes(1).dataDir(dir.resolve("data"));
        files.forEach(builder::apply);
        try (KubePark park = builder.start()) {
            assertThat(park.applied()).extracting(Manifests.Applied::created).containsExactly(1, 1);
        }
        try (KubePark park = builder.start()) {
            assertThat(park.applied()).extracting(Manifests.Applied::existing).containsExactly(1, 1);
        }
    }

    @Test
    void anUnknownKindFailsTheStartNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """);
        assertThatThrownBy(() -> KubePark.builder().virtualClock().nodes(0).apply(file).start())
                .hasMessageContaining(file.toString()).hasMessageContaining("Gadget");
    }

    @Test
    void exportCommandReadsAStoppedDataDir() {
        Path data = dir.resolve("data");
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).dataDir(data).start();
                KubernetesClient client = Clients.fabric8(park)) {
            populate(park, client);
        }
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out))
                .execute("export", "--data-dir", data.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("kind: Deployment", "kind: Widget").doesNotContain("uid:");
    }

    @Test
    void exportCommandReadsARunningServer() throws Exception {
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).start();
                KubernetesClient client = Clients.fabric8(park)) {
            populate(park, client);
            Path kubeconfig = park.writeKubeconfig(dir.resolve("kubeconfig"));
            StringWriter out = new StringWriter();
            int code = new CommandLine(new Main()).setOut(new PrintWriter(out))
                    .execute("export", "--kubeconfig", kubeconfig.toString());
            assertThat(code).isZero();
            assertThat(out.toString()).isEqualTo(Manifests.export(park.api()));
        }
    }

    @Test
    void exportCommandReadsASecuredServerThroughItsKubeconfigAndLeavesOutTheDefaultRoles() throws Exception {
        try (KubePark park = KubePark.start(KubePark.builder().virtualClock().nodes(0).options(),
                Security.serve(false, dir.resolve("secured"), io.kubepark.apiserver.auth.Access.Mode.RBAC))) {
            assertThat(park.url()).startsWith("https://");
            park.api().create(park.api().type("", "v1", "configmaps"), "default", (com.fasterxml.jackson.databind
                    .node.ObjectNode) io.kubepark.apiserver.Json.parse(("{\"metadata\":{\"name\":\"kept\"},"
                    + "\"data\":{\"k\":\"v\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    io.kubepark.apiserver.api.ApiServer.WriteOptions.DEFAULT);
            Path kubeconfig = park.writeKubeconfig(dir.resolve("kubeconfig"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("export", "--kubeconfig", kubeconfig.toString());
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("name: kept").doesNotContain("kind: ClusterRole")
                    .doesNotContain("rbac-defaults");
        }
    }
}
