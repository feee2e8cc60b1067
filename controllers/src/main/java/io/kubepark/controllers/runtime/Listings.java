package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects of one kind in one namespace, as a controller's informer cache lists them for a sync. */
public final class Listings {
    private Listings() {
    }

    /** Every object of {@code type} in {@code namespace}, from the store's namespace index. */
    public static List<StoredObject> in(ApiServer api, ResourceType type, String namespace) {
        return api.store().list(type, new Query(namespace, Map.of(), o -> true), 0, null).items();
    }

    /** As {@link #in}, each object as its JSON. */
    public static List<JsonNode> nodesIn(ApiServer api, ResourceType type, String namespace) {
        List<StoredObject> objects = in(api, type, namespace);
        List<JsonNode> out = new ArrayList<>(objects.size());
        objects.forEach(o -> out.add(o.node()));
        return out;
    }
}
