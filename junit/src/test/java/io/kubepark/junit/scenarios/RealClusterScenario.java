package io.kubepark.junit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Tests as a user writes them, run against the cluster of a given kubeconfig by RealClusterModeTest. */
@KubeParkTest
public class RealClusterScenario {
    public static final Set<String> URLS = ConcurrentHashMap.newKeySet();

    @Test
    void clientsWorkInTheTestsOwnNamespace(KubernetesClient client, KubePark park) {
        URLS.add(park.url());
        assertThat(park.emulated()).isFalse();
        assertThat(client.namespaces().withName(park.namespace()).get()).isNotNull();
        client.configMaps().resource(Fixtures.configMap("settings", "color", "blue")).create();
        assertThat(client.configMaps().inNamespace(park.namespace()).withName("settings").get()).isNotNull();
    }

    @Test
    void theVirtualClockIsSkipped(KubePark park) {
        park.advance(Duration.ofMinutes(5));
    }

    @Test
    void awaitIdleIsSkipped(KubePark park) {
        park.awaitIdle();
    }

    @Test
    void faultsAreSkipped(KubePark park) {
        park.faults().failRequests("get", "pods", 500, 1);
    }

    @Test
    void theTimelineIsSkipped(KubePark park) {
        park.timeline();
    }

    @Test
    void clusterDnsLookupsAreSkipped(KubePark park) {
        park.resolve("kubernetes.default.svc.cluster.local", "A");
    }
}
