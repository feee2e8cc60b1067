package io.kubepark.controllers.runtime;

import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * An index of pods by {@code spec.nodeName}, kept current by a watch, so node-level controllers read the pods of
 * one node without listing every pod. A listener hears each change with the node the pod is (or was) on.
 */
public final class PodsByNode implements AutoCloseable {
    private final Map<String, Map<String, StoredObject>> byNode = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOf = new ConcurrentHashMap<>();
    private final Store.Watch watch;

    /** Starts indexing; {@code changed} (which must not block) hears every pod change with its node. */
    public PodsByNode(ApiServer api, BiConsumer<String, StoredObject> changed) {
        ResourceType pods = api.type("", "v1", "pods");
        this.watch = api.store().watch(pods, Query.all(), -1, false, new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                StoredObject pod = event.object();
                if (pod == null) {
                    return true;
                }
                String key = pod.namespace() + "/" + pod.name();
                String node = pod.node().path("spec").path("nodeName").asText("");
                String before = nodeOf.get(key);
                if (before != null && !before.equals(node)) {
                    remove(before, key);
                }
                if (event.type() == WatchEvent.Type.DELETED || node.isEmpty()) {
                    nodeOf.remove(key);
                    if (!node.isEmpty()) {
                        remove(node, key);
                    }
                } else {
                    nodeOf.put(key, node);
                    byNode.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(key, pod);
                }
                if (!node.isEmpty() || before != null) {
                    changed.accept(node.isEmpty() ? before : node, pod);
                }
                return true;
            }

            @Override
            public void overflowed() {
                // offer never refuses
            }
        });
    }

    private void remove(String node, String key) {
        Map<String, StoredObject> pods = byNode.get(node);
        if (pods != null) {
            pods.remove(key);
        }
    }

    /** The pods bound to a node now. */
    public List<StoredObject> on(String node) {
        Map<String, StoredObject> pods = byNode.get(node);
        return pods == null ? List.of() : List.copyOf(pods.values());
    }

    /** The names of the nodes that have pods. */
    public List<String> nodes() {
        return byNode.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    @Override
    public void close() {
        watch.close();
    }
}
