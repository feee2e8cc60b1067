package io.kubepark.apiserver.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "100m, 100",
        "0.5, 500",
        "1, 1000",
        "2, 2000",
        "1e3, 1000000",
        "1k, 1000000",
        "250u, 1",
        "1.5m, 2",
        "+3, 3000",
    })
    void cpuQuantitiesReadAsMillicores(String text, long milli) {
        assertThat(Quantity.parse(text).milliValue()).isEqualTo(milli);
    }

    @ParameterizedTest
    @CsvSource({
        "2Gi, 2147483648",
        "500Mi, 524288000",
        "128974848, 128974848",
        "129M, 129000000",
        "123Mi, 128974848",
        "1Ki, 1024",
        "1E, 1000000000000000000",
        "1.5E2, 150",
        "0.5, 1",
        "100m, 1",
        "12e-1, 2",
    })
    void byteQuantitiesRoundUpToWholeUnits(String text, long value) {
        assertThat(Quantity.parse(text).value()).isEqualTo(value);
    }

    @Test
    void equalAmountsCompareEqualWhateverTheirSpelling() {
        assertThat(Quantity.parse("1000m")).isEqualTo(Quantity.parse("1")).isEqualTo(Quantity.parse("1e0"));
        assertThat(Quantity.parse("1000m").hashCode()).isEqualTo(Quantity.parse("1").hashCode());
        assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1G"));
        assertThat(Quantity.parse("500Mi").plus(Quantity.parse("524Mi"))).isEqualTo(Quantity.parse("1Gi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1Qi", "1.2.3", "--1", "1 Gi", "Gi", ".", "1e", "1ee3", "1KI", "1K"})
    void invalidTextIsRejected(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
