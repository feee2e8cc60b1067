package io.kubepark.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorParseTest {

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                Arguments.of("", ""),
                Arguments.of("   ", ""),
                Arguments.of("x=a,y=b,z=c", "x=a,y=b,z=c"),
                Arguments.of(" z=c , x=a,y = b ", "x=a,y=b,z=c"),
                Arguments.of("x==a", "x==a"),
                Arguments.of("x!=a", "x!=a"),
                Arguments.of("x in (b,a)", "x in (a,b)"),
                Arguments.of("x notin (b,a,a)", "x notin (a,b)"),
                Arguments.of("x in(a)", "x in (a)"),
                Arguments.of("x\tin\t(\ta\t,\tb\t)", "x in (a,b)"),
                Arguments.of("x in ()", "x in ()"),
                Arguments.of("x in (,a)", "x in (,a)"),
                Arguments.of("x in (a,)", "x in (,a)"),
                Arguments.of("x in (a,,b)", "x in (,a,b)"),
                Arguments.of("x", "x"),
                Arguments.of("!x", "!x"),
                Arguments.of(" ! x ", "!x"),
                Arguments.of("x>1", "x>1"),
                Arguments.of("x < 10", "x<10"),
                Arguments.of("x=", "x="),
                Arguments.of("x==", "x=="),
                Arguments.of("x=,y", "x=,y"),
                Arguments.of("example.com/app=web", "example.com/app=web"),
                Arguments.of("x=a,x!=b", "x=a,x!=b"),
                Arguments.of("in in (in)", "in in (in)"),
                Arguments.of("notin notin (in,notin)", "notin notin (in,notin)"),
                Arguments.of("x=in", "x=in"),
                Arguments.of("!in", "!in"),
                Arguments.of("tier in (b,a),app=web,!canary,env", "app=web,!canary,env,tier in (a,b)"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" prints as \"{1}\"")
    @MethodSource("canonicalForms")
    void printsCanonicalForm(String selector, String expected) throws SelectorException {
        LabelSelector parsed = LabelSelector.parse(selector);

        assertThat(parsed.toString()).isEqualTo(expected);
        assertThat(LabelSelector.parse(parsed.toString())).isEqualTo(parsed);
    }

    static Stream<Arguments> matchTable() {
        return Stream.of(
                Arguments.of("x=a", Map.of("x", "a"), true),
                Arguments.of("x=a", Map.of("x", "b"), false),
                Arguments.of("x=a", Map.of(), false),
                Arguments.of("x==a", Map.of("x", "a"), true),
                Arguments.of("x!=a", Map.of(), true),
                Arguments.of("x!=a", Map.of("x", "a"), false),
                Arguments.of("x!=a", Map.of("x", "b"), true),
                Arguments.of("x in (a,b)", Map.of("x", "b"), true),
                Arguments.of("x in (a,b)", Map.of("x", "c"), false),
                Arguments.of("x in (a,b)", Map.of(), false),
                Arguments.of("x notin (a,b)", Map.of(), true),
                Arguments.of("x notin (a,b)", Map.of("x", "a"), false),
                Arguments.of("x notin (a,b)", Map.of("x", "c"), true),
                Arguments.of("x", Map.of("x", ""), true),
                Arguments.of("x", Map.of("y", "x"), false),
                Arguments.of("!x", Map.of(), true),
                Arguments.of("!x", Map.of("x", "a"), false),
                Arguments.of("x>1", Map.of("x", "2"), true),
                Arguments.of("x>1", Map.of("x", "1"), false),
                Arguments.of("x>1", Map.of("x", "abc"), false),
                Arguments.of("x>1", Map.of("x", "99999999999999999999"), false),
                Arguments.of("x>1", Map.of(), false),
                Arguments.of("x<1", Map.of("x", "-5"), true),
                Arguments.of("x<1", Map.of("x", "1"), false),
                Arguments.of("x<1", Map.of("x", "+0"), true),
                Arguments.of("x=", Map.of("x", ""), true),
                Arguments.of("x=", Map.of(), false),
                Arguments.of("x in ()", Map.of("x", ""), true),
                Arguments.of("", Map.of("any", "thing"), true),
                Arguments.of("", Map.of(), true),
                Arguments.of("a=1,b=2", Map.of("a", "1", "b", "2"), true),
                Arguments.of("a=1,b=2", Map.of("a", "1"), false),
                Arguments.of("a=1,a!=1", Map.of("a", "1"), false));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" on {1} -> {2}")
    @MethodSource("matchTable")
    void matches(String selector, Map<String, String> labels, boolean expected) throws SelectorException {
        assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidSelectors() {
        String longName = "a".repeat(64);
        return Stream.of(
                Arguments.of("app:monolith", "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": "
                        + Messages.KEY_NAME_PART),
                Arguments.of("a/b/c ?=? def", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": "
                        + Messages.KEY_TOO_MANY_SLASHES),
                Arguments.of("/a=b", "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"),
                Arguments.of("Example.com/a", "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part "
                        + Messages.SUBDOMAIN),
                Arguments.of("a/", "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be non-empty; "
                        + Messages.KEY_NAME_PART),
                Arguments.of(longName, "unable to parse requirement: <nil>: Invalid value: \"" + longName
                        + "\": name part must be no more than 63 characters"),
                Arguments.of("a\"b", "unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": " + Messages.KEY_NAME_PART),
                Arguments.of("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
                Arguments.of("a!", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
                Arguments.of("a=b c", "found 'c', expected: ',' or 'end of string'"),
                Arguments.of("a=b==c", "found '==', expected: ',' or 'end of string'"),
                Arguments.of("!a=b", "found '=', expected: ',' or 'end of string'"),
                Arguments.of("a,", "found '', expected: identifier after ','"),
                Arguments.of("a,,b", "found ',', expected: identifier after ','"),
                Arguments.of(",a", "found ',', expected: !, identifier, or 'end of string'"),
                Arguments.of("=a", "found '=', expected: !, identifier, or 'end of string'"),
                Arguments.of("(", "found '(', expected: !, identifier, or 'end of string'"),
                Arguments.of("a in b", "unable to parse requirement: found 'b' expected: '('"),
                Arguments.of("a in", "unable to parse requirement: found '' expected: '('"),
                Arguments.of("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
                Arguments.of("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
                Arguments.of("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                Arguments.of("a in (,=)", "unable to parse requirement: found '=', expected: ',', or identifier"),
                Arguments.of("a=(", "unable to parse requirement: found '(', expected: identifier"),
                Arguments.of("a>=1", "unable to parse requirement: found '=', expected: identifier"),
                Arguments.of("!", "unable to parse requirement: found '', expected: identifier"),
                Arguments.of("!!a", "unable to parse requirement: found '!', expected: identifier"),
                Arguments.of("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": "
                        + "for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("a<", "unable to parse requirement: values[0]: Invalid value: \"\": "
                        + "for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("a<-1", "unable to parse requirement: values[0][a]: Invalid value: \"-1\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a>b-", "unable to parse requirement: [values[0]: Invalid value: \"b-\": "
                        + "for 'Gt', 'Lt' operators, the value must be an integer, values[0][a]: Invalid value: \"b-\": "
                        + Messages.LABEL_VALUE + "]"),
                Arguments.of("a=-b", "unable to parse requirement: values[0][a]: Invalid value: \"-b\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a in (x,-y)", "unable to parse requirement: values[0][a]: Invalid value: \"-y\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a in (a,b-)", "unable to parse requirement: values[1][a]: Invalid value: \"b-\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a in (z,-y)", "unable to parse requirement: values[0][a]: Invalid value: \"-y\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a=" + "v".repeat(64), "unable to parse requirement: values[0][a]: Invalid value: \""
                        + "v".repeat(64) + "\": must be no more than 63 characters"),
                Arguments.of("a=é", "unable to parse requirement: values[0][a]: Invalid value: \"é\": "
                        + Messages.LABEL_VALUE),
                Arguments.of("a=\u00a0", "unable to parse requirement: values[0][a]: Invalid value: \"\\u00a0\": "
                        + Messages.LABEL_VALUE));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("invalidSelectors")
    void rejectsWithKubernetesMessage(String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void nullSelectsEverything() throws SelectorException {
        assertThat(LabelSelector.parse(null).matchesEverything()).isTrue();
    }

    @Test
    void everythingAndNothing() throws SelectorException {
        assertThat(LabelSelector.parse("").matchesEverything()).isTrue();
        assertThat(LabelSelector.parse("").matchesNothing()).isFalse();
        assertThat(LabelSelector.parse("a").matchesEverything()).isFalse();
        assertThat(LabelSelector.nothing().matchesNothing()).isTrue();
        assertThat(LabelSelector.nothing().matchesEverything()).isFalse();
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().toString()).isEmpty();
        assertThat(LabelSelector.parse("a=1,a!=1").matchesNothing()).isFalse();
    }

    @Test
    void requirementsAreSortedByKeyAndKeepTheirOperators() throws SelectorException {
        List<Requirement> requirements = LabelSelector.parse("b in (2,1),a>3,!c").requirements();

        assertThat(requirements).extracting(Requirement::key).containsExactly("a", "b", "c");
        assertThat(requirements).extracting(Requirement::operator)
                .containsExactly(Operator.GREATER_THAN, Operator.IN, Operator.DOES_NOT_EXIST);
        assertThat(requirements.get(1).values()).containsExactly("1", "2");
    }

    @Test
    void requiredValuesCoverEqualityAndSetInclusion() throws SelectorException {
        LabelSelector selector = LabelSelector.parse("a=1,b in (x,y),c!=z,d,e notin (q),f>1,g==2");

        assertThat(selector.requiredValues()).containsExactly(
                Map.entry("a", Set.of("1")), Map.entry("b", Set.of("x", "y")), Map.entry("g", Set.of("2")));
    }

    @Test
    void requiredValuesIntersectRepeatedKeys() throws SelectorException {
        assertThat(LabelSelector.parse("a in (1,2,3),a=2").requiredValues()).containsExactly(Map.entry("a", Set.of("2")));
        assertThat(LabelSelector.parse("a in (1,2),a in (3)").requiredValues()).containsExactly(Map.entry("a", Set.of()));
        assertThat(LabelSelector.parse("").requiredValues()).isEmpty();
    }

    @Test
    void nulCharacterEndsTheInputLikeKubernetesLexer() throws SelectorException {
        assertThat(LabelSelector.parse("a=b\0").toString()).isEqualTo("a=b");
        assertThat(LabelSelector.parse("\0a").matchesEverything()).isTrue();
        assertThat(LabelSelector.parse("a,\0b").toString()).isEqualTo("a,b");
    }

    @Test
    void fromSetBuildsEqualityRequirementsSortedByKey() {
        LabelSelector selector = LabelSelector.fromSet(Map.of("tier", "db", "app", "web"));

        assertThat(selector.toString()).isEqualTo("app=web,tier=db");
        assertThat(selector.matches(Map.of("app", "web", "tier", "db", "x", "y"))).isTrue();
        assertThat(LabelSelector.fromSet(Map.of()).matchesEverything()).isTrue();
    }
}
