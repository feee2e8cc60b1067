package io.kubepark.kubelet;

import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import io.kubepark.apiserver.time.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of a cluster and their kubelets: {@code node-1} to {@code node-N}, registered at start, and one watch on
 * pods that hands each change to the kubelet of the pod's node.
 */
public final class Kubelets implements AutoCloseable {
    private final Map<String, Kubelet> byName = new LinkedHashMap<>();
    private final Map<String, Map<String, ContainerBehaviour>> behaviour = new ConcurrentHashMap<>();
    private final ApiServer api;
    private final Store.Watch watch;

    public Kubelets(ApiServer api, Timeline timeline, int count, NodeShape shape) {
        this.api = api;
        for (int i = 0; i < count; i++) {
            Kubelet kubelet = new Kubelet(api, timeline, "node-" + (i + 1), i, shape, behaviour);
            Actor.run(kubelet.actor(), kubelet::register);
            byName.put(kubelet.name(), kubelet);
        }
        this.watch = api.store().watch(api.type("", "v1", "pods"), Query.all(), -1, false, new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                StoredObject pod = event.object();
                if (pod != null) {
                    Kubelet kubelet = byName.get(pod.node().path("spec").path("nodeName").asText(""));
                    if (kubelet != null) {
                        kubelet.podChanged(pod.namespace(), pod.name());
                    }
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
     * Sets how the containers of a pod behave, by container name, ahead of the pod's {@code kubepark.io/}
     * annotations; applies from the pod's next step, wherever it is scheduled.
     */
    public void behave(String namespace, String pod, Map<String, ContainerBehaviour> byContainer) {
        behaviour.put(namespace + "/" + pod, Map.copyOf(byContainer));
        StoredObject current = api.store().get(api.type("", "v1", "pods"), namespace, pod);
        if (current != null) {
            Kubelet kubelet = byName.get(current.node().path("spec").path("nodeName").asText(""));
            if (kubelet != null) {
                kubelet.podChanged(namespace, pod);
            }
        }
    }

    /** The node names, in order. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The kubelet of a node; IllegalArgumentException naming the nodes when there is none. */
    public Kubelet get(String node) {
        Kubelet k = byName.get(node);
        if (k == null) {
            throw new IllegalArgumentException("no kubelet runs node " + node + "; nodes: " + names());
        }
        return k;
    }

    @Override
    public void close() {
        watch.close();
        byName.values().forEach(Kubelet::close);
    }
}
