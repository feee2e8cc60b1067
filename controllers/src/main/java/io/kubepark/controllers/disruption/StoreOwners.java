package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.util.Optional;

/** {@link Owners} read from the store and the resource registry (the scale client and its discovery). */
final class StoreOwners implements Owners {
    private final ApiServer api;

    StoreOwners(ApiServer api) {
        this.api = api;
    }

    @Override
    public JsonNode workload(String resource, String namespace, String name) {
        ResourceType type = resource.equals("replicationcontrollers") ? api.type("", "v1", resource)
                : api.type("apps", "v1", resource);
        StoredObject o = api.store().get(type, namespace, name);
        return o == null ? null : o.node();
    }

    @Override
    public ScaleLookup scale(String apiVersion, String kind, String namespace, String name) {
        Optional<ResourceType> found = api.registry().byKind(apiVersion, kind);
        if (found.isEmpty()) {
            return new ScaleLookup.Failed("no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"");
        }
        ResourceType type = found.get();
        if (type.subresource("scale").isEmpty()) {
            return new ScaleLookup.Failed(type.qualifiedResource() + " does not implement the scale subresource");
        }
        try {
            ObjectNode scale = api.getScale(type, namespace, name);
            return new ScaleLookup.Found(scale.path("metadata").path("uid").asText(),
                    scale.path("spec").path("replicas").asInt(0));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return new ScaleLookup.Missing();
            }
            return new ScaleLookup.Failed(e.getMessage());
        }
    }
}
