package io.kubepark.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class DurationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT-3S, <invalid>",
            "PT-2S, <invalid>",
            "PT-1.5S, 0s",
            "PT-1S, 0s",
            "PT-0.5S, 0s",
            "PT0S, 0s",
            "PT0.9S, 0s",
            "PT5S, 5s",
            "PT59S, 59s",
            "PT60S, 60s",
            "PT119.9S, 119s",
            "PT2M, 2m",
            "PT2M1S, 2m1s",
            "PT3M12S, 3m12s",
            "PT9M59S, 9m59s",
            "PT10M, 10m",
            "PT10M59S, 10m",
            "PT179M59S, 179m",
            "PT3H, 3h",
            "PT3H1M, 3h1m",
            "PT7H59M59S, 7h59m",
            "PT8H, 8h",
            "PT47H59M, 47h",
            "PT48H, 2d",
            "PT49H, 2d1h",
            "PT191H59M, 7d23h",
            "PT192H, 8d",
            "P100D, 100d",
            "P729DT23H, 729d",
            "P730D, 2y",
            "P731D, 2y1d",
            "P1095D, 3y",
            "P2919DT23H, 7y364d",
            "P2920D, 8y",
            "P3650D, 10y",
            "P365000D, 292y",
    })
    void humanDurationMatchesApimachinery(String iso, String expected) {
        assertThat(Durations.human(Duration.parse(iso))).isEqualTo(expected);
    }
}
