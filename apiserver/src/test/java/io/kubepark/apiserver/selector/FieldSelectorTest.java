package io.kubepark.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    static Stream<Arguments> validSelectors() {
        return Stream.of(
                Arguments.of("", List.of(), ""),
                Arguments.of("metadata.name=foo", List.of(new FieldTerm("metadata.name", false, "foo")),
                        "metadata.name=foo"),
                Arguments.of("spec.nodeName==node-1", List.of(new FieldTerm("spec.nodeName", false, "node-1")),
                        "spec.nodeName=node-1"),
                Arguments.of("status.phase!=Running,metadata.namespace=default",
                        List.of(new FieldTerm("metadata.namespace", false, "default"),
                                new FieldTerm("status.phase", true, "Running")),
                        "metadata.namespace=default,status.phase!=Running"),
                Arguments.of("a=b\\,c", List.of(new FieldTerm("a", false, "b,c")), "a=b\\,c"),
                Arguments.of("a=b\\=c", List.of(new FieldTerm("a", false, "b=c")), "a=b\\=c"),
                Arguments.of("a=b\\\\c", List.of(new FieldTerm("a", false, "b\\c")), "a=b\\\\c"),
                Arguments.of("a=", List.of(new FieldTerm("a", false, "")), "a="),
                Arguments.of("a!=", List.of(new FieldTerm("a", true, "")), "a!="),
                Arguments.of("=", List.of(), ""),
                Arguments.of("=,!=,==", List.of(), ""),
                Arguments.of("=x", List.of(new FieldTerm("", false, "x")), "=x"),
                Arguments.of("a=b,,c=d", List.of(new FieldTerm("a", false, "b"), new FieldTerm("c", false, "d")),
                        "a=b,c=d"),
                Arguments.of(",a=b,", List.of(new FieldTerm("a", false, "b")), "a=b"),
                Arguments.of(" a = b ", List.of(new FieldTerm(" a ", false, " b ")), " a = b "),
                Arguments.of("a=b c", List.of(new FieldTerm("a", false, "b c")), "a=b c"),
                Arguments.of("a=ü", List.of(new FieldTerm("a", false, "ü")), "a=ü"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("validSelectors")
    void parses(String selector, List<FieldTerm> terms, String printed) throws SelectorException {
        FieldSelector parsed = FieldSelector.parse(selector);

        assertThat(parsed.terms()).containsExactlyElementsOf(terms);
        assertThat(parsed.toString()).isEqualTo(printed);
        assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
        assertThat(parsed.matchesEverything()).isEqualTo(terms.isEmpty());
    }

    static Stream<Arguments> invalidSelectors() {
        return Stream.of(
                Arguments.of("foo", "invalid selector: 'foo'; can't understand 'foo'"),
                Arguments.of("b=1,zzz", "invalid selector: 'b=1,zzz'; can't understand 'zzz'"),
                Arguments.of("zzz,yyy", "invalid selector: 'zzz,yyy'; can't understand 'yyy'"),
                Arguments.of("a==b=c", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a!==b", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
                Arguments.of("a=b\\", "invalid field selector: invalid escape sequence: \\"),
                Arguments.of("a=b\\😀", "invalid field selector: invalid escape sequence: \\😀"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("invalidSelectors")
    void rejectsWithKubernetesMessage(String selector, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void escapedCommaDoesNotSplitTerms() throws SelectorException {
        assertThat(FieldSelector.parse("a=x\\,y").terms()).containsExactly(new FieldTerm("a", false, "x,y"));
        assertThatThrownBy(() -> FieldSelector.parse("a=x\\,y=z"))
                .hasMessage("invalid field selector: unescaped character in value: 61");
    }

    static Stream<Arguments> matchTable() {
        Map<String, String> pod = Map.of("metadata.name", "web", "status.phase", "Running", "spec.nodeName", "n1");
        return Stream.of(
                Arguments.of("metadata.name=web", pod, true),
                Arguments.of("metadata.name==web", pod, true),
                Arguments.of("metadata.name=db", pod, false),
                Arguments.of("metadata.name!=db", pod, true),
                Arguments.of("status.phase!=Running", pod, false),
                Arguments.of("spec.nodeName=n1,status.phase=Running", pod, true),
                Arguments.of("spec.nodeName=n1,status.phase=Pending", pod, false),
                Arguments.of("spec.schedulerName=", pod, true),
                Arguments.of("spec.schedulerName!=", pod, false),
                Arguments.of("", pod, true));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {2}")
    @MethodSource("matchTable")
    void matches(String selector, Map<String, String> fields, boolean expected) throws SelectorException {
        assertThat(FieldSelector.parse(selector).matches(fields::get)).isEqualTo(expected);
    }

    @Test
    void exposesFieldsAndRequiredValues() throws SelectorException {
        FieldSelector selector = FieldSelector.parse(
                "spec.nodeName=n1,metadata.namespace=default,status.phase!=Running,spec.nodeName=n2");

        assertThat(selector.fields()).containsExactly("metadata.namespace", "spec.nodeName", "status.phase");
        assertThat(selector.requiredValues()).containsExactly(
                Map.entry("metadata.namespace", "default"), Map.entry("spec.nodeName", "n1"));
        assertThat(selector.matches(field -> field.equals("spec.nodeName") ? "n1" : "default")).isFalse();
    }

    @Test
    void escapeValueEscapesTheSpecialCharacters() {
        assertThat(FieldSelector.escapeValue("a\\b,c=d")).isEqualTo("a\\\\b\\,c\\=d");
        assertThat(FieldSelector.escapeValue("plain")).isEqualTo("plain");
    }
}
