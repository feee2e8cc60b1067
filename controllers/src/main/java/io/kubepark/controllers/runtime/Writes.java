package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.function.UnaryOperator;

/** The in-process writes every controller's applier makes the same way. */
public final class Writes {
    /** The field manager of every controller's writes, as kube-controller-manager's. */
    public static final String MANAGER = "kube-controller-manager";
    /** The options of every controller's writes: applied for real, under {@link #MANAGER}. */
    public static final ApiServer.WriteOptions OPTIONS = new ApiServer.WriteOptions(false, MANAGER, null, false, true,
            null);

    private Writes() {
    }

    /**
     * Changes the object (or its {@code subresource}) if it is still the one with {@code uid} (any, when empty): a
     * replacement of the same name is not touched. True when written or when the object is gone, false to retry.
     */
    public static boolean modifyIfSame(ApiServer api, ResourceType type, String namespace, String name,
            String subresource, String uid, UnaryOperator<ObjectNode> change) {
        try {
            api.modify(type, namespace, name, subresource, o -> {
                if (!uid.isEmpty() && !uid.equals(o.path("metadata").path("uid").asText())) {
                    throw ApiException.conflict(type, name, "the object has been replaced");
                }
                return change.apply(o);
            });
            return true;
        } catch (ApiException e) {
            return e.code() == 404;
        }
    }

    /** Sets the ownerReferences of the object with {@code uid}, or removes them when {@code references} is empty. */
    public static boolean setOwnerReferences(ApiServer api, ResourceType type, String namespace, String name,
            String uid, JsonNode references) {
        return modifyIfSame(api, type, namespace, name, null, uid, o -> {
            ObjectNode meta = Json.child(o, "metadata");
            if (references.isEmpty()) {
                meta.remove("ownerReferences");
            } else {
                meta.set("ownerReferences", references.deepCopy());
            }
            return o;
        });
    }
}
