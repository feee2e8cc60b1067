package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code lifecycle = PER_TEST} on the annotation: a cluster per test, with the annotation's options. */
@KubeParkTest(nodes = 2, nodeCpu = "8", lifecycle = Lifecycle.PER_TEST)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnotatedPerTestLifecycleTest {
    private static final List<String> URLS = new ArrayList<>();

    @Test
    @Order(1)
    void first(KubePark park, io.fabric8.kubernetes.client.KubernetesClient client) {
        URLS.add(park.url());
        assertThat(client.nodes().list().getItems()).hasSize(2)
                .allSatisfy(n -> assertThat(n.getStatus().getAllocatable().get("cpu").toString()).isEqualTo("8"));
    }

    @Test
    @Order(2)
    void second(KubePark park) {
        URLS.add(park.url());
        assertThat(URLS).hasSize(2).doesNotHaveDuplicates();
    }
}
