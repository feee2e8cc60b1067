package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;

/** Reading and building {@code metadata.ownerReferences}, as controllers adopt, release and look up owners. */
public final class OwnerReferences {
    private OwnerReferences() {
    }

    /** A copy of the object's owner references; empty when it has none. */
    public static ArrayNode of(JsonNode obj) {
        JsonNode refs = obj.path("metadata").path("ownerReferences");
        return refs.isArray() ? (ArrayNode) refs.deepCopy() : Json.NODES.arrayNode();
    }

    /** The reference with {@code controller: true} (metav1.GetControllerOf), or null. */
    public static JsonNode controllerOf(JsonNode obj) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    /** The controller reference's uid, or "" for an orphan. */
    public static String controllerUid(JsonNode obj) {
        JsonNode ref = controllerOf(obj);
        return ref == null ? "" : ref.path("uid").asText("");
    }

    /** metav1.NewControllerRef: the reference a controller puts on what it owns. */
    public static ObjectNode controllerRef(String apiVersion, String kind, JsonNode owner) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", ObjectMeta.name(owner));
        ref.put("uid", ObjectMeta.uid(owner));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    /** The object's references plus {@code ref}: an adoption. */
    public static ArrayNode adding(JsonNode obj, ObjectNode ref) {
        ArrayNode refs = of(obj);
        refs.add(ref);
        return refs;
    }

    /** The object's references without those to {@code ownerUid}: a release. */
    public static ArrayNode without(JsonNode obj, String ownerUid) {
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode ref : of(obj)) {
            if (!ref.path("uid").asText().equals(ownerUid)) {
                kept.add(ref);
            }
        }
        return kept;
    }
}
