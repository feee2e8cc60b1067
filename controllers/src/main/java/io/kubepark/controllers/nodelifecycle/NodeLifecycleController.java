package io.kubepark.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.PodsByNode;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Duration;

/**
 * The node lifecycle controller (E8): every 5 seconds it checks each node's Lease and heartbeat; a node silent
 * for longer than the grace period gets every condition Unknown and its pods' Ready condition False. From the
 * conditions and {@code spec.unschedulable} it keeps the node's taints: unreachable or not-ready (NoSchedule and
 * NoExecute with timeAdded), unschedulable and the pressure taints (NoSchedule).
 */
public final class NodeLifecycleController implements AutoCloseable {
    /** How often every node is checked. */
    public static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    /** How long a node may be silent before it turns Unknown: 50 s since Kubernetes 1.32. */
    public static final Duration GRACE_PERIOD = Duration.ofSeconds(50);

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType nodes;
    private final ResourceType leases;
    private final ResourceType pods;
    private final PodsByNode podsByNode;
    private final WorkQueue queue;
    private Store.Watch watch;
    private Timeline.Timer monitor;
    private volatile boolean closed;

    public NodeLifecycleController(ApiServer api, Timeline timeline, PodsByNode podsByNode) {
        this.api = api;
        this.timeline = timeline;
        this.nodes = api.type("", "v1", "nodes");
        this.leases = api.type("coordination.k8s.io", "v1", "leases");
        this.pods = api.type("", "v1", "pods");
        this.podsByNode = podsByNode;
        this.queue = new WorkQueue(timeline, "node-controller", this::reconcile);
    }

    public void start() {
        watch = Watches.names(api, nodes, n -> true, queue::add);
        monitor = timeline.schedule(MONITOR_PERIOD, this::monitor);
    }

    private void monitor() {
        if (closed) {
            return;
        }
        for (StoredObject node : api.list(nodes, null, Params.NONE).page().items()) {
            queue.add(node.name());
        }
        monitor = timeline.schedule(MONITOR_PERIOD, this::monitor);
    }

    boolean reconcile(String name) {
        StoredObject node = api.store().get(nodes, null, name);
        if (node == null) {
            return true;
        }
        StoredObject lease = api.store().get(leases, "kube-node-lease", name);
        String now = api.now();
        ArrayNode silent = NodeHealth.silentConditions(node.node(), lease == null ? null : lease.node(),
                timeline.now(), GRACE_PERIOD, now);
        try {
            if (silent != null) {
                node = api.modify(nodes, null, name, "status", n -> {
                    Json.child(n, "status").set("conditions", silent);
                    return n;
                });
                markPodsNotReady(name, now);
            }
            ArrayNode taints = NodeHealth.taints(node.node(), now);
            if (taints != null) {
                api.modify(nodes, null, name, null, n -> {
                    ObjectNode spec = Json.child(n, "spec");
                    if (taints.isEmpty()) {
                        spec.remove("taints");
                    } else {
                        spec.set("taints", taints);
                    }
                    return n;
                });
            }
        } catch (ApiException e) {
            if (e.code() == 404) {
                return true;
            }
            throw e;
        }
        return true;
    }

    /** Pods on a node that went silent are no longer Ready (MarkPodsNotReady). */
    private void markPodsNotReady(String node, String now) {
        for (StoredObject pod : podsByNode.on(node)) {
            JsonNode ready = NodeHealth.condition(pod.node(), "Ready");
            if (!"True".equals(ready.path("status").asText())) {
                continue;
            }
            try {
                api.modify(pods, pod.namespace(), pod.name(), "status", p -> {
                    for (JsonNode c : p.path("status").path("conditions")) {
                        if (c.path("type").asText().equals("Ready")) {
                            ((ObjectNode) c).put("status", "False").put("lastTransitionTime", now);
                        }
                    }
                    return p;
                });
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.stop();
        if (monitor != null) {
            monitor.cancel();
        }
        if (watch != null) {
            watch.close();
        }
    }
}
