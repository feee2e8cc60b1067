package io.kubepark.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void missingSelectorMatchesNothing() throws SelectorException {
        assertThat(LabelSelector.fromLabelSelectorNode(null)).isSameAs(LabelSelector.nothing());
        assertThat(LabelSelector.fromLabelSelectorNode(MissingNode.getInstance()).matchesNothing()).isTrue();
        assertThat(LabelSelector.fromLabelSelectorNode(NullNode.getInstance()).matches(Map.of())).isFalse();
        assertThat(LabelSelector.fromLabelSelectorNode(json("{'spec':{}}").path("spec").path("selector"))
                .matchesNothing()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}",
            "{'matchLabels':{}}",
            "{'matchLabels':null,'matchExpressions':[]}"})
    void emptySelectorMatchesEverything(String selector) throws SelectorException {
        LabelSelector parsed = LabelSelector.fromLabelSelectorNode(json(selector));

        assertThat(parsed.matchesEverything()).isTrue();
        assertThat(parsed.matches(Map.of("a", "b"))).isTrue();
        assertThat(parsed.toString()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'matchLabels':{'app':'web'}}                                                         | app=web",
            "{'matchLabels':{'tier':'db','app':'web'}}                                             | app=web,tier=db",
            "{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['b','a']}]} | app=web,tier in (a,b)",
            "{'matchExpressions':[{'key':'env','operator':'Exists'},{'key':'canary','operator':'DoesNotExist'}]} | !canary,env",
            "{'matchExpressions':[{'key':'env','operator':'NotIn','values':['prod']}]}             | env notin (prod)",
            "{'matchExpressions':[{'key':'env','operator':'In','values':['']}]}                     | env in ()",
            "{'matchExpressions':[{'key':'env','operator':'Exists','values':[]}]}                   | env"})
    void convertsToCanonicalString(String selector, String expected) throws SelectorException {
        assertThat(LabelSelector.fromLabelSelectorNode(json(selector)).toString()).isEqualTo(expected);
    }

    @Test
    void convertedSelectorMatchesLikeTheStringForm() throws SelectorException {
        LabelSelector selector = LabelSelector.fromLabelSelectorNode(json(
                "{'matchLabels':{'app':'web'},'matchExpressions':["
                        + "{'key':'tier','operator':'In','values':['fe','be']},"
                        + "{'key':'canary','operator':'DoesNotExist'},"
                        + "{'key':'zone','operator':'NotIn','values':['x']}]}"));

        assertThat(selector.matches(Map.of("app", "web", "tier", "fe"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "fe", "zone", "y"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "fe", "zone", "x"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "tier", "fe", "canary", "true"))).isFalse();
        assertThat(selector.matches(Map.of("app", "web", "tier", "db"))).isFalse();
        assertThat(selector.requiredValues()).containsOnlyKeys("app", "tier");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'matchExpressions':[{'key':'a','operator':'Foo'}]}                  | \"Foo\" is not a valid pod selector operator",
            "{'matchExpressions':[{'key':'a','operator':'in','values':['x']}]}    | \"in\" is not a valid pod selector operator",
            "{'matchExpressions':[{'key':'a'}]}                                   | \"\" is not a valid pod selector operator",
            "{'matchExpressions':[{'key':'a','operator':'In'}]}                   | values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
            "{'matchExpressions':[{'key':'a','operator':'NotIn','values':[]}]}    | values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
            "{'matchExpressions':[{'key':'a','operator':'Exists','values':['x','y']}]} | values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist"})
    void rejectsBadExpressions(String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json(selector)))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsBadLabelKeysAndValuesWithFieldPaths() {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("{'matchLabels':{'a b':'x'}}")))
                .hasMessage("key: Invalid value: \"a b\": " + Messages.KEY_NAME_PART);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("{'matchLabels':{'app':'-web'}}")))
                .hasMessage("values[0][app]: Invalid value: \"-web\": " + Messages.LABEL_VALUE);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("{'matchLabels':{'-a':'-b'}}")))
                .hasMessage("[key: Invalid value: \"-a\": " + Messages.KEY_NAME_PART
                        + ", values[0][-a]: Invalid value: \"-b\": " + Messages.LABEL_VALUE + "]");
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json(
                "{'matchExpressions':[{'key':'a','operator':'In','values':['ok','-bad']}]}")))
                .hasMessage("values[1][a]: Invalid value: \"-bad\": " + Messages.LABEL_VALUE);
    }

    @Test
    void rejectsWrongJsonShapes() {
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("[]")))
                .isInstanceOf(SelectorException.class);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("{'matchLabels':{'a':1}}")))
                .isInstanceOf(SelectorException.class);
        assertThatThrownBy(() -> LabelSelector.fromLabelSelectorNode(json("{'matchExpressions':{}}")))
                .isInstanceOf(SelectorException.class);
    }
}
