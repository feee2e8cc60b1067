package io.kubepark.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    }

    @Test
    void rejectsWhatGoRejectsAndNegativeDurations() {
        for (String bad : new String[] {"", "5", "s", "-5s", "5x", "1m 30s", "never", "5s5", ".s"}) {
            assertThat(GoDuration.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void formatsBackOffsAsTheKubeletPrintsThem() {
        assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoDuration.format(Duration.ofSeconds(80))).isEqualTo("1m20s");
        assertThat(GoDuration.format(Duration.ofSeconds(300))).isEqualTo("5m0s");
    }
}
