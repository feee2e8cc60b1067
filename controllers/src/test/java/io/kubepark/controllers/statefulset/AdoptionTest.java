package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.pod;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.ref;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AdoptionTest {

    private static FakeCluster running(StatefulSetFixtures.SetBuilder set) {
        FakeCluster c = new FakeCluster(set.build());
        c.createdPodsReady = true;
        c.converge();
        return c;
    }

    @Test
    void anOrphanedPodIsReadoptedWithItsUidAsPrecondition() {
        FakeCluster c = running(set("web").replicas(2));
        c.pods.get("web-1").with("metadata").remove("ownerReferences");
        SyncPlan plan = c.sync();
        assertThat(plan.steps().get(0)).isInstanceOfSatisfying(Step.SetOwnerReferences.class, s -> {
            assertThat(s.kind()).isEqualTo("Pod");
            assertThat(s.uid()).isEqualTo(ObjectMeta.uid(c.pods.get("web-1")));
            assertThat(s.ownerReferences().get(0)).isEqualTo(Meta.setRef(c.set));
        });
        assertThat(Meta.controllerOf(c.pods.get("web-1")).path("uid").asText()).isEqualTo("web-uid");
    }

    @Test
    void anOwnedPodThatNoLongerMatchesIsReleasedAndReplaced() {
        FakeCluster c = running(set("web").replicas(1));
        ObjectNode keep = ref("v1", "ConfigMap", "cm", "cm-uid", false);
        c.pods.get("web-0").with("metadata").withArray("ownerReferences").add(keep);
        ((ObjectNode) c.pods.get("web-0").at("/metadata/labels")).remove("app");
        c.sync();
        assertThat(c.pods.get("web-0").at("/metadata/ownerReferences").size()).isEqualTo(1);
        assertThat(Meta.controllerOf(c.pods.get("web-0"))).isNull();
        // The released pod keeps the name, so the replacement waits: one identity, never two pods.
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
    }

    @Test
    void podsOfAnotherControllerAndTerminatingOrphansAreLeftAlone() {
        FakeCluster c = running(set("web").replicas(1));
        c.pods.get("web-0").with("metadata").putArray("ownerReferences")
                .add(ref("apps/v1", "StatefulSet", "web", "someone-else", true));
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.SetOwnerReferences);

        FakeCluster d = running(set("web").replicas(1));
        d.pods.get("web-0").with("metadata").remove("ownerReferences");
        d.pods.get("web-0").with("metadata").put("deletionTimestamp", d.now.toString());
        assertThat(d.sync().steps()).noneMatch(s -> s instanceof Step.SetOwnerReferences);
    }

    @Test
    void anOrphanRevisionMatchingTheSelectorIsAdoptedFirst() {
        FakeCluster c = running(set("web").replicas(1));
        ObjectNode revision = c.revisions.values().iterator().next();
        revision.with("metadata").remove("ownerReferences");
        SyncPlan plan = c.sync();
        assertThat(plan.steps().get(0)).isInstanceOfSatisfying(Step.SetOwnerReferences.class,
                s -> assertThat(s.kind()).isEqualTo("ControllerRevision"));
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.CreateRevision);
    }

    @Test
    void aSetBeingDeletedAdoptsNothing() {
        FakeCluster c = running(set("web").replicas(1));
        c.pods.put("web-3", pod("web-3").label("app", "web").build());
        c.set.with("metadata").put("deletionTimestamp", c.now.toString());
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
    }
}
