package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.time.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The fake kubelet of one node: registers its Node, renews its Lease every 10 seconds (E7), keeps the Node's
 * heartbeat fresh while it is healthy, and walks the pods bound to it through their lifecycle
 * ({@link PodLifecycle}). All its work runs on the control plane's {@link Timeline}.
 */
public final class Kubelet implements AutoCloseable {
    /** How often the Lease is renewed. */
    public static final Duration LEASE_RENEW_INTERVAL = Duration.ofSeconds(10);
    /** How often the Node status is written when nothing changes (nodeStatusReportFrequency). */
    public static final Duration STATUS_REPORT_INTERVAL = Duration.ofMinutes(5);

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ApiServer api;
    private final Timeline timeline;
    static final String ACTOR_PREFIX = "kubelet/";
    private final String name;
    private final int index;
    private final NodeShape shape;
    private final ResourceType nodes;
    private final ResourceType leases;
    private volatile boolean heartbeating = true;
    private volatile boolean closed;
    private Timeline.Timer renewal;
    private volatile Instant lastStatusReport;
    private final PodWorker pods;

    Kubelet(ApiServer api, Timeline timeline, String name, int index, NodeShape shape,
            Map<String, Map<String, ContainerBehaviour>> overrides) {
        this.api = api;
        this.timeline = timeline;
        this.name = name;
        this.index = index;
        this.shape = shape;
        this.nodes = api.type("", "v1", "nodes");
        this.leases = api.type("coordination.k8s.io", "v1", "leases");
        this.pods = new PodWorker(api, timeline, name, index, overrides);
    }

    /** A pod bound to this node changed or went: its lifecycle is moved on. Safe from any thread, never blocks. */
    public void podChanged(String namespace, String name) {
        pods.signal(namespace + "/" + name);
    }


    /** Hands work to the timeline, done as this kubelet. */
    private void execute(Runnable work) {
        timeline.execute(() -> Actor.run(actor(), work));
    }

    /** The actor of this kubelet's writes in the journal: {@code kubelet/<node>}. */
    String actor() {
        return ACTOR_PREFIX + name;
    }

    /** The node's name. */
    public String name() {
        return name;
    }

    /** Registers the Node (unless it exists) and its Lease; heartbeats start from here. */
    public void register() {
        StoredObject node = api.store().get(nodes, null, name);
        if (node == null) {
            node = api.create(nodes, null, NodeObjects.node(name, index, shape, api.now()),
                    ApiServer.WriteOptions.DEFAULT);
        }
        lastStatusReport = timeline.now();
        renewLease(node.node().path("metadata").path("uid").asText());
        renewal = timeline.schedule(LEASE_RENEW_INTERVAL, () -> Actor.run(actor(), this::heartbeat));
    }

    /**
     * Fault injection: the kubelet stops renewing its Lease, reporting status and running pods, as if the node lost
     * its network or power. The node lifecycle controller notices after its grace period; the node's pods stay as
     * they were (a deleted one stays Terminating) until the kubelet comes back or the Node is removed.
     */
    public void stopHeartbeats() {
        heartbeating = false;
        pods.pause();
    }

    /** The kubelet is back: the Lease is renewed at once, the Ready condition reported and pods synced again. */
    public void resumeHeartbeats() {
        if (!heartbeating) {
            heartbeating = true;
            pods.resume();
            execute(() -> {
                reportStatus(true);
                heartbeat();
            });
        }
    }

    public boolean heartbeating() {
        return heartbeating;
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        if (heartbeating) {
            StoredObject node = api.store().get(nodes, null, name);
            if (node != null) {
                renewLease(node.node().path("metadata").path("uid").asText());
                if (!timeline.now().isBefore(lastStatusReport.plus(STATUS_REPORT_INTERVAL))) {
                    reportStatus(false);
                }
            }
        }
        renewal = timeline.schedule(LEASE_RENEW_INTERVAL, () -> Actor.run(actor(), this::heartbeat));
    }

    private void renewLease(String nodeUid) {
        String renewTime = MICRO_TIME.format(timeline.now());
        try {
            if (api.store().get(leases, "kube-node-lease", name) == null) {
                api.create(leases, "kube-node-lease", NodeObjects.lease(name, nodeUid, renewTime),
                        ApiServer.WriteOptions.DEFAULT);
            } else {
                api.modify(leases, "kube-node-lease", name, null, lease -> {
                    ((ObjectNode) lease.path("spec")).put("renewTime", renewTime).put("holderIdentity", name)
                            .put("leaseDurationSeconds", NodeObjects.LEASE_DURATION_SECONDS);
                    return lease;
                });
            }
        } catch (ApiException e) {
            // the node or the lease went away meanwhile; the next heartbeat tries again
        }
    }

    /**
     * Writes the kubelet's conditions with a fresh heartbeat. {@code recovered} also turns conditions that the
     * node lifecycle controller set to Unknown back to the kubelet's own view.
     */
    private void reportStatus(boolean recovered) {
        lastStatusReport = timeline.now();
        String now = api.now();
        try {
            api.modify(nodes, null, name, "status", node -> {
                ObjectNode status = (ObjectNode) node.path("status");
                var fresh = NodeObjects.conditions(now, true);
                var old = status.path("conditions");
                for (var c : fresh) {
                    ObjectNode condition = (ObjectNode) c;
                    for (var o : old) {
                        if (o.path("type").asText().equals(condition.path("type").asText())
                                && o.path("status").asText().equals(condition.path("status").asText())) {
                            condition.put("lastTransitionTime", o.path("lastTransitionTime").asText(now));
                        }
                    }
                }
                if (recovered || !old.isArray() || old.isEmpty()) {
                    status.set("conditions", fresh);
                } else {
                    for (var o : old) {
                        ((ObjectNode) o).put("lastHeartbeatTime", now);
                    }
                }
                return node;
            });
        } catch (ApiException e) {
            // the node is gone; nothing to report on
        }
    }

    @Override
    public void close() {
        closed = true;
        execute(pods::close);
        if (renewal != null) {
            renewal.cancel();
        }
    }
}
