package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The garbage collector in the three propagation modes, following ownerReferences by uid (A5.5, A5.6). */
class GarbageCollectionTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("gc").endMetadata().build())
                .create();
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static ConfigMap create(String name) {
        return client.configMaps().inNamespace("gc").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
    }

    private static ConfigMap dependent(String name, ConfigMap owner, boolean block) {
        return client.configMaps().inNamespace("gc").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withBlockOwnerDeletion(block).withController(true).build())
                .endMetadata().build()).create();
    }

    private static ConfigMap get(String name) {
        return client.configMaps().inNamespace("gc").withName(name).get();
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceAndThenItsDependents() {
        ConfigMap owner = create("bg-owner");
        dependent("bg-dep-1", owner, false);
        dependent("bg-dep-2", owner, true);
        client.configMaps().inNamespace("gc").withName("bg-owner").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        assertThat(get("bg-owner")).isNull();
        await().untilAsserted(() -> {
            assertThat(get("bg-dep-1")).isNull();
            assertThat(get("bg-dep-2")).isNull();
        });
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
        ConfigMap owner = create("fg-owner");
        dependent("fg-dep", owner, true);
        ConfigMap held = new ConfigMapBuilder(dependent("fg-held", owner, true)).build();
        client.configMaps().inNamespace("gc").withName("fg-held").edit(c -> new ConfigMapBuilder(c).editMetadata()
                .withFinalizers("example.com/hold").endMetadata().build());
        client.configMaps().inNamespace("gc").withName("fg-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();
        ConfigMap deleting = get("fg-owner");
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(deleting.getMetadata().getFinalizers()).contains("foregroundDeletion");
        await().untilAsserted(() -> {
            assertThat(get("fg-dep")).isNull();
            assertThat(get("fg-held").getMetadata().getDeletionTimestamp()).isNotNull();
        });
        assertThat(get("fg-owner")).as("a blocking dependent still exists").isNotNull();
        client.configMaps().inNamespace("gc").withName(held.getMetadata().getName())
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());
        await().untilAsserted(() -> assertThat(get("fg-owner")).isNull());
    }

    @Test
    void orphanDeletionKeepsDependentsAndStripsTheirOwnerReference() {
        ConfigMap owner = create("or-owner");
        dependent("or-dep", owner, true);
        client.configMaps().inNamespace("gc").withName("or-owner").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        await().untilAsserted(() -> assertThat(get("or-owner")).isNull());
        ConfigMap dep = get("or-dep");
        assertThat(dep).isNotNull();
        assertThat(dep.getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void anOwnerWithTheSameNameButAnotherUidDoesNotKeepADependent() {
        ConfigMap owner = create("uid-owner");
        dependent("uid-dep", owner, false);
        client.configMaps().inNamespace("gc").withName("uid-owner").withGracePeriod(0).delete();
        create("uid-owner");
        await().untilAsserted(() -> assertThat(get("uid-dep")).isNull());
    }

    @Test
    void aDependentWithOneLiveOwnerLosesOnlyTheDanglingReference() {
        ConfigMap alive = create("two-alive");
        ConfigMap doomed = create("two-doomed");
        client.configMaps().inNamespace("gc").resource(new ConfigMapBuilder().withNewMetadata().withName("two-dep")
                .withOwnerReferences(
                        new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("two-alive")
                                .withUid(alive.getMetadata().getUid()).build(),
                        new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("two-doomed")
                                .withUid(doomed.getMetadata().getUid()).build())
                .endMetadata().build()).create();
        client.configMaps().inNamespace("gc").withName("two-doomed").delete();
        await().untilAsserted(() -> assertThat(get("two-dep").getMetadata().getOwnerReferences())
                .extracting(r -> r.getName()).containsExactly("two-alive"));
    }
}
