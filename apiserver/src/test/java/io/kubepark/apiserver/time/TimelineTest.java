package io.kubepark.apiserver.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private final Timeline timeline = Timeline.virtual(START);
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        timeline.close();
    }

    @Test
    void aVirtualClockStandsStillUntilAdvanced() {
        timeline.schedule(Duration.ofSeconds(1), () -> fired.add("1s"));
        timeline.awaitIdle();
        assertThat(timeline.now()).isEqualTo(START);
        assertThat(fired).isEmpty();
        timeline.advance(Duration.ofMillis(999));
        assertThat(fired).isEmpty();
        timeline.advance(Duration.ofMillis(1));
        assertThat(fired).containsExactly("1s");
        assertThat(timeline.clock().instant()).isEqualTo(START.plusSeconds(1));
    }

    @Test
    void timersFireInDueOrderEachAtItsOwnTime() {
        AtomicReference<Instant> seenByLate = new AtomicReference<>();
        timeline.schedule(Duration.ofSeconds(300), () -> {
            seenByLate.set(timeline.now());
            fired.add("300s");
        });
        timeline.schedule(Duration.ofSeconds(10), () -> fired.add("10s"));
        timeline.schedule(Duration.ofSeconds(10), () -> fired.add("10s again"));
        timeline.advance(Duration.ofMinutes(10));
        assertThat(fired).containsExactly("10s", "10s again", "300s");
        assertThat(seenByLate.get()).isEqualTo(START.plusSeconds(300));
        assertThat(timeline.now()).isEqualTo(START.plusSeconds(600));
    }

    @Test
    void workATimerCausesSettlesBeforeTheClockMovesOn() {
        // a heartbeat that schedules the next one: ten minutes hold sixty beats, each seen at its own time
        List<Instant> beats = new CopyOnWriteArrayList<>();
        Runnable[] beat = new Runnable[1];
        beat[0] = () -> {
            beats.add(timeline.now());
            timeline.schedule(Duration.ofSeconds(10), beat[0]);
        };
        timeline.execute(beat[0]);
        timeline.advance(Duration.ofMinutes(10));
        assertThat(beats).hasSize(61).first().isEqualTo(START);
        assertThat(beats.get(60)).isEqualTo(START.plusSeconds(600));
    }

    @Test
    void aCancelledTimerNeverFires() {
        Timeline.Timer timer = timeline.schedule(Duration.ofSeconds(5), () -> fired.add("cancelled"));
        timer.cancel();
        timeline.advance(Duration.ofSeconds(10));
        assertThat(fired).isEmpty();
    }

    @Test
    void awaitIdleWaitsForQueuedWorkAndWhatItQueues() {
        timeline.execute(() -> timeline.execute(() -> fired.add("second")));
        timeline.awaitIdle();
        assertThat(fired).containsExactly("second");
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        timeline.execute(() -> {
            throw new IllegalStateException("boom");
        });
        timeline.execute(() -> fired.add("after"));
        timeline.awaitIdle();
        assertThat(fired).containsExactly("after");
    }

    @Test
    void wallTimeCannotBeAdvancedAndTheControlPlaneThreadCannotWaitOnItself() {
        try (Timeline wall = Timeline.wall()) {
            assertThatThrownBy(() -> wall.advance(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("wall time");
        }
        AtomicReference<Throwable> error = new AtomicReference<>();
        timeline.execute(() -> {
            try {
                timeline.awaitIdle();
            } catch (IllegalStateException e) {
                error.set(e);
            }
        });
        timeline.awaitIdle();
        assertThat(error.get()).hasMessageContaining("own thread");
        assertThatThrownBy(() -> timeline.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
