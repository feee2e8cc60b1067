package io.kubepark.controllers.disruption;

import static io.kubepark.controllers.disruption.DisruptionFixtures.T0;
import static io.kubepark.controllers.disruption.DisruptionFixtures.budget;
import static io.kubepark.controllers.disruption.DisruptionFixtures.controllerRef;
import static io.kubepark.controllers.disruption.DisruptionFixtures.pod;
import static io.kubepark.controllers.disruption.DisruptionFixtures.snapshot;
import static io.kubepark.controllers.disruption.DisruptionFixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.disruption.DisruptionFixtures.FakeOwners;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disruption controller's decisions without I/O; rule numbers refer to docs/workloads/disruption.md. */
class DisruptionPlannerTest {
    private static final FakeOwners NO_OWNERS = new FakeOwners();

    private static JsonNode statefulPod(String name) {
        return pod(name).ownedBy("apps/v1", "StatefulSet", "web", "web-uid").build();
    }

    private static FakeOwners webSet(int replicas) {
        return new FakeOwners().with("statefulsets", workload("apps/v1", "StatefulSet", "web", replicas, null));
    }

    private static JsonNode condition(JsonNode status) {
        return status.path("conditions").get(0);
    }

    // ---------------------------------------------------------------- counts (rules 10–14, 18, 19)

    @Test
    void integerMinAvailableCountsTheSelectedPodsWithoutAskingOwners() { // rules 10, 11, 18, 19
        FakeOwners owners = new FakeOwners();
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").minAvailable(2).build(), owners, T0,
                pod("a").build(), pod("b").build(), pod("c").unready().build(), pod("d").phase("Succeeded").unready()
                        .build()));
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(4);
        assertThat(plan.status().path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(plan.status().path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isZero();
        assertThat(owners.scaleLookups).isZero();
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void percentMinAvailableRoundsUpAgainstTheControllersScale() { // rules 12, 15d
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").minAvailable("50%").build(), webSet(5), T0,
                statefulPod("web-0"), statefulPod("web-1"), statefulPod("web-2"), statefulPod("web-3")));
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(5);
        assertThat(plan.status().path("desiredHealthy").asInt()).isEqualTo(3); // ceil(2.5)
        assertThat(plan.status().path("currentHealthy").asInt()).isEqualTo(4);
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isEqualTo(1);
    }

    @Test
    void maxUnavailableIntegerAndPercentSubtractFromTheScale() { // rules 13, 19
        JsonNode[] pods = {statefulPod("web-0"), statefulPod("web-1"), statefulPod("web-2")};
        BudgetPlan one = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).build(), webSet(3), T0, pods));
        assertThat(one.status().path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(one.status().path("disruptionsAllowed").asInt()).isEqualTo(1);
        BudgetPlan percent = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable("34%").build(), webSet(3), T0,
                pods));
        // 34% of 3 is 1.02, rounded up to 2 unavailable
        assertThat(percent.status().path("desiredHealthy").asInt()).isEqualTo(1);
        assertThat(percent.status().path("disruptionsAllowed").asInt()).isEqualTo(2);
        BudgetPlan all = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(5).build(), webSet(3), T0, pods));
        assertThat(all.status().path("desiredHealthy").asInt()).isZero();
        assertThat(all.status().path("disruptionsAllowed").asInt()).isEqualTo(3);
    }

    @Test
    void neitherFieldAllowsNoDisruption() { // rule 14
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").build(), NO_OWNERS, T0, pod("a").build()));
        assertThat(plan.status().path("expectedPods").asInt()).isZero();
        assertThat(plan.status().path("desiredHealthy").asInt()).isZero();
        assertThat(plan.status().path("currentHealthy").asInt()).isEqualTo(1);
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isZero();
    }

    @Test
    void deletingPodsAreNotHealthy() { // rule 18
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").minAvailable(1).build(), NO_OWNERS, T0,
                pod("a").build(), pod("b").deleting().build()));
        assertThat(plan.status().path("currentHealthy").asInt()).isEqualTo(1);
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(2);
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isZero();
    }

    // ---------------------------------------------------------------- finders (rules 15–17)

    @Test
    void aDeploymentCountsThroughItsReplicaSetAndOnce() { // rule 15b
        FakeOwners owners = new FakeOwners()
                .with("replicasets", workload("apps/v1", "ReplicaSet", "web-abc", 2,
                        controllerRef("apps/v1", "Deployment", "web")))
                .with("replicasets", workload("apps/v1", "ReplicaSet", "web-def", 1,
                        controllerRef("apps/v1", "Deployment", "web")))
                .with("deployments", workload("apps/v1", "Deployment", "web", 4, null));
        JsonNode a = pod("a").ownedBy("apps/v1", "ReplicaSet", "web-abc", "web-abc-uid").build();
        JsonNode b = pod("b").ownedBy("apps/v1", "ReplicaSet", "web-abc", "web-abc-uid").build();
        JsonNode c = pod("c").ownedBy("apps/v1", "ReplicaSet", "web-def", "web-def-uid").build();
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).build(), owners, T0, a, b, c));
        // the Deployment counts once, with its replicas, for pods of both ReplicaSets
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(4);
        assertThat(plan.status().path("desiredHealthy").asInt()).isEqualTo(3);
    }

    @Test
    void aReplicaSetAndAReplicationControllerCountTheirOwnReplicas() { // rules 15a, 15c
        FakeOwners owners = new FakeOwners()
                .with("replicasets", workload("apps/v1", "ReplicaSet", "solo", 3, null))
                .with("replicationcontrollers", workload("v1", "ReplicationController", "legacy", 2, null));
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(0).build(), owners, T0,
                pod("a").ownedBy("apps/v1", "ReplicaSet", "solo", "solo-uid").build(),
                pod("b").ownedBy("v1", "ReplicationController", "legacy", "legacy-uid").build()));
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(5);
    }

    @Test
    void aCustomResourceCountsThroughItsScale() { // rule 15e
        FakeOwners owners = new FakeOwners().scale("Shard", "s1",
                new Owners.ScaleLookup.Found("s1-uid", 6));
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").minAvailable("50%").build(), owners, T0,
                pod("a").ownedBy("example.com/v1", "Shard", "s1", "s1-uid").build()));
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(6);
        assertThat(plan.status().path("desiredHealthy").asInt()).isEqualTo(3);
    }

    @Test
    void unmanagedPodsAreLeftOutWithAWarning() { // rule 16
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).build(), webSet(2), T0,
                statefulPod("web-0"), pod("bare").build()));
        assertThat(plan.status().path("expectedPods").asInt()).isEqualTo(2);
        assertThat(plan.events()).containsExactly(new BudgetPlan.Event(null, "Warning", "UnmanagedPods",
                "Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{"
                        + "app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a "
                        + "result, the status of the PDB cannot be calculated correctly, which may result in undefined "
                        + "behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an "
                        + "integer value."));
    }

    @Test
    void aMissingOrReplacedOwnerFailsTheSyncSafely() { // rules 17, 22
        JsonNode budget = budget("b").maxUnavailable(1).status(Json.object().put("observedGeneration", 1)
                .put("disruptionsAllowed", 2).put("currentHealthy", 3).put("desiredHealthy", 1).put("expectedPods", 3))
                .build();
        // the set was deleted and created again: same name, another uid
        FakeOwners replaced = new FakeOwners().with("statefulsets", (ObjectNode) workload("apps/v1", "StatefulSet", "web",
                3, null).set("metadata", Json.object().put("name", "web").put("namespace", "ns").put("uid", "new")));
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget, replaced, T0, statefulPod("web-0")));
        ObjectNode status = plan.status();
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("observedGeneration").asInt()).isEqualTo(1);
        assertThat(condition(status).path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(condition(status).path("status").asText()).isEqualTo("False");
        assertThat(condition(status).path("reason").asText()).isEqualTo("SyncFailed");
        assertThat(condition(status).path("message").asText()).isEqualTo("found no controllers for pod \"web-0\"");
        assertThat(plan.events()).containsExactly(new BudgetPlan.Event(null, "Warning",
                "CalculateExpectedPodCountFailed",
                "Failed to calculate the number of expected pods: found no controllers for pod \"web-0\""));
        // written once: the same failure again changes nothing
        BudgetPlan again = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).status(status).build(),
                replaced, T0.plusSeconds(5), statefulPod("web-0")));
        assertThat(again.status()).isNull();
    }

    @Test
    void anUnservedKindOrOneWithoutScaleFailsWithTheLookupError() { // rule 17
        FakeOwners owners = new FakeOwners()
                .scale("Job", "j", new Owners.ScaleLookup.Failed("jobs.batch does not implement the scale subresource"))
                .scale("Gone", "g", new Owners.ScaleLookup.Failed(
                        "no matches for kind \"Gone\" in version \"example.com/v1\""));
        BudgetPlan job = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).build(), owners, T0,
                pod("a").ownedBy("batch/v1", "Job", "j", "j-uid").build()));
        assertThat(condition(job.status()).path("message").asText())
                .isEqualTo("jobs.batch does not implement the scale subresource");
        BudgetPlan gone = DisruptionPlanner.plan(snapshot(budget("b").minAvailable("10%").build(), owners, T0,
                pod("a").ownedBy("example.com/v1", "Gone", "g", "g-uid").build()));
        assertThat(condition(gone.status()).path("message").asText())
                .isEqualTo("no matches for kind \"Gone\" in version \"example.com/v1\"");
    }

    // ---------------------------------------------------------------- disruptedPods (rule 20)

    @Test
    void aFreshDisruptedEntryKeepsItsPodOutOfTheHealthyCountUntilItExpires() { // rules 18, 20
        JsonNode budget = budget("b").minAvailable(1).disrupted("a", T0).disrupted("gone", T0).build();
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget, NO_OWNERS, T0.plusSeconds(30), pod("a").build(),
                pod("b").build()));
        assertThat(plan.status().path("disruptedPods").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("a");
        assertThat(plan.status().path("currentHealthy").asInt()).isEqualTo(1);
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isZero();
        assertThat(plan.recheckAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void anExpiredEntryIsDroppedWithANotDeletedEvent() { // rule 20
        JsonNode budget = budget("b").minAvailable(1).disrupted("a", T0).build();
        BudgetPlan atExpiry = DisruptionPlanner.plan(snapshot(budget, NO_OWNERS, T0.plus(Duration.ofMinutes(2)),
                pod("a").build(), pod("b").build()));
        assertThat(atExpiry.status().has("disruptedPods")).as("kept until its expiry is before now").isTrue();
        BudgetPlan after = DisruptionPlanner.plan(snapshot(budget, NO_OWNERS,
                T0.plus(Duration.ofMinutes(2)).plusMillis(1), pod("a").build(), pod("b").build()));
        assertThat(after.status().has("disruptedPods")).isFalse();
        assertThat(after.status().path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(after.status().path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(after.recheckAt()).isNull();
        assertThat(after.events()).containsExactly(new BudgetPlan.Event("a", "Warning", "NotDeleted",
                "Pod was expected by PDB ns/ns to be deleted but it wasn't"));
    }

    @Test
    void anEntryOfAPodBeingDeletedIsDropped() { // rule 20
        JsonNode budget = budget("b").minAvailable(1).disrupted("a", T0).build();
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget, NO_OWNERS, T0.plusSeconds(1),
                pod("a").deleting().build(), pod("b").build()));
        assertThat(plan.status().has("disruptedPods")).isFalse();
        assertThat(plan.events()).isEmpty();
    }

    // ---------------------------------------------------------------- the status written (rules 21–23)

    @Test
    void theStatusCarriesTheGenerationAndTheConditionAndIsWrittenOnlyOnChange() { // rule 21
        JsonNode budget = budget("b").minAvailable(1).generation(3).build();
        ObjectNode status = DisruptionPlanner.plan(snapshot(budget, NO_OWNERS, T0, pod("a").build(),
                pod("b").build())).status();
        assertThat(Json.string(status)).isEqualTo("{\"observedGeneration\":3,\"disruptionsAllowed\":1,"
                + "\"currentHealthy\":2,\"desiredHealthy\":1,\"expectedPods\":2,\"conditions\":[{\"type\":"
                + "\"DisruptionAllowed\",\"status\":\"True\",\"observedGeneration\":3,\"lastTransitionTime\":"
                + "\"2025-01-01T00:00:00Z\",\"reason\":\"SufficientPods\",\"message\":\"\"}]}");
        JsonNode written = budget("b").minAvailable(1).generation(3).status(status).build();
        assertThat(DisruptionPlanner.plan(snapshot(written, NO_OWNERS, T0.plusSeconds(9), pod("a").build(),
                pod("b").build())).status()).isNull();
        // one pod unready: the condition flips and its time moves
        ObjectNode flipped = DisruptionPlanner.plan(snapshot(written, NO_OWNERS, T0.plusSeconds(9), pod("a").build(),
                pod("b").unready().build())).status();
        assertThat(condition(flipped).path("status").asText()).isEqualTo("False");
        assertThat(condition(flipped).path("reason").asText()).isEqualTo("InsufficientPods");
        assertThat(condition(flipped).path("lastTransitionTime").asText()).isEqualTo("2025-01-01T00:00:09Z");
        // a new generation is observed even when the numbers stay
        JsonNode edited = budget("b").minAvailable(1).generation(4).status(status).build();
        assertThat(DisruptionPlanner.plan(snapshot(edited, NO_OWNERS, T0.plusSeconds(9), pod("a").build(),
                pod("b").build())).status().path("observedGeneration").asInt()).isEqualTo(4);
    }

    @Test
    void theConditionKeepsItsTimeWhileItsStatusHolds() { // rule 21
        ObjectNode first = DisruptionPlanner.plan(snapshot(budget("b").minAvailable(1).build(), NO_OWNERS, T0,
                pod("a").build(), pod("b").build(), pod("c").build())).status();
        ObjectNode second = DisruptionPlanner.plan(snapshot(budget("b").minAvailable(1).status(first).build(),
                NO_OWNERS, T0.plusSeconds(30), pod("a").build(), pod("b").build())).status();
        assertThat(second.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(condition(second).path("lastTransitionTime").asText()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void aBudgetWithoutPodsSaysSo() { // rules 19, 23
        BudgetPlan plan = DisruptionPlanner.plan(snapshot(budget("b").maxUnavailable(1).build(), NO_OWNERS, T0));
        assertThat(plan.events()).containsExactly(new BudgetPlan.Event(null, "Normal", "NoPods",
                "No matching pods found"));
        assertThat(plan.status().path("expectedPods").asInt()).isZero();
        assertThat(plan.status().path("disruptionsAllowed").asInt()).isZero();
    }

    // ---------------------------------------------------------------- stale DisruptionTarget (rule 25)

    @Test
    void aStaleDisruptionTargetIsResetTwoMinutesAfterItWasSet() { // rule 25
        assertThat(DisruptionPlanner.staleDisruptionAt(pod("a").disruptionTarget("EvictionByEvictionAPI", T0).build()))
                .isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(DisruptionPlanner.staleDisruptionAt(pod("a").disruptionTarget("TerminationByKubelet", T0).build()))
                .isNull();
        assertThat(DisruptionPlanner.staleDisruptionAt(pod("a").disruptionTarget("EvictionByEvictionAPI", T0)
                .deleting().build())).isNull();
        assertThat(DisruptionPlanner.staleDisruptionAt(pod("a").disruptionTarget("EvictionByEvictionAPI", T0)
                .phase("Failed").build())).isNull();
        assertThat(DisruptionPlanner.staleDisruptionAt(pod("a").build())).isNull();
    }

    @Test
    void selectorsPrintAsTheGeneratedStringer() {
        ObjectNode selector = Json.object();
        selector.putObject("matchLabels").put("tier", "db").put("app", "web");
        selector.putArray("matchExpressions").addObject().put("key", "zone").put("operator", "In")
                .set("values", Json.array(List.of("a", "b")));
        assertThat(DisruptionPlanner.goSelector(selector)).isEqualTo("&LabelSelector{MatchLabels:map[string]string{"
                + "app: web,tier: db,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:zone,"
                + "Operator:In,Values:[a b],},},}");
        assertThat(DisruptionPlanner.goSelector(Json.NODES.missingNode())).isEqualTo("nil");
    }
}
