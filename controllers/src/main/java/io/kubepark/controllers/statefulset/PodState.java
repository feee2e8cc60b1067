package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The pod conditions the sync looks at. */
final class PodState {
    private PodState() {
    }

    static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    /** A pod object the API server holds: it has a phase. Planned pods have none. */
    static boolean isCreated(JsonNode pod) {
        return !phase(pod).isEmpty();
    }

    static boolean isFailedOrSucceeded(JsonNode pod) {
        String phase = phase(pod);
        return phase.equals("Failed") || phase.equals("Succeeded");
    }

    static boolean isPending(JsonNode pod) {
        return phase(pod).equals("Pending");
    }

    static boolean isTerminating(JsonNode pod) {
        return ObjectMeta.deleting(pod);
    }

    static boolean isReady(JsonNode pod) {
        JsonNode ready = readyCondition(pod);
        return ready != null && ready.path("status").asText().equals("True");
    }

    static boolean isRunningAndReady(JsonNode pod) {
        return phase(pod).equals("Running") && isReady(pod);
    }

    static boolean isHealthy(JsonNode pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    /**
     * pod.IsPodAvailable: Ready, and with minReadySeconds above 0 the Ready condition turned true strictly
     * more than minReadySeconds before now. The phase is not looked at.
     */
    static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = time(readyCondition(pod).path("lastTransitionTime").asText(""));
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    private static JsonNode readyCondition(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition;
            }
        }
        return null;
    }

    private static Instant time(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
