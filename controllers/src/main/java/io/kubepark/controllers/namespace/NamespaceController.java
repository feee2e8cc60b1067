package io.kubepark.controllers.namespace;

import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Empties a namespace that is being deleted, then removes its {@code kubernetes} finalizer so it goes
 * (pkg/controller/namespace). Objects that are still finalizing keep the namespace until they are gone.
 */
public final class NamespaceController implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType namespaces;
    private final List<ResourceType> namespaced;
    private final WorkQueue queue;
    private Store.Watch watch;

    public NamespaceController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.namespaces = api.type("", "v1", "namespaces");
        this.namespaced = storedNamespacedTypes(api);
        this.queue = new WorkQueue(timeline, "namespace-controller", this::reconcile);
    }

    /** One type per stored resource: the same objects are not deleted once per served version. */
    private static List<ResourceType> storedNamespacedTypes(ApiServer api) {
        Map<String, ResourceType> byStorage = new LinkedHashMap<>();
        for (ResourceType t : api.registry().all()) {
            if (t.namespaced() && t.supports("delete") && t.supports("list")) {
                byStorage.putIfAbsent(t.storageKey(), t);
            }
        }
        return List.copyOf(byStorage.values());
    }

    public void start() {
        watch = Watches.names(api, namespaces, Watches::deleting, queue::add);
    }

    /** Deletes what is left in the namespace; finalizes it once nothing is. Returns false to retry. */
    boolean reconcile(String name) {
        StoredObject ns = api.store().get(namespaces, null, name);
        if (ns == null || !ns.node().path("metadata").has("deletionTimestamp")) {
            return true;
        }
        boolean remaining = false;
        for (ResourceType type : namespaced) {
            for (StoredObject o : api.list(type, name, Params.NONE).page().items()) {
                remaining |= !deleted(type, name, o);
            }
        }
        if (remaining) {
            return false;
        }
        var body = Json.object();
        body.putObject("spec").putArray("finalizers");
        try {
            api.finalizeNamespace(name, body);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        return true;
    }

    /** Deletes one object of the namespace; false when it stays for now (finalizers, a grace period). */
    private boolean deleted(ResourceType type, String namespace, StoredObject o) {
        if (Watches.deleting(o)) {
            return false;
        }
        try {
            return api.delete(type, namespace, o.name(), DeleteOptions.DEFAULT).gone();
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
            return true;
        }
    }

    @Override
    public void close() {
        queue.stop();
        if (watch != null) {
            watch.close();
        }
    }
}
