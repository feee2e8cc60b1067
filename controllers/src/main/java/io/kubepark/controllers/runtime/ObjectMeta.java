package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads of an API object's {@code metadata}, as the controllers' planners take objects: as JSON trees. */
public final class ObjectMeta {
    private ObjectMeta() {
    }

    /** The name, or "" when it has none. */
    public static String name(JsonNode obj) {
        return obj.path("metadata").path("name").asText("");
    }

    /** The namespace, or "" for a cluster-scoped object. */
    public static String namespace(JsonNode obj) {
        return obj.path("metadata").path("namespace").asText("");
    }

    public static String uid(JsonNode obj) {
        return obj.path("metadata").path("uid").asText("");
    }

    /** Whether a deletion timestamp is set. */
    public static boolean deleting(JsonNode obj) {
        JsonNode ts = obj.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    /** The labels in their stored order; empty when there are none. */
    public static Map<String, String> labels(JsonNode obj) {
        return stringMap(obj.path("metadata").path("labels"));
    }

    /** A JSON object of strings as a map in field order; empty for anything else. */
    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
