package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** What workload controllers read from a pod (pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go). */
public final class Pods {
    private Pods() {
    }

    public static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    public static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
    public static boolean isActive(JsonNode pod) {
        String phase = phase(pod);
        return !phase.equals("Succeeded") && !phase.equals("Failed") && !ObjectMeta.deleting(pod);
    }

    /** podutil.IsPodReady: the Ready condition is True, whatever the phase. */
    public static boolean isReady(JsonNode pod) {
        JsonNode ready = readyCondition(pod);
        return ready != null && ready.path("status").asText().equals("True");
    }

    /** When a Ready pod's Ready condition last turned True, or null. */
    public static Instant readySince(JsonNode pod) {
        JsonNode ready = readyCondition(pod);
        if (ready == null || !ready.path("status").asText().equals("True")) {
            return null;
        }
        return time(ready.path("lastTransitionTime").asText(""));
    }

    /**
     * podutil.IsPodAvailable: Ready, and with minReadySeconds above 0 Ready since strictly more than minReadySeconds
     * before now.
     */
    public static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** The highest restartCount among the pod's containers. */
    public static int maxRestarts(JsonNode pod) {
        int max = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            max = Math.max(max, status.path("restartCount").asInt(0));
        }
        return max;
    }

    public static Instant created(JsonNode obj) {
        return time(obj.path("metadata").path("creationTimestamp").asText(""));
    }

    /** An RFC 3339 time, or null when absent or unreadable. */
    public static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode readyCondition(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition;
            }
        }
        return null;
    }
}
