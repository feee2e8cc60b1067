package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance registration: every test starts its own cluster. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestLifecycleTest {
    @RegisterExtension
    final KubeParkExtension kube = KubeParkExtension.builder().nodes(1).virtualClock().build();

    private static final List<String> URLS = new ArrayList<>();

    @Test
    @Order(1)
    void aTestGetsItsOwnCluster(KubePark park, KubernetesClient client) {
        URLS.add(park.url());
        client.configMaps().resource(Fixtures.configMap("left-behind", "k", "v")).create();
        park.advance(java.time.Duration.ofHours(1));
        assertThat(park.now()).isAfter(java.time.Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    @Order(2)
    void theNextTestGetsAnotherOne(KubePark park, KubernetesClient client) {
        URLS.add(park.url());
        assertThat(URLS).hasSize(2).doesNotHaveDuplicates();
        assertThat(client.configMaps().inAnyNamespace().withField("metadata.name", "left-behind").list()
                .getItems()).isEmpty();
    }
}
