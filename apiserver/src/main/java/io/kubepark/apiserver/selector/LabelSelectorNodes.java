package io.kubepark.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Conversion of a metav1.LabelSelector JSON object, following Kubernetes' LabelSelectorAsSelector. */
final class LabelSelectorNodes {

    private LabelSelectorNodes() {
    }

    static LabelSelector toSelector(JsonNode selector) throws SelectorException {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return LabelSelector.nothing();
        }
        if (!selector.isObject()) {
            throw new SelectorException("label selector must be an object, not " + kind(selector));
        }
        Map<String, String> matchLabels = matchLabels(selector.path("matchLabels"));
        JsonNode expressions = selector.path("matchExpressions");
        if (!isAbsent(expressions) && !expressions.isArray()) {
            throw new SelectorException("matchExpressions must be an array, not " + kind(expressions));
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Map.Entry<String, String> label : matchLabels.entrySet()) {
            requirements.add(Requirement.of(label.getKey(), Operator.EQUALS, List.of(label.getValue())));
        }
        if (expressions.isArray()) {
            for (JsonNode expression : expressions) {
                requirements.add(expression(expression));
            }
        }
        return LabelSelector.of(requirements);
    }

    /** Sorted by key so that, of several bad labels, the same one is always reported. */
    private static Map<String, String> matchLabels(JsonNode node) throws SelectorException {
        Map<String, String> labels = new TreeMap<>(GoText.BYTE_ORDER);
        if (isAbsent(node)) {
            return labels;
        }
        if (!node.isObject()) {
            throw new SelectorException("matchLabels must be an object, not " + kind(node));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            labels.put(entry.getKey(), text(entry.getValue(), "matchLabels." + entry.getKey()));
        }
        return labels;
    }

    private static Requirement expression(JsonNode expression) throws SelectorException {
        if (!expression.isObject()) {
            throw new SelectorException("matchExpressions entries must be objects, not " + kind(expression));
        }
        String key = text(expression.path("key"), "key");
        String operatorName = text(expression.path("operator"), "operator");
        Operator operator = switch (operatorName) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> throw new SelectorException(GoText.quote(operatorName) + " is not a valid pod selector operator");
        };
        List<String> values = new ArrayList<>();
        JsonNode valuesNode = expression.path("values");
        if (!isAbsent(valuesNode)) {
            if (!valuesNode.isArray()) {
                throw new SelectorException("values must be an array, not " + kind(valuesNode));
            }
            for (JsonNode value : valuesNode) {
                values.add(text(value, "values"));
            }
        }
        return Requirement.of(key, operator, values);
    }

    /** A string field; absent or null reads as "" like Go's zero value. */
    private static String text(JsonNode node, String name) throws SelectorException {
        if (isAbsent(node)) {
            return "";
        }
        if (!node.isTextual()) {
            throw new SelectorException(name + " must be a string, not " + kind(node));
        }
        return node.textValue();
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
