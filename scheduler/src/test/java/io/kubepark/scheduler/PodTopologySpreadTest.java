package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodTopologySpreadTest {

    private static final String ZONE_SPREAD = "{'maxSkew':1,'topologyKey':'topology.kubernetes.io/zone',"
            + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{'matchLabels':{'app':'web'}}}";

    private final Framework framework = Framework.defaults();

    private Fixtures.FakeCluster twoZones() {
        return cluster(node("a1").zone("a").build(), node("a2").zone("a").build(), node("b1").zone("b").build());
    }

    @Test
    void doNotScheduleConstraintRejectsTheCrowdedZone() {
        var view = twoZones()
                .running(pod("w1").label("app", "web").build(), "a1")
                .running(pod("w2").label("app", "web").build(), "b1")
                .running(pod("w3").label("app", "web").build(), "a2");

        var result = framework.schedule(pod("w4").label("app", "web").spread(ZONE_SPREAD).build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("b1", java.util.List.of()));
    }

    @Test
    void skewBeyondMaxIsReportedPerNodeWhenDomainsOutsideTheNodeSelectorCount() {
        var view = twoZones()
                .running(pod("w1").label("app", "web").build(), "a1")
                .running(pod("w2").label("app", "web").build(), "a2");
        String ignoringAffinity = ZONE_SPREAD.replace("'maxSkew':1,", "'maxSkew':1,'nodeAffinityPolicy':'Ignore',");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("w3").label("app", "web")
                .spread(ignoringAffinity).nodeSelector("topology.kubernetes.io/zone", "a").build(), view);

        assertThat(result.nodeReasons().get("a1").reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints");
    }

    @Test
    void domainsOutsideTheNodeSelectorAreNotCountedByDefault() {
        var view = twoZones()
                .running(pod("w1").label("app", "web").build(), "a1")
                .running(pod("w2").label("app", "web").build(), "a2");

        var result = framework.schedule(pod("w3").label("app", "web").spread(ZONE_SPREAD)
                .nodeSelector("topology.kubernetes.io/zone", "a").build(), view);

        assertThat(result).isInstanceOf(ScheduleResult.Scheduled.class);
    }

    @Test
    void nodeWithoutTheTopologyKeyLacksTheRequiredLabel() {
        var view = cluster(node("bare").build(), node("a1").zone("a").build())
                .running(pod("w1").label("app", "web").build(), "a1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("w2").label("app", "web").spread(ZONE_SPREAD).nodeName("bare").build(), view);

        assertThat(result.nodeReasons().get("bare").reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
    }

    @Test
    void minDomainsCountsMissingDomainsAsEmpty() {
        var view = cluster(node("a1").zone("a").build()).running(pod("w1").label("app", "web").build(), "a1");
        String spread = ZONE_SPREAD.replace("'maxSkew':1,", "'maxSkew':1,'minDomains':2,");

        assertThat(framework.schedule(pod("w2").label("app", "web").spread(spread).build(), view))
                .isInstanceOf(ScheduleResult.Unschedulable.class);
        assertThat(framework.schedule(pod("w2").label("app", "web").spread(ZONE_SPREAD).build(), view))
                .isInstanceOf(ScheduleResult.Scheduled.class);
    }

    @Test
    void matchLabelKeysSpreadsEachRevisionOnItsOwn() {
        var view = twoZones()
                .running(pod("old1").label("app", "web").label("rev", "1").build(), "b1");
        String spread = ZONE_SPREAD.replace("'maxSkew':1,", "'maxSkew':1,'matchLabelKeys':['rev'],");

        // Without matchLabelKeys the old pod in zone b would push the new one to zone a; with it, it is ignored.
        var result = framework.schedule(pod("new1").label("app", "web").label("rev", "2").spread(spread)
                .nodeSelector("topology.kubernetes.io/zone", "b").build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("b1", java.util.List.of()));
    }

    @Test
    void scheduleAnywayConstraintScoresTheEmptierZone() {
        var view = twoZones()
                .running(pod("w1").label("app", "web").build(), "b1");
        String spread = ZONE_SPREAD.replace("DoNotSchedule", "ScheduleAnyway");

        var result = framework.schedule(pod("w2").label("app", "web").spread(spread).build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("a1", java.util.List.of()));
    }

    @Test
    void replicaSetPodsSpreadOverHostsByDefault() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("r1").label("app", "db").ownedBy("ReplicaSet", "db-1").build(), "n1");

        var result = framework.schedule(pod("r2").label("app", "db").ownedBy("ReplicaSet", "db-1").build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n2", java.util.List.of()));
    }
}
