package io.kubepark.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.apiserver.Json;
import org.junit.jupiter.api.Test;

class GoJsonTest {

    @Test
    void keysAreSortedAtEveryLevelAndNothingIsIndented() throws Exception {
        assertThat(GoJson.string(Json.MAPPER.readTree("{\"b\":{\"z\":1,\"a\":[{\"y\":null,\"$x\":true}]},\"a\":\"\"}")))
                .isEqualTo("{\"a\":\"\",\"b\":{\"a\":[{\"$x\":true,\"y\":null}],\"z\":1}}");
    }

    @Test
    void htmlCharactersAndControlCharactersAreEscapedAsGoDoes() throws Exception {
        assertThat(GoJson.string(Json.NODES.textNode("<a&b>\"\\\n\t\u0001\b\f\u2028é")))
                .isEqualTo("\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\t\\u0001\\b\\f\\u2028é\"");
    }

    @Test
    void numbersAreWrittenAsGoWritesAFloat64() {
        assertThat(GoJson.number(30)).isEqualTo("30");
        assertThat(GoJson.number(0.5)).isEqualTo("0.5");
        assertThat(GoJson.number(1e20)).isEqualTo("100000000000000000000");
        assertThat(GoJson.number(1e21)).isEqualTo("1e+21");
        assertThat(GoJson.number(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(GoJson.number(9007199254740993L)).isEqualTo("9007199254740992");
    }
}
