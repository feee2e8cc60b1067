package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;

/** Owner references to a DaemonSet: the controller reference, adoption and release. */
final class Refs {
    static final String KIND = "DaemonSet";

    private Refs() {
    }

    /** metav1.NewControllerRef for the set. */
    static ObjectNode controllerRef(JsonNode daemonSet) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", "apps/v1");
        ref.put("kind", KIND);
        ref.put("name", ObjectMeta.name(daemonSet));
        ref.put("uid", ObjectMeta.uid(daemonSet));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
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

    /** Whether the object's controller is a DaemonSet of group apps. */
    static boolean controlledByDaemonSet(JsonNode ref) {
        return ref != null && ref.path("kind").asText("").equals(KIND)
                && ref.path("apiVersion").asText("").startsWith("apps/");
    }

    /** The object's owner references with the set's controller reference added (adoption). */
    static ArrayNode adopted(JsonNode obj, JsonNode daemonSet) {
        ArrayNode refs = Json.NODES.arrayNode();
        obj.path("metadata").path("ownerReferences").forEach(r -> refs.add(r.deepCopy()));
        refs.add(controllerRef(daemonSet));
        return refs;
    }

    /** The object's owner references without those to the set (release). */
    static ArrayNode released(JsonNode obj, JsonNode daemonSet) {
        ArrayNode refs = Json.NODES.arrayNode();
        for (JsonNode r : obj.path("metadata").path("ownerReferences")) {
            if (!r.path("uid").asText("").equals(ObjectMeta.uid(daemonSet))) {
                refs.add(r.deepCopy());
            }
        }
        return refs;
    }
}
