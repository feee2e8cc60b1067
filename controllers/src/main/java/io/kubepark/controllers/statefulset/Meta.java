package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;

/** Reading object metadata and building owner references. */
final class Meta {
    static final String APPS_V1 = "apps/v1";
    static final String STATEFUL_SET = "StatefulSet";

    private Meta() {
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
        return controllerRef(APPS_V1, STATEFUL_SET, ObjectMeta.name(set), ObjectMeta.uid(set));
    }
}
