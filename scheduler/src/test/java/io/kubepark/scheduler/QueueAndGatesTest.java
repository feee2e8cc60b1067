package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueAndGatesTest {

    private final Framework framework = Framework.defaults();

    @Test
    void gatedPodIsReportedGatedUntilItsGatesAreRemoved() {
        assertThat(framework.gated(pod("p").gate("example.com/wait").build())).isTrue();
        assertThat(framework.gated(pod("p").build())).isFalse();
    }

    @Test
    void queueTakesHigherPriorityFirstThenEarlierArrival() {
        var late = new QueuedPod(pod("late").priority(10).build(), 3);
        var early = new QueuedPod(pod("early").priority(10).build(), 1);
        var urgent = new QueuedPod(pod("urgent").priority(1000).build(), 7);
        var unset = new QueuedPod(pod("unset").build(), 0);
        List<QueuedPod> queue = new ArrayList<>(List.of(late, unset, early, urgent));

        queue.sort(framework.queueOrder());

        assertThat(queue).containsExactly(urgent, early, late, unset);
        assertThat(framework.queueOrder().name()).isEqualTo("PrioritySort");
    }
}
