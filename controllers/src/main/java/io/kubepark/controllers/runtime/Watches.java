package io.kubepark.controllers.runtime;

import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The event-to-key wiring controllers share: watch a resource, queue the names of the objects that matter. */
public final class Watches {
    private Watches() {}

    /**
     * Watches every object of {@code type} (existing ones first) and passes the name of each live object that
     * {@code interesting} accepts to {@code enqueue}. Runs under the store's commit lock: enqueue must not block.
     */
    public static Store.Watch names(ApiServer api, ResourceType type, Predicate<StoredObject> interesting,
            Consumer<String> enqueue) {
        return api.store().watch(type, Query.all(), -1, false, new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                if (event.object() != null && event.type() != WatchEvent.Type.DELETED && interesting.test(event.object())) {
                    enqueue.accept(event.object().name());
                }
                return true;
            }

            @Override
            public void overflowed() {
                // offer never refuses
            }
        });
    }

    /**
     * Watches every object of {@code type} (existing ones first) and hands each event that carries an object to
     * {@code changed}. Runs under the store's commit lock: {@code changed} must not block.
     */
    public static Store.Watch events(ApiServer api, ResourceType type, Consumer<WatchEvent> changed) {
        return api.store().watch(type, Query.all(), -1, false, new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                if (event.object() != null) {
                    changed.accept(event);
                }
                return true;
            }

            @Override
            public void overflowed() {
                // offer never refuses
            }
        });
    }

    /** Whether an object is being deleted. */
    public static boolean deleting(StoredObject o) {
        return o.node().path("metadata").has("deletionTimestamp");
    }
}
