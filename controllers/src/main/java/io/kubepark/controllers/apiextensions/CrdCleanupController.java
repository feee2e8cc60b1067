package io.kubepark.controllers.apiextensions;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.crd.CustomResourceDefinitions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Finalizers;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;

/**
 * Deletes every object of a CustomResourceDefinition that is being deleted, then removes its cleanup
 * finalizer so the definition goes (apiextensions-apiserver's finalizer controller, A16.6).
 */
public final class CrdCleanupController implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType crds;
    private final WorkQueue queue;
    private Store.Watch watch;

    public CrdCleanupController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.crds = api.type("apiextensions.k8s.io", "v1", "customresourcedefinitions");
        this.queue = new WorkQueue(timeline, "crd-cleanup-controller", this::reconcile);
    }

    public void start() {
        watch = Watches.names(api, crds, Watches::deleting, queue::add);
    }

    boolean reconcile(String name) {
        StoredObject crd = api.store().get(crds, null, name);
        if (crd == null || !crd.node().path("metadata").has("deletionTimestamp")) {
            return true;
        }
        boolean remaining = false;
        for (ResourceType type : api.registry().all()) {
            if (!type.isCustom() || !type.custom().crdName().equals(name)) {
                continue;
            }
            for (StoredObject o : api.list(type, null, Params.NONE).page().items()) {
                remaining = true;
                if (!o.node().path("metadata").has("deletionTimestamp")) {
                    try {
                        api.delete(type, o.namespace(), o.name(), DeleteOptions.DEFAULT);
                    } catch (ApiException e) {
                        if (e.code() != 404) {
                            throw e;
                        }
                    }
                }
            }
            break;
        }
        if (remaining) {
            return false;
        }
        Finalizers.remove(api, crds, null, name, CustomResourceDefinitions.CLEANUP_FINALIZER);
        return true;
    }

    @Override
    public void close() {
        queue.stop();
        if (watch != null) {
            watch.close();
        }
    }

}
