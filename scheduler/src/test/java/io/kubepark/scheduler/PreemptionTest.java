package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreemptionTest {

    private final Framework framework = Framework.defaults();

    private static List<String> names(List<JsonNode> pods) {
        return pods.stream().map(p -> p.path("metadata").path("name").asText()).toList();
    }

    @Test
    void lowerPriorityPodIsPreemptedAndTheNodeNominated() {
        var view = cluster(node("n1").cpu("2").build())
                .running(pod("low").cpu("1500m").priority(10).build(), "n1")
                .running(pod("peer").cpu("500m").priority(100).build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("high").cpu("1").priority(100).build(), view);

        assertThat(result.nominatedNode()).isEqualTo("n1");
        assertThat(names(result.victims())).containsExactly("low");
        assertThat(result.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void nodeWithTheLowerPriorityVictimIsChosen() {
        var view = cluster(node("n1").cpu("1").build(), node("n2").cpu("1").build())
                .running(pod("mid").cpu("1").priority(50).build(), "n1")
                .running(pod("low").cpu("1").priority(5).build(), "n2");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("high").cpu("1").priority(100).build(), view);

        assertThat(result.nominatedNode()).isEqualTo("n2");
        assertThat(names(result.victims())).containsExactly("low");
    }

    @Test
    void onlyAsManyVictimsAsNeededAreTaken() {
        var view = cluster(node("n1").cpu("2").build())
                .running(pod("a").cpu("1").priority(1).build(), "n1")
                .running(pod("b").cpu("1").priority(2).build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("high").cpu("1").priority(100).build(), view);

        // The more important pod is put back first and stays.
        assertThat(names(result.victims())).containsExactly("a");
    }

    @Test
    void podsOfEqualOrHigherPriorityAreNeverVictims() {
        var view = cluster(node("n1").cpu("1").build())
                .running(pod("same").cpu("1").priority(100).build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").cpu("1").priority(100).build(), view);

        assertThat(result.nominatedNode()).isNull();
        assertThat(result.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: "
                + "0/1 nodes are available: 1 No preemption victims found for incoming pod..");
    }

    @Test
    void nodeThatStillDoesNotFitReportsWhyInThePreemptionMessage() {
        var view = cluster(node("n1").cpu("1").build())
                .running(pod("low").cpu("500m").build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").cpu("2").priority(100).build(), view);

        assertThat(result.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: "
                + "0/1 nodes are available: 1 Insufficient cpu..");
    }

    @Test
    void podThatNeverPreemptsEvictsNobody() {
        var view = cluster(node("n1").cpu("1").build()).running(pod("low").cpu("1").build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("p").cpu("1").priority(100).preemptionPolicy("Never").build(), view);

        assertThat(result.victims()).isEmpty();
        assertThat(result.nominatedNode()).isNull();
    }

    @Test
    void evictingAPodThatBlocksAPortHelps() {
        var view = cluster(node("n1").build()).running(pod("low").hostPort(80).build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").hostPort(80).priority(1).build(), view);

        assertThat(result.nominatedNode()).isEqualTo("n1");
        assertThat(names(result.victims())).containsExactly("low");
    }

    private static String budget(String app, int allowed, String disrupted) {
        return "{'metadata':{'name':'" + app + "','namespace':'default'},'spec':{'selector':{'matchLabels':{'app':'"
                + app + "'}}},'status':{'disruptionsAllowed':" + allowed + ",'disruptedPods':{" + disrupted + "}}}";
    }

    /** n1 runs db-0 (priority 5), n2 runs batch (priority 50), one CPU each; "high" needs a whole node. */
    private ScheduleResult.Unschedulable highOnTwoNodes(String... budgets) {
        var view = cluster(node("n1").cpu("1").build(), node("n2").cpu("1").build())
                .running(pod("db-0").cpu("1").priority(5).label("app", "db").build(), "n1")
                .running(pod("batch").cpu("1").priority(50).label("app", "batch").build(), "n2");
        for (String budget : budgets) {
            view.budget(budget);
        }
        return (ScheduleResult.Unschedulable) framework.schedule(pod("high").cpu("1").priority(100).build(), view);
    }

    @Test
    void theNodeWhoseVictimsBreakNoBudgetWinsOverLowerPriorities() {
        var result = highOnTwoNodes(budget("db", 0, ""));
        assertThat(result.nominatedNode()).isEqualTo("n2");
        assertThat(names(result.victims())).containsExactly("batch");
    }

    @Test
    void aBudgetThatStillAllowsTheDisruptionDoesNotSteer() {
        var result = highOnTwoNodes(budget("db", 1, ""));
        assertThat(result.nominatedNode()).isEqualTo("n1");
        assertThat(names(result.victims())).containsExactly("db-0");
    }

    @Test
    void onANodeTheVictimsABudgetProtectsArePutBackFirst() {
        var view = cluster(node("n1").cpu("2").build())
                .running(pod("db-0").cpu("1").priority(1).label("app", "db").build(), "n1")
                .running(pod("web").cpu("1").priority(2).label("app", "web").build(), "n1")
                .budget(budget("db", 0, ""));

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("high").cpu("1").priority(100).build(), view);

        // without the budget web, the more important, would stay (onlyAsManyVictimsAsNeededAreTaken)
        assertThat(names(result.victims())).containsExactly("web");
    }

    @Test
    void eachVictimSpendsTheBudgetAndTheNodeBreakingFewerBudgetsWins() {
        // n1: both db pods must go and the budget allows one disruption, so one victim breaks it
        var view = cluster(node("n1").cpu("2").build(), node("n2").cpu("2").build())
                .running(pod("db-0").cpu("1").priority(1).label("app", "db").build(), "n1")
                .running(pod("db-1").cpu("1").priority(1).label("app", "db").build(), "n1")
                .running(pod("cache-0").cpu("1").priority(40).label("app", "cache").build(), "n2")
                .running(pod("cache-1").cpu("1").priority(40).label("app", "cache").build(), "n2")
                .budget(budget("db", 1, ""));

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("big").cpu("2").priority(100).build(), view);

        assertThat(result.nominatedNode()).isEqualTo("n2");
        assertThat(names(result.victims())).containsExactlyInAnyOrder("cache-0", "cache-1");
    }

    @Test
    void disruptedPodsAndEmptySelectorsDoNotCountAgainstABudget() {
        var result = highOnTwoNodes(budget("db", 0, "'db-0':'2026-01-01T00:00:00Z'"),
                "{'metadata':{'name':'all','namespace':'default'},'spec':{'selector':{}},"
                        + "'status':{'disruptionsAllowed':0}}");
        assertThat(result.nominatedNode()).isEqualTo("n1");
        assertThat(names(result.victims())).containsExactly("db-0");
    }
}
