package io.kubepark.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SelectorPropertiesTest {

    private static final List<String> KEYS = List.of("a", "b", "app", "in", "notin", "example.com/tier", "x.y_z-1");
    private static final List<String> VALUES = List.of("", "1", "2", "10", "v", "in", "notin", "A.b_c-9");

    @Provide
    Arbitrary<String> requirementText() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> value = Arbitraries.of(VALUES);
        Arbitrary<String> number = Arbitraries.integers().between(0, 99).map(String::valueOf);
        Arbitrary<String> blank = Arbitraries.of("", " ", "\t", "  ");
        Arbitrary<String> unary = Combinators.combine(Arbitraries.of("", "!"), blank, key)
                .as((bang, space, k) -> bang + space + k);
        Arbitrary<String> exact = Combinators.combine(key, blank, Arbitraries.of("=", "==", "!="), blank, value)
                .as((k, s1, op, s2, v) -> k + s1 + op + s2 + v);
        Arbitrary<String> compare = Combinators.combine(key, blank, Arbitraries.of(">", "<"), blank, number)
                .as((k, s1, op, s2, v) -> k + s1 + op + s2 + v);
        Arbitrary<String> set = Combinators.combine(key, Arbitraries.of(" in ", " notin ", "\tin("),
                        value.list().ofMinSize(1).ofMaxSize(4))
                .as((k, op, vs) -> k + op + (op.endsWith("(") ? "" : "(") + String.join(",", vs) + ")");
        return Arbitraries.oneOf(unary, exact, compare, set);
    }

    @Provide
    Arbitrary<String> selectorText() {
        return requirementText().list().ofMaxSize(5).map(parts -> String.join(" , ", parts));
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(5);
    }

    @Property
    void canonicalFormParsesToTheSameSelector(@ForAll("selectorText") String text,
            @ForAll("labels") Map<String, String> labels) throws SelectorException {
        LabelSelector parsed = LabelSelector.parse(text);
        LabelSelector reparsed = LabelSelector.parse(parsed.toString());

        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.toString()).isEqualTo(parsed.toString());
        assertThat(reparsed.matches(labels)).isEqualTo(parsed.matches(labels));
    }

    @Property
    void requirementsComeOutSortedByKeyWhateverTheInputOrder(@ForAll("selectorText") String text)
            throws SelectorException {
        LabelSelector parsed = LabelSelector.parse(text);
        List<String> parts = new ArrayList<>();
        parsed.requirements().forEach(r -> parts.add(r.toString()));
        Collections.reverse(parts);
        LabelSelector reversed = LabelSelector.parse(String.join(",", parts));

        assertThat(reversed.requirements()).containsExactlyInAnyOrderElementsOf(parsed.requirements());
        assertThat(reversed.requirements()).extracting(Requirement::key).isSorted();
    }

    @Property
    void requiredValuesNeverExcludeAMatchingObject(@ForAll("selectorText") String text,
            @ForAll("labels") Map<String, String> labels) throws SelectorException {
        LabelSelector selector = LabelSelector.parse(text);
        if (selector.matches(labels)) {
            selector.requiredValues().forEach((key, allowed) -> assertThat(allowed).contains(labels.get(key)));
        }
    }

    @Property(tries = 2000)
    void arbitraryInputEitherParsesAndRoundTripsOrFailsCleanly(
            @ForAll("noise") String text) {
        try {
            LabelSelector parsed = LabelSelector.parse(text);
            assertThat(LabelSelector.parse(parsed.toString())).isEqualTo(parsed);
        } catch (SelectorException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("ab1=!(),<> \tin-./_\0").ofMaxLength(20);
    }

    @Property
    void fieldSelectorValuesSurviveEscaping(@ForAll("fieldTerms") List<FieldTerm> terms) throws SelectorException {
        List<String> parts = new ArrayList<>();
        terms.forEach(t -> parts.add(t.field() + (t.negated() ? "!=" : "==") + FieldSelector.escapeValue(t.value())));
        FieldSelector parsed = FieldSelector.parse(String.join(",", parts));

        assertThat(parsed.terms()).containsExactlyInAnyOrderElementsOf(terms);
        assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Provide
    Arbitrary<List<FieldTerm>> fieldTerms() {
        Arbitrary<String> field = Arbitraries.strings().withChars("abc.Z").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> value = Arbitraries.strings().withChars("xy\\,=! é").ofMaxLength(6);
        return Combinators.combine(field, Arbitraries.of(true, false), value).as(FieldTerm::new)
                .list().ofMaxSize(4);
    }
}
