package io.kubepark.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubeParkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests that may run at the same time on one cluster: each has its own namespace, so the same names never clash.
 * They run in parallel when {@code junit.jupiter.execution.parallel.enabled=true} is set (for example in
 * {@code src/test/resources/junit-platform.properties}). (docs/junit.md, "A parallel suite")
 */
@KubeParkTest
@Execution(ExecutionMode.CONCURRENT)
class ParallelSuiteExampleTest {
    @Test
    void one(KubernetesClient client) {
        client.configMaps().resource(Fixtures.configMap("settings", "color", "blue")).create();
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("color", "blue");
    }

    @Test
    void two(KubernetesClient client) {
        client.configMaps().resource(Fixtures.configMap("settings", "color", "green")).create();
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("color", "green");
    }
}
