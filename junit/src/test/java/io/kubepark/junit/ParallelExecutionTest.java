package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kubepark.junit.scenarios.ParallelScenario;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Under JUnit's parallel execution: two classes, two clusters, four tests each at once, one namespace each. */
class ParallelExecutionTest {
    @Test
    void concurrentTestsAndClassesEachGetTheirOwnNamespaceAndCluster() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ParallelScenario.First.class), selectClass(ParallelScenario.Second.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(8).succeeded(8).failed(0));
        var first = ParallelScenario.First.class;
        var second = ParallelScenario.Second.class;
        assertThat(ParallelScenario.NAMESPACES.get(first)).hasSize(ParallelScenario.TESTS);
        assertThat(ParallelScenario.NAMESPACES.get(second)).hasSize(ParallelScenario.TESTS)
                .doesNotContainAnyElementsOf(ParallelScenario.NAMESPACES.get(first));
        assertThat(ParallelScenario.URLS.get(first)).hasSize(1);
        assertThat(ParallelScenario.URLS.get(second)).hasSize(1)
                .doesNotContainAnyElementsOf(ParallelScenario.URLS.get(first));
    }
}
