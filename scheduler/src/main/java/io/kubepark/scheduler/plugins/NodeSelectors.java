package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** v1.NodeSelector matching: terms ORed, requirements within a term ANDed. */
final class NodeSelectors {

    private NodeSelectors() {
    }

    /** The pod's {@code nodeSelector} and required node affinity both match the node. */
    static boolean requiredMatch(JsonNode pod, JsonNode node) {
        Map<String, String> labels = PodSpecs.labels(node);
        for (var e : pod.path("spec").path("nodeSelector").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode required = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        return required.isMissingNode() || required.isNull() || matches(required, node);
    }

    /** A NodeSelector: some term matches. No terms match nothing. */
    static boolean matches(JsonNode nodeSelector, JsonNode node) {
        for (JsonNode term : nodeSelector.path("nodeSelectorTerms")) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** A NodeSelectorTerm: all its requirements match; a term without any matches nothing. */
    static boolean termMatches(JsonNode term, JsonNode node) {
        JsonNode expressions = term.path("matchExpressions");
        JsonNode fields = term.path("matchFields");
        if (expressions.size() == 0 && fields.size() == 0) {
            return false;
        }
        Map<String, String> labels = PodSpecs.labels(node);
        for (JsonNode r : expressions) {
            if (!requirement(r, labels.get(r.path("key").asText()))) {
                return false;
            }
        }
        for (JsonNode r : fields) {
            String key = r.path("key").asText();
            String op = r.path("operator").asText();
            if (!key.equals("metadata.name") || !(op.equals("In") || op.equals("NotIn"))
                    || !requirement(r, PodSpecs.name(node))) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirement(JsonNode r, String value) {
        JsonNode values = r.path("values");
        return switch (r.path("operator").asText()) {
            case "In" -> value != null && contains(values, value);
            case "NotIn" -> value == null || !contains(values, value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, values) > 0;
            case "Lt" -> compare(value, values) < 0;
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Sign of label minus the single value, both integers; 0 (no match either way) when either is not. */
    private static int compare(String label, JsonNode values) {
        if (label == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(label), Long.parseLong(values.get(0).asText()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
