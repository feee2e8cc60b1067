package io.kubepark.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.PodsByNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod garbage collection of orphans (pkg/controller/podgc): every 20 seconds, pods bound to a node that has not
 * existed for the 40-second quarantine are marked Failed with {@code DisruptionTarget=True} (reason
 * DeletionByPodGC) and deleted at once.
 */
public final class PodGarbageCollector implements AutoCloseable {
    public static final Duration CHECK_PERIOD = Duration.ofSeconds(20);
    public static final Duration QUARANTINE = Duration.ofSeconds(40);

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType nodes;
    private final ResourceType pods;
    private final PodsByNode podsByNode;
    /** Nodes seen missing, and since when; touched only on the timeline's thread. */
    private final Map<String, Instant> missingSince = new HashMap<>();
    private Timeline.Timer timer;
    private volatile boolean closed;

    public PodGarbageCollector(ApiServer api, Timeline timeline, PodsByNode podsByNode) {
        this.api = api;
        this.timeline = timeline;
        this.nodes = api.type("", "v1", "nodes");
        this.pods = api.type("", "v1", "pods");
        this.podsByNode = podsByNode;
    }

    public void start() {
        timer = timeline.schedule(CHECK_PERIOD, this::check);
    }

    private void check() {
        if (closed) {
            return;
        }
        Instant now = timeline.now();
        missingSince.keySet().removeIf(n -> api.store().get(nodes, null, n) != null);
        for (String node : podsByNode.nodes()) {
            if (api.store().get(nodes, null, node) != null) {
                continue;
            }
            Instant since = missingSince.computeIfAbsent(node, n -> now);
            if (!now.isBefore(since.plus(QUARANTINE))) {
                podsByNode.on(node).forEach(this::collect);
            }
        }
        timer = timeline.schedule(CHECK_PERIOD, this::check);
    }

    private void collect(StoredObject pod) {
        String now = api.now();
        try {
            api.modify(pods, pod.namespace(), pod.name(), "status", p -> {
                ObjectNode status = Json.child(p, "status");
                String phase = status.path("phase").asText();
                if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                    status.put("phase", "Failed");
                }
                PodConditions.set(p, "DisruptionTarget", "True", "DeletionByPodGC", "PodGC: node no longer exists", now);
                return p;
            });
            api.delete(pods, pod.namespace(), pod.name(), new DeleteOptions(0L, null, null, null, false));
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
