package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, update, patch and delete through the fabric8 client over HTTP. */
class CrudTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    @Test
    void systemNamespacesExistAtStart() {
        Set<String> names = client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(names).contains("default", "kube-system", "kube-public", "kube-node-lease");
        assertThat(client.services().inNamespace("default").withName("kubernetes").get().getSpec().getClusterIP())
                .isEqualTo("10.96.0.1");
    }

    @Test
    void createdObjectGetsIdentityAndServerFieldsAreIgnored() {
        ConfigMap sent = configMap("identity", Map.of("a", "1"));
        sent.getMetadata().setUid("client-uid");
        sent.getMetadata().setCreationTimestamp("2001-01-01T00:00:00Z");
        ConfigMap created = client.configMaps().inNamespace("default").resource(sent).create();
        assertThat(created.getMetadata().getUid()).isNotEqualTo("client-uid")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.getMetadata().getCreationTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")
                .isNotEqualTo("2001-01-01T00:00:00Z");
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isPositive();
        assertThat(client.configMaps().inNamespace("default").withName("identity").get().getData())
                .containsEntry("a", "1");
    }

    @Test
    void everyWriteTakesAHigherResourceVersion() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(configMap("rv", Map.of("n", "0"))).create();
        long last = Long.parseLong(cm.getMetadata().getResourceVersion());
        for (int i = 1; i <= 5; i++) {
            int n = i;
            ConfigMap edited = client.configMaps().inNamespace("default").withName("rv")
                    .edit(c -> new ConfigMapBuilder(c).addToData("n", Integer.toString(n)).build());
            long rv = Long.parseLong(edited.getMetadata().getResourceVersion());
            assertThat(rv).isGreaterThan(last);
            last = rv;
        }
    }

    @Test
    void clusterScopedObjectsHaveNoNamespace() {
        PersistentVolume pv = client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                .withName("pv-crud").withNamespace("ignored").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withNewHostPath().withPath("/tmp/pv").endHostPath().endSpec().build()).create();
        assertThat(pv.getMetadata().getNamespace()).isNull();
        assertThat(client.persistentVolumes().withName("pv-crud").get().getSpec().getCapacity().get("storage"))
                .isEqualTo(new Quantity("1Gi"));
        assertThat(client.persistentVolumes().withName("pv-crud").delete()).hasSize(1);
        assertThat(client.persistentVolumes().withName("pv-crud").get()).isNull();
    }

    @Test
    void generateNameUsesTheRealAlphabet() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build();
        for (int i = 0; i < 20; i++) {
            ConfigMap created = client.configMaps().inNamespace("default").resource(cm).create();
            assertThat(created.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
        }
        ConfigMap longPrefix = new ConfigMapBuilder().withNewMetadata().withGenerateName("x".repeat(70)).endMetadata()
                .build();
        assertThat(client.configMaps().inNamespace("default").resource(longPrefix).create().getMetadata().getName())
                .hasSize(63);
    }

    @Test
    void staleResourceVersionIsAConflictAndEmptyOneOverwrites() {
        ConfigMap v1 = client.configMaps().inNamespace("default").resource(configMap("occ", Map.of("k", "1"))).create();
        ConfigMap v2 = client.configMaps().inNamespace("default").resource(
                new ConfigMapBuilder(v1).withData(Map.of("k", "2")).build()).update();
        ConfigMap stale = new ConfigMapBuilder(v1).withData(Map.of("k", "stale")).build();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps "
                            + "\"occ\": the object has been modified; please apply your changes to the latest "
                            + "version and try again");
                });
        assertThat(client.configMaps().inNamespace("default").withName("occ").get().getData()).containsEntry("k", "2");
        ConfigMap unconditional = new ConfigMapBuilder(v1).withData(Map.of("k", "3")).build();
        unconditional.getMetadata().setResourceVersion(null);
        ConfigMap v3 = client.configMaps().inNamespace("default").resource(unconditional).update();
        assertThat(v3.getData()).containsEntry("k", "3");
        assertThat(Long.parseLong(v3.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(v2.getMetadata().getResourceVersion()));
    }

    @Test
    void unchangedUpdateKeepsTheResourceVersion() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(configMap("noop", Map.of("k", "v"))).create();
        ConfigMap same = client.configMaps().inNamespace("default").resource(cm).update();
        assertThat(same.getMetadata().getResourceVersion()).isEqualTo(cm.getMetadata().getResourceVersion());
    }

    @Test
    void alreadyExistsNamesTheObject() {
        client.configMaps().inNamespace("default").resource(configMap("twice", Map.of())).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("twice", Map.of()))
                .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"twice\" already exists");
                });
    }

    @Test
    void groupedResourcesAreNamedWithTheirGroup() {
        assertThatThrownBy(() -> client.apps().deployments().inNamespace("default").withName("absent").edit(d -> d))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getMessage()).isEqualTo("deployments.apps \"absent\" not found");
                    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("apps");
                });
    }

    static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    @Test
    void generationMovesOnSpecChangesOnly() {
        Deployment d = client.apps().deployments().inNamespace("default").resource(deployment("gen", 1)).create();
        park.awaitIdle();
        assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
        Deployment labelled = client.apps().deployments().inNamespace("default").withName("gen")
                .edit(x -> new DeploymentBuilder(x).editMetadata().addToLabels("team", "a").endMetadata().build());
        assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
        Deployment scaled = client.apps().deployments().inNamespace("default").withName("gen")
                .edit(x -> new DeploymentBuilder(x).editSpec().withReplicas(4).endSpec().build());
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void statusAndSpecAreWrittenThroughTheirOwnEndpoints() {
        // a kind no KubePark controller writes, so that only this test changes its status
        var hpa = new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder().withNewMetadata()
                .withName("split").endMetadata().withNewSpec().withMinReplicas(1).withMaxReplicas(5)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web")
                .endScaleTargetRef().endSpec().build();
        var hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("default");
        hpas.resource(hpa).create();
        var withStatus = hpas.withName("split").editStatus(x -> new io.fabric8.kubernetes.api.model.autoscaling.v2
                .HorizontalPodAutoscalerBuilder(x).withNewStatus().withCurrentReplicas(2).withDesiredReplicas(2)
                .endStatus().editSpec().withMaxReplicas(9).endSpec().build());
        assertThat(withStatus.getStatus().getDesiredReplicas()).isEqualTo(2);
        assertThat(withStatus.getSpec().getMaxReplicas()).as("a status write ignores spec").isEqualTo(5);
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);
        var specWrite = hpas.withName("split").edit(x -> new io.fabric8.kubernetes.api.model.autoscaling.v2
                .HorizontalPodAutoscalerBuilder(x).editSpec().withMaxReplicas(3).endSpec().editStatus()
                .withDesiredReplicas(99).endStatus().build());
        assertThat(specWrite.getSpec().getMaxReplicas()).isEqualTo(3);
        assertThat(specWrite.getStatus().getDesiredReplicas()).as("a main-resource write ignores status").isEqualTo(2);
    }

    @Test
    void scaleSubresourceReadsAndWritesReplicas() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .withReplicas(1).withServiceName("web").withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .build();
        client.apps().statefulSets().inNamespace("default").resource(sts).create();
        park.awaitIdle();
        var scale = client.apps().statefulSets().inNamespace("default").withName("web").scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
        client.apps().statefulSets().inNamespace("default").withName("web").scale(5);
        assertThat(client.apps().statefulSets().inNamespace("default").withName("web").get().getSpec().getReplicas())
                .isEqualTo(5);
    }

    @Test
    void jsonAndMergePatchesApply() {
        client.configMaps().inNamespace("default").resource(configMap("patched", Map.of("a", "1"))).create();
        client.configMaps().inNamespace("default").withName("patched").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"data\":{\"b\":\"2\",\"a\":null}}");
        client.configMaps().inNamespace("default").withName("patched").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/data/c\",\"value\":\"3\"}]");
        assertThat(client.configMaps().inNamespace("default").withName("patched").get().getData())
                .isEqualTo(Map.of("b", "2", "c", "3"));
    }

    @Test
    void namespaceDeletionRemovesItsContent() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
                .create();
        IntStream.range(0, 3).forEach(i -> client.configMaps().inNamespace("doomed")
                .resource(configMap("cm" + i, Map.of())).create());
        client.namespaces().withName("doomed").delete();
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(client.namespaces().withName("doomed").get()).isNull());
        assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
    }

    @Test
    void systemNamespacesCannotBeDeleted() {
        assertThatThrownBy(() -> client.namespaces().withName("kube-system").delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).contains("this namespace may not be deleted");
                });
    }

    @Test
    void createInAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("nowhere").resource(configMap("x", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
    }

    @Test
    void terminatingNamespaceRefusesNewContentAndFinalizersHoldObjects() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("closing").endMetadata().build())
                .create();
        ConfigMap held = configMap("held", Map.of());
        held.getMetadata().setFinalizers(java.util.List.of("example.com/hold"));
        client.configMaps().inNamespace("closing").resource(held).create();
        client.namespaces().withName("closing").delete();
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(client.configMaps().inNamespace("closing")
                .withName("held").get().getMetadata().getDeletionTimestamp()).isNotNull());
        Namespace ns = client.namespaces().withName("closing").get();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
        assertThatThrownBy(() -> client.configMaps().inNamespace("closing").resource(configMap("late", Map.of()))
                .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to "
                            + "create new content in namespace closing because it is being terminated");
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getReason()).isEqualTo("NamespaceTerminating");
                });
        client.configMaps().inNamespace("closing").withName("held")
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers().endMetadata().build());
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(client.namespaces().withName("closing").get()).isNull());
    }

    @Test
    void emptyMetadataMapsAndListsAreDroppedAsARealServerDropsThem() throws Exception {
        byte[] body = ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"empties\","
                + "\"labels\":{},\"annotations\":{},\"finalizers\":[],\"ownerReferences\":[]},\"data\":{}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var created = Clients.send(park, "POST", "/api/v1/namespaces/default/configmaps", "application/json", body);
        assertThat(created.statusCode()).isEqualTo(201);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body());
        assertThat(json.path("metadata").has("labels")).isFalse();
        assertThat(json.path("metadata").has("annotations")).isFalse();
        assertThat(json.path("metadata").has("finalizers")).isFalse();
        assertThat(json.path("metadata").has("ownerReferences")).isFalse();
        assertThat(json.has("data")).isFalse();

        // kubectl diff and apply send "annotations": {} in their strategic merge patch
        var patched = Clients.send(park, "PATCH", "/api/v1/namespaces/default/configmaps/empties",
                "application/strategic-merge-patch+json",
                "{\"metadata\":{\"annotations\":{}},\"data\":{\"a\":\"1\"}}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThat(patched.statusCode()).isEqualTo(200);
        var after = new com.fasterxml.jackson.databind.ObjectMapper().readTree(patched.body());
        assertThat(after.path("metadata").has("annotations")).isFalse();
        assertThat(after.path("data").path("a").asText()).isEqualTo("1");
    }
}
