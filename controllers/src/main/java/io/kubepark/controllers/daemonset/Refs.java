package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.OwnerReferences;

/** Owner references to a DaemonSet: the controller reference, adoption and release, through OwnerReferences. */
final class Refs {
    static final String KIND = "DaemonSet";

    private Refs() {
    }

    /** metav1.NewControllerRef for the set. */
    static ObjectNode controllerRef(JsonNode daemonSet) {
        return OwnerReferences.controllerRef("apps/v1", KIND, daemonSet);
    }

    /** The owner reference with {@code controller: true}, or null. */
    static JsonNode controllerOf(JsonNode obj) {
        return OwnerReferences.controllerOf(obj);
    }

    /** Whether the object's controller is a DaemonSet of group apps. */
    static boolean controlledByDaemonSet(JsonNode ref) {
        return ref != null && ref.path("kind").asText("").equals(KIND)
                && ref.path("apiVersion").asText("").startsWith("apps/");
    }

    /** The object's owner references with the set's controller reference added (adoption). */
    static ArrayNode adopted(JsonNode obj, JsonNode daemonSet) {
        return OwnerReferences.adding(obj, controllerRef(daemonSet));
    }

    /** The object's owner references without those to the set (release). */
    static ArrayNode released(JsonNode obj, JsonNode daemonSet) {
        return OwnerReferences.without(obj, ObjectMeta.uid(daemonSet));
    }
}
