package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.claim;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.ref;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static FakeCluster running(StatefulSetFixtures.SetBuilder set) {
        FakeCluster c = new FakeCluster(set.build());
        c.createdPodsReady = true;
        c.converge();
        return c;
    }

    /** The owner kinds of a claim's refs, e.g. "StatefulSet/web", in order. */
    private static List<String> owners(FakeCluster c, String claim) {
        List<String> out = new ArrayList<>();
        for (JsonNode ref : c.claims.get(claim).path("metadata").path("ownerReferences")) {
            out.add(ref.path("kind").asText() + "/" + ref.path("name").asText()
                    + (ref.path("controller").asBoolean() ? "" : "(not controller)"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = ';', value = {
            "Retain;Retain;;",
            "Delete;Retain;StatefulSet/web;StatefulSet/web",
            "Retain;Delete;;Pod/web-1",
            "Delete;Delete;StatefulSet/web;Pod/web-1"})
    void claimOwnersFollowThePolicyMatrixAndCondemnedClaimsGetTheirRefBeforeThePodGoes(
            String whenDeleted, String whenScaled, String inRange, String condemned) {
        FakeCluster c = running(set("web").replicas(2).claimTemplate("data").retention(whenDeleted, whenScaled));
        assertThat(owners(c, "data-web-0")).isEqualTo(inRange == null ? List.of() : List.of(inRange));
        assertThat(owners(c, "data-web-1")).isEqualTo(inRange == null ? List.of() : List.of(inRange));
        c.gracefulDeletes = true;
        c.update(spec -> spec.put("replicas", 1));
        c.sync();
        assertThat(ObjectMeta.deleting(c.pods.get("web-1"))).isTrue();
        assertThat(owners(c, "data-web-1")).isEqualTo(condemned == null ? List.of() : List.of(condemned));
        assertThat(owners(c, "data-web-0")).isEqualTo(inRange == null ? List.of() : List.of(inRange));
    }

    @Test
    void aPolicyChangeOnALiveSetIsReconciledOnTheNextSync() {
        FakeCluster c = running(set("web").replicas(1).claimTemplate("data"));
        assertThat(owners(c, "data-web-0")).isEmpty();
        c.update(spec -> spec.with("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Delete"));
        c.converge();
        assertThat(owners(c, "data-web-0")).containsExactly("StatefulSet/web");
        c.update(spec -> spec.with("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Retain"));
        c.converge();
        assertThat(owners(c, "data-web-0")).isEmpty();
    }

    @Test
    void aForeignControllerMakesTheControllerDropItsOwnRefsAndWarn() {
        FakeCluster c = new FakeCluster(set("web").replicas(1).claimTemplate("data").retention("Delete",
                "Delete").build());
        c.claims.put("data-web-0", claim("data-web-0", "pvc-0",
                ref("v1", "ConfigMap", "cm", "cm-uid", true), Meta.setRef(c.set)));
        c.createdPodsReady = true;
        c.converge();
        assertThat(owners(c, "data-web-0")).containsExactly("ConfigMap/cm");
        assertThat(c.events).extracting(Step.Event::reason).contains("ConflictingController");
    }

    @Test
    void aClaimWithAForeignControllerSurvivesScaleDownUnderWhenScaledDelete() {
        FakeCluster c = running(set("web").replicas(2).claimTemplate("data").retention("Retain", "Delete"));
        c.claims.get("data-web-1").with("metadata").putArray("ownerReferences")
                .add(ref("v1", "ConfigMap", "cm", "cm-uid", true));
        c.update(spec -> spec.put("replicas", 0));
        c.converge();
        assertThat(owners(c, "data-web-1")).containsExactly("ConfigMap/cm");
        assertThat(owners(c, "data-web-0")).containsExactly("Pod/web-0");
    }

    @Test
    void aForeignNonControllerRefIsKeptAndTheSetRefAppendedAfterIt() {
        FakeCluster c = new FakeCluster(set("web").replicas(1).claimTemplate("data").retention("Delete",
                "Retain").build());
        c.claims.put("data-web-0", claim("data-web-0", "pvc-0", ref("v1", "ConfigMap", "cm", "cm-uid", false)));
        c.createdPodsReady = true;
        c.converge();
        assertThat(owners(c, "data-web-0")).containsExactly("ConfigMap/cm(not controller)", "StatefulSet/web");
    }

    @Test
    void aSetRefThatIsNotControllerIsRewrittenToController() {
        FakeCluster c = running(set("web").replicas(1).claimTemplate("data").retention("Delete", "Retain"));
        c.claims.get("data-web-0").with("metadata").putArray("ownerReferences")
                .add(ref("apps/v1", "StatefulSet", "web", "web-uid", false));
        c.converge();
        assertThat(owners(c, "data-web-0")).containsExactly("StatefulSet/web");
    }

    @Test
    void aStaleRefToAnEarlierSetOfTheSameNameIsNotTouched() {
        FakeCluster c = new FakeCluster(set("web").replicas(1).claimTemplate("data").retention("Delete",
                "Delete").build());
        c.claims.put("data-web-0", claim("data-web-0", "pvc-0", ref("apps/v1", "StatefulSet", "web", "old-uid", true)));
        c.createdPodsReady = true;
        c.converge();
        assertThat(c.claims.get("data-web-0").at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("old-uid");
        assertThat(c.claims.get("data-web-0").at("/metadata/ownerReferences").size()).isEqualTo(1);
    }

    @Test
    void aClaimStillOwnedByAnEarlierPodBlocksCreationUnderWhenScaledDelete() {
        FakeCluster c = new FakeCluster(set("web").replicas(1).claimTemplate("data").retention("Retain",
                "Delete").build());
        c.claims.put("data-web-0", claim("data-web-0", "pvc-0", ref("v1", "Pod", "web-0", "old-pod", true)));
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.CreatePod);
        assertThat(plan.requeueAfter()).isEqualTo(StatefulSetPlanner.RETRY_AFTER);
        c.claims.remove("data-web-0");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
    }

    @Test
    void underRetainRetainTheControllersOwnRefsAreRemoved() {
        FakeCluster c = running(set("web").replicas(1).claimTemplate("data"));
        c.claims.get("data-web-0").with("metadata").putArray("ownerReferences").add(Meta.setRef(c.set));
        c.converge();
        assertThat(owners(c, "data-web-0")).isEmpty();
    }
}
