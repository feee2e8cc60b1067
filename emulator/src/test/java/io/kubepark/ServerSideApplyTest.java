package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side apply through fabric8: ownership, conflicts, force, removal of fields no longer applied (A12.3). */
class ServerSideApplyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static Deployment config(String name, int replicas, String image) {
        Deployment d = CrudTest.deployment(name, replicas);
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        return d;
    }

    private static Deployment apply(Deployment d, String manager, boolean force) {
        var r = client.apps().deployments().inNamespace("default").resource(d).fieldManager(manager);
        return force ? r.forceConflicts().serverSideApply() : r.serverSideApply();
    }

    private static ManagedFieldsEntry entry(Deployment d, String manager) {
        return d.getMetadata().getManagedFields().stream().filter(e -> e.getManager().equals(manager)).findFirst()
                .orElse(null);
    }

    @Test
    void applyCreatesAndRecordsOwnership() {
        Deployment d = apply(config("ssa-create", 2, "nginx:1"), "alice", false);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        ManagedFieldsEntry alice = entry(d, "alice");
        assertThat(alice.getOperation()).isEqualTo("Apply");
        assertThat(alice.getFieldsType()).isEqualTo("FieldsV1");
        String fields = JSON.valueToTree(alice.getFieldsV1()).toString();
        assertThat(fields).contains("\"f:replicas\"").contains("\"k:{\\\"name\\\":\\\"web\\\"}\"").contains("\"f:image\"");
        assertThat(d.getSpec().getStrategy().getType()).as("defaults still apply").isEqualTo("RollingUpdate");
    }

    @Test
    void anotherManagerChangingOwnedFieldsConflictsUnlessForced() {
        apply(config("ssa-conflict", 2, "nginx:1"), "alice", false);
        assertThatThrownBy(() -> apply(config("ssa-conflict", 5, "nginx:1"), "bob", false))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getField()).isEqualTo(".spec.replicas");
                    });
                });
        Deployment forced = apply(config("ssa-conflict", 5, "nginx:1"), "bob", true);
        assertThat(forced.getSpec().getReplicas()).isEqualTo(5);
        assertThat(JSON.valueToTree(entry(forced, "alice").getFieldsV1()).toString()).doesNotContain("f:replicas");
        assertThat(JSON.valueToTree(entry(forced, "bob").getFieldsV1()).toString()).contains("f:replicas");
    }

    @Test
    void sameValuesAreSharedWithoutConflict() {
        apply(config("ssa-shared", 3, "nginx:1"), "alice", false);
        Deployment d = apply(config("ssa-shared", 3, "nginx:1"), "bob", false);
        assertThat(entry(d, "alice")).isNotNull();
        assertThat(entry(d, "bob")).isNotNull();
    }

    @Test
    void fieldsAManagerStopsApplyingAreRemoved() {
        Deployment first = config("ssa-remove", 1, "nginx:1");
        first.getMetadata().setLabels(Map.of("keep", "yes", "drop", "yes"));
        apply(first, "alice", false);
        Deployment second = config("ssa-remove", 1, "nginx:1");
        second.getMetadata().setLabels(Map.of("keep", "yes"));
        Deployment d = apply(second, "alice", false);
        assertThat(d.getMetadata().getLabels()).containsOnlyKeys("keep");
    }

    @Test
    void ordinaryWritesAreRecordedAsUpdatesOfTheirManager() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("ssa-update").endMetadata().withData(Map.of("a", "1")).build()).create();
        assertThat(cm.getMetadata().getManagedFields()).singleElement().satisfies(e -> {
            assertThat(e.getManager()).isEqualTo("fabric8-kubernetes-client");
            assertThat(e.getOperation()).isEqualTo("Update");
        });
        var apply = new ConfigMapBuilder().withNewMetadata().withName("ssa-update").endMetadata()
                .withData(Map.of("a", "2")).build();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(apply).fieldManager("carol")
                .serverSideApply()).isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage()).isEqualTo("Apply failed with 1 conflict: conflict "
                                + "with \"fabric8-kubernetes-client\" using v1: .data.a"));
    }

    @Test
    void applyNeedsAFieldManagerAndNoManagedFields() throws Exception {
        var missing = Clients.send(park, "PATCH", "/api/v1/namespaces/default/configmaps/x", "application/apply-patch+yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        var managed = Clients.send(park, "PATCH", "/api/v1/namespaces/default/configmaps/x?fieldManager=m",
                "application/apply-patch+yaml", ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, managedFields: "
                        + "[{manager: m}]}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(managed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(managed.body()).path("message").asText()).isEqualTo("metadata.managedFields must be nil");
        var force = Clients.send(park, "PATCH", "/api/v1/namespaces/default/configmaps/x?force=true",
                "application/merge-patch+json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(force.statusCode()).isEqualTo(422);
    }
}
