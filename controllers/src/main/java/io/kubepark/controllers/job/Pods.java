package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;
import java.util.Comparator;

/** What the Job controller reads of a pod. */
final class Pods {
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";

    private Pods() {
    }

    static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("Pending");
    }

    static boolean succeeded(JsonNode pod) {
        return phase(pod).equals("Succeeded");
    }

    static boolean terminal(JsonNode pod) {
        String phase = phase(pod);
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /** controller.FilterActivePods: neither finished nor being deleted. */
    static boolean active(JsonNode pod) {
        return !terminal(pod) && !ObjectMeta.deleting(pod);
    }

    /** controller.CountTerminatingPods: being deleted and not finished. */
    static boolean terminating(JsonNode pod) {
        return ObjectMeta.deleting(pod) && !terminal(pod);
    }

    static boolean hasFinalizer(JsonNode pod) {
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (f.asText().equals(TRACKING_FINALIZER)) {
                return true;
            }
        }
        return false;
    }

    static boolean ready(JsonNode pod) {
        return conditionTrue(pod, "Ready");
    }

    static boolean conditionTrue(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** getCompletionIndex: the index annotation, or -1 when it is missing or not a number. */
    static int index(JsonNode pod) {
        String value = pod.path("metadata").path("annotations").path(COMPLETION_INDEX).asText("");
        try {
            int ix = Integer.parseInt(value);
            return ix < 0 ? -1 : ix;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** getFinishedTime: the latest container finish, else when Ready turned False, else the deletion, else creation. */
    static Instant finishedTime(JsonNode pod) {
        Instant latest = null;
        JsonNode statuses = pod.path("status").path("containerStatuses");
        boolean allTerminated = statuses.isArray() && !statuses.isEmpty();
        for (JsonNode c : statuses) {
            Instant at = time(c.path("state").path("terminated").path("finishedAt"));
            if (at == null) {
                allTerminated = false;
                break;
            }
            if (latest == null || at.isAfter(latest)) {
                latest = at;
            }
        }
        if (allTerminated && latest != null) {
            return latest;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("False")) {
                Instant at = time(c.path("lastTransitionTime"));
                if (at != null) {
                    return at;
                }
            }
        }
        Instant deletion = time(pod.path("metadata").path("deletionTimestamp"));
        if (deletion != null) {
            return deletion.minusSeconds(pod.path("metadata").path("deletionGracePeriodSeconds").asLong(0));
        }
        Instant created = time(pod.path("metadata").path("creationTimestamp"));
        return created == null ? Instant.EPOCH : created;
    }

    static Instant time(JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int phaseRank(JsonNode pod) {
        return switch (phase(pod)) {
            case "Pending" -> 0;
            case "Running" -> 2;
            default -> 1;
        };
    }

    private static int restarts(JsonNode pod) {
        int n = 0;
        for (JsonNode c : pod.path("status").path("containerStatuses")) {
            n = Math.max(n, c.path("restartCount").asInt(0));
        }
        return n;
    }

    /**
     * controller.ActivePods: the pods to delete first come first — unscheduled, then pending, not ready, more
     * restarts, newer.
     */
    static final Comparator<JsonNode> DELETE_FIRST = Comparator
            .<JsonNode, Boolean>comparing(p -> !p.path("spec").path("nodeName").asText("").isEmpty())
            .thenComparingInt(Pods::phaseRank)
            .thenComparing(Pods::ready)
            .thenComparing(Comparator.comparingInt(Pods::restarts).reversed())
            .thenComparing(Comparator.comparing(
                    (JsonNode p) -> p.path("metadata").path("creationTimestamp").asText("")).reversed());
}
