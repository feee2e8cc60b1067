package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * metav1.LabelSelector matching, with the extra keys of {@code matchLabelKeys}: each such key the incoming
 * pod carries must have the incoming pod's value.
 */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** A null or missing selector matches nothing; {@code {}} matches everything. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (var e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode r : selector.path("matchExpressions")) {
            String value = labels.get(r.path("key").asText());
            boolean listed = false;
            for (JsonNode v : r.path("values")) {
                listed |= v.asText().equals(value);
            }
            boolean ok = switch (r.path("operator").asText()) {
                case "In" -> value != null && listed;
                case "NotIn" -> value == null || !listed;
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@link #matches}, and for each of {@code keys} the incoming pod has, the same value. */
    static boolean matches(JsonNode selector, JsonNode keys, Map<String, String> incoming, Map<String, String> labels) {
        if (!matches(selector, labels)) {
            return false;
        }
        for (JsonNode k : keys) {
            String key = k.asText();
            if (incoming.containsKey(key) && !incoming.get(key).equals(labels.get(key))) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #matches(JsonNode, JsonNode, Map, Map)}, adding {@code mismatchLabelKeys}: values must differ. */
    static boolean matches(JsonNode selector, JsonNode keys, JsonNode mismatchKeys, Map<String, String> incoming,
            Map<String, String> labels) {
        if (!matches(selector, keys, incoming, labels)) {
            return false;
        }
        for (JsonNode k : mismatchKeys) {
            String key = k.asText();
            if (incoming.containsKey(key) && incoming.get(key).equals(labels.get(key))) {
                return false;
            }
        }
        return true;
    }
}
