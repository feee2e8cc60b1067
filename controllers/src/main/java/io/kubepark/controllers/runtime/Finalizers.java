package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;

/** Removing a controller's finalizer, the last step before a held object goes. */
public final class Finalizers {
    private Finalizers() {}

    /** Removes {@code finalizer} from the object; an object being deleted with no finalizer left goes. */
    public static void remove(ApiServer api, ResourceType type, String namespace, String name, String finalizer) {
        api.modify(type, namespace, name, null, obj -> {
            without(Json.child(obj, "metadata"), finalizer);
            return obj;
        });
    }

    /** Takes {@code finalizer} out of the metadata, and the list with it when it is left empty. */
    public static void without(ObjectNode meta, String finalizer) {
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode f : meta.path("finalizers")) {
            if (!f.asText().equals(finalizer)) {
                kept.add(f);
            }
        }
        if (kept.isEmpty()) {
            meta.remove("finalizers");
        } else {
            meta.set("finalizers", kept);
        }
    }
}
