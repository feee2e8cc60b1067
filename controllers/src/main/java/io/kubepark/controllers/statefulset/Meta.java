package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading object metadata and building owner references. */
final class Meta {
    static final String APPS_V1 = "apps/v1";
    static final String STATEFUL_SET = "StatefulSet";

    private Meta() {
    }

    static String name(JsonNode obj) {
        return obj.path("metadata").path("name").asText("");
    }

    static String namespace(JsonNode obj) {
        return obj.path("metadata").path("namespace").asText("");
    }

    static String uid(JsonNode obj) {
        return obj.path("metadata").path("uid").asText("");
    }

    static boolean deleting(JsonNode obj) {
        JsonNode ts = obj.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    static Map<String, String> labels(JsonNode obj) {
        return stringMap(obj.path("metadata").path("labels"));
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static ArrayNode ownerReferences(JsonNode obj) {
        JsonNode refs = obj.path("metadata").path("ownerReferences");
        return refs.isArray() ? (ArrayNode) refs.deepCopy() : Json.NODES.arrayNode();
    }

    /** The owner reference with {@code controller: true}, or null. */
    static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    /** metav1.NewControllerRef. */
    static ObjectNode controllerRef(String apiVersion, String kind, String name, String uid) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name);
        ref.put("uid", uid);
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    static ObjectNode setRef(JsonNode set) {
        return controllerRef(APPS_V1, STATEFUL_SET, name(set), uid(set));
    }
}
