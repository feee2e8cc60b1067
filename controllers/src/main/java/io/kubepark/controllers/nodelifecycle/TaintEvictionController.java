package io.kubepark.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.PodsByNode;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NoExecute taint eviction (E9): a pod on a node with a NoExecute taint it does not tolerate is deleted at once;
 * one that tolerates it for {@code tolerationSeconds} is deleted that long after the taint was added, unless the
 * taint goes first. Before deleting, the pod gets {@code DisruptionTarget=True} (reason DeletionByTaintManager).
 */
public final class TaintEvictionController implements AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType nodes;
    private final ResourceType pods;
    private final PodsByNode podsByNode;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    /** Evictions waiting for their time, by pod key; touched only on the timeline's thread. */
    private final Map<String, Scheduled> scheduled = new HashMap<>();
    private Store.Watch watch;

    private record Scheduled(Instant at, Timeline.Timer timer) {}

    public TaintEvictionController(ApiServer api, Timeline timeline, PodsByNode podsByNode) {
        this.api = api;
        this.timeline = timeline;
        this.nodes = api.type("", "v1", "nodes");
        this.pods = api.type("", "v1", "pods");
        this.podsByNode = podsByNode;
        this.recorder = new EventRecorder(api, "taint-eviction-controller");
        this.queue = new WorkQueue(timeline, "taint-eviction-controller", this::reconcile);
    }

    public void start() {
        watch = Watches.names(api, nodes, n -> true, queue::add);
    }

    /** A pod changed on this node: its node is looked at again. */
    public void podChanged(String node) {
        queue.add(node);
    }

    boolean reconcile(String nodeName) {
        StoredObject node = api.store().get(nodes, null, nodeName);
        List<JsonNode> noExecute = new ArrayList<>();
        Instant tainted = null;
        if (node != null) {
            for (JsonNode taint : node.node().path("spec").path("taints")) {
                if (taint.path("effect").asText().equals("NoExecute")) {
                    noExecute.add(taint);
                    Instant added = NodeHealth.parse(taint.path("timeAdded").asText(""));
                    if (added != null && (tainted == null || added.isBefore(tainted))) {
                        tainted = added;
                    }
                }
            }
        }
        Instant now = timeline.now();
        for (StoredObject pod : podsByNode.on(nodeName)) {
            String key = pod.namespace() + "/" + pod.name();
            Duration allowed = noExecute.isEmpty() || Watches.deleting(pod) ? null
                    : Tolerations.allowedTime(pod.node(), noExecute);
            if (allowed == null) {
                cancel(key);
                continue;
            }
            Instant at = (tainted == null ? now : tainted).plus(allowed);
            if (!at.isAfter(now)) {
                cancel(key);
                evict(pod);
                continue;
            }
            Scheduled existing = scheduled.get(key);
            if (existing == null || !existing.at().equals(at)) {
                cancel(key);
                scheduled.put(key, new Scheduled(at, timeline.scheduleAt(at, () -> {
                    scheduled.remove(key);
                    queue.add(nodeName);
                })));
            }
        }
        return true;
    }

    private void cancel(String key) {
        Scheduled s = scheduled.remove(key);
        if (s != null) {
            s.timer().cancel();
        }
    }

    private void evict(StoredObject pod) {
        String now = api.now();
        try {
            StoredObject marked = api.modify(pods, pod.namespace(), pod.name(), "status", p -> {
                PodConditions.set(p, "DisruptionTarget", "True", "DeletionByTaintManager",
                        "Taint manager: deleting due to NoExecute taint", now);
                return p;
            });
            recorder.normal(pods, marked, "TaintManagerEviction",
                    "Marking for deletion Pod " + pod.namespace() + "/" + pod.name());
            api.delete(pods, pod.namespace(), pod.name(), DeleteOptions.DEFAULT);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        queue.stop();
        if (watch != null) {
            watch.close();
        }
        scheduled.values().forEach(s -> s.timer().cancel());
    }
}
