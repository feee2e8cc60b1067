package io.kubepark.junit.scenarios;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;

/** Fails on purpose after the control plane did something; run by TimelineTest. */
@KubeParkTest(nodes = 1, virtualClock = true)
public class FailingScenario {
    @org.junit.jupiter.api.Test
    void createsAStatefulSetThenFails(KubernetesClient client, KubePark park) {
        client.services().resource(Fixtures.headless("web")).create();
        client.apps().statefulSets().resource(Fixtures.statefulSet("web", 2)).create();
        park.awaitIdle();
        fail("on purpose, to see the timeline");
    }
}
