package io.kubepark.apiserver.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the control plane did, in commit order: who created, changed or deleted which object, at what time on the
 * control plane's clock, and the object's state afterwards. Leases and Events are left out (heartbeats and
 * notes, not changes of state), as are Node writes that leave the node's state as it was.
 */
public final class Journal implements Store.CommitListener {
    /** Entries kept; older ones are dropped first. */
    public static final int LIMIT = 100_000;
    /** The actor of writes made in process outside any controller. */
    public static final String UNNAMED = "kubepark";

    private static final Set<String> LEFT_OUT = Set.of("coordination.k8s.io/leases", "/events", "events.k8s.io/events");

    /**
     * One change. {@code action} is {@code created}, {@code updated}, {@code deleting} (a deletion that waits
     * for finalizers or a grace period) or {@code deleted}; {@code state} is a short summary such as
     * {@code Running ready node-1}.
     */
    public record Entry(long sequence, Instant time, String actor, String action, String kind, String namespace,
            String name, long resourceVersion, String state) {
        @Override
        public String toString() {
            return String.format("%6d %s %-28s %-8s %s %s%s%s", sequence, time, actor, action, kind,
                    namespace == null ? "" : namespace + "/", name, state.isEmpty() ? "" : " (" + state + ")");
        }
    }

    private final Clock clock;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long sequence;

    public Journal(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void committed(ResourceType type, WatchEvent.Type event, StoredObject previous, StoredObject now) {
        if (LEFT_OUT.contains(type.storageKey())) {
            return;
        }
        String state = State.of(type.kind(), now.node());
        String action = switch (event) {
            case ADDED -> "created";
            case DELETED -> "deleted";
            default -> deletionStarted(previous, now) ? "deleting" : "updated";
        };
        if (action.equals("updated") && type.kind().equals("Node") && previous != null
                && state.equals(State.of("Node", previous.node()))) {
            return;
        }
        String actor = Actor.current();
        synchronized (entries) {
            entries.addLast(new Entry(++sequence, clock.instant(), actor == null ? UNNAMED : actor, action,
                    type.kind(), now.namespace(), now.name(), now.resourceVersion(), state));
            if (entries.size() > LIMIT) {
                entries.removeFirst();
            }
        }
    }

    private static boolean deletionStarted(StoredObject previous, StoredObject now) {
        return previous != null && !previous.node().path("metadata").has("deletionTimestamp")
                && now.node().path("metadata").has("deletionTimestamp");
    }

    /** The sequence number of the newest entry (0 before the first). */
    public long last() {
        synchronized (entries) {
            return sequence;
        }
    }

    /** The entries after {@code sequence}, oldest first. */
    public List<Entry> since(long sequence) {
        synchronized (entries) {
            List<Entry> out = new ArrayList<>();
            for (Entry e : entries) {
                if (e.sequence() > sequence) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** The short state summaries of the kinds whose life has phases. */
    static final class State {
        private State() {
        }

        static String of(String kind, JsonNode object) {
            JsonNode status = object.path("status");
            return switch (kind) {
                case "Pod" -> join(status.path("phase").asText(""),
                        condition(status, "Ready").equals("True") ? "ready" : "",
                        object.path("spec").path("nodeName").asText(""));
                case "PersistentVolumeClaim" -> join(status.path("phase").asText(""),
                        object.path("spec").path("volumeName").asText(""));
                case "PersistentVolume" -> join(status.path("phase").asText(""),
                        object.path("spec").path("claimRef").path("name").asText(""));
                case "Node" -> join(condition(status, "Ready").equals("True") ? "Ready" : "NotReady",
                        object.path("spec").path("unschedulable").asBoolean() ? "SchedulingDisabled" : "");
                case "StatefulSet", "ReplicaSet", "Deployment", "ReplicationController" -> "ready "
                        + status.path("readyReplicas").asInt(0) + "/" + object.path("spec").path("replicas").asInt(1);
                case "DaemonSet" -> "ready " + status.path("numberReady").asInt(0) + "/"
                        + status.path("desiredNumberScheduled").asInt(0);
                case "Job" -> join("succeeded " + status.path("succeeded").asInt(0),
                        condition(status, "Complete").equals("True") ? "Complete" : "",
                        condition(status, "Failed").equals("True") ? "Failed" : "");
                case "PodDisruptionBudget" -> "disruptions allowed " + status.path("disruptionsAllowed").asInt(0);
                default -> "";
            };
        }

        private static String condition(JsonNode status, String type) {
            for (JsonNode c : status.path("conditions")) {
                if (type.equals(c.path("type").asText())) {
                    return c.path("status").asText("");
                }
            }
            return "";
        }

        private static String join(String... parts) {
            StringBuilder b = new StringBuilder();
            for (String p : parts) {
                if (!p.isEmpty()) {
                    b.append(b.length() == 0 ? "" : " ").append(p);
                }
            }
            return b.toString();
        }
    }
}
