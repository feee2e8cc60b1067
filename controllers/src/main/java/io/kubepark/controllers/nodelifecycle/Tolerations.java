package io.kubepark.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Toleration matching and the NoExecute eviction deadline (E9), pure. */
final class Tolerations {
    private Tolerations() {}

    /**
     * Whether a toleration tolerates a taint: the effect matches (an empty effect matches all), the key is equal
     * (an empty key with Exists matches every key), and Equal compares values while Exists ignores them.
     */
    static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText(""))) {
            return false;
        }
        String key = toleration.path("key").asText("");
        String operator = toleration.path("operator").asText("Equal");
        if (key.isEmpty()) {
            return operator.equals("Exists");
        }
        if (!key.equals(taint.path("key").asText(""))) {
            return false;
        }
        return operator.equals("Exists") || toleration.path("value").asText("").equals(taint.path("value").asText(""));
    }

    /**
     * How long a pod may stay on a node with these NoExecute taints: {@code Duration.ZERO} when one is not
     * tolerated (or a matching toleration allows 0 seconds or fewer), the smallest tolerationSeconds of the
     * matching tolerations, or null when they tolerate the taints forever.
     */
    static Duration allowedTime(JsonNode pod, List<JsonNode> noExecuteTaints) {
        List<JsonNode> used = new ArrayList<>();
        for (JsonNode taint : noExecuteTaints) {
            boolean tolerated = false;
            for (JsonNode t : pod.path("spec").path("tolerations")) {
                if (tolerates(t, taint)) {
                    tolerated = true;
                    used.add(t);
                }
            }
            if (!tolerated) {
                return Duration.ZERO;
            }
        }
        Long min = null;
        for (JsonNode t : used) {
            if (t.hasNonNull("tolerationSeconds")) {
                long seconds = t.path("tolerationSeconds").asLong();
                if (seconds <= 0) {
                    return Duration.ZERO;
                }
                min = min == null ? seconds : Math.min(min, seconds);
            }
        }
        return min == null ? null : Duration.ofSeconds(min);
    }
}
