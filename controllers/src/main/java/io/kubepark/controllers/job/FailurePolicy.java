package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;

/** matchPodFailurePolicy of pkg/controller/job/pod_failure_policy.go. Rules J17–J19. */
final class FailurePolicy {
    /**
     * The result of matching a failed pod.
     *
     * @param failJobMessage the Job's failure message when a FailJob rule matched, else null
     * @param countFailed whether the failure counts against the back-off limit (false for Ignore)
     * @param action the matching rule's action, or null when none matched
     */
    record Match(String failJobMessage, boolean countFailed, String action) {
        static final Match NONE = new Match(null, true, null);
    }

    private FailurePolicy() {
    }

    static Match match(JsonNode policy, JsonNode pod) {
        if (policy == null || !policy.isObject()) {
            return Match.NONE;
        }
        int index = 0;
        for (JsonNode rule : policy.path("rules")) {
            String action = rule.path("action").asText("");
            if (rule.has("onExitCodes")) {
                JsonNode container = matchExitCodes(pod.path("status"), rule.path("onExitCodes"));
                if (container != null) {
                    Match m = act(action, "Container " + container.path("name").asText() + " for pod "
                            + ObjectMeta.namespace(pod) + "/" + ObjectMeta.name(pod) + " failed with exit code "
                            + container.path("state").path("terminated").path("exitCode").asInt()
                            + " matching FailJob rule at index " + index);
                    if (m != null) {
                        return m;
                    }
                }
            } else if (rule.has("onPodConditions")) {
                JsonNode condition = matchConditions(pod.path("status"), rule.path("onPodConditions"));
                if (condition != null) {
                    Match m = act(action, "Pod " + ObjectMeta.namespace(pod) + "/" + ObjectMeta.name(pod)
                            + " has condition " + condition.path("type").asText() + " matching FailJob rule at index "
                            + index);
                    if (m != null) {
                        return m;
                    }
                }
            }
            index++;
        }
        return Match.NONE;
    }

    /** The match for a rule's action; null for an action the switch falls through (as Go's does). */
    private static Match act(String action, String failJobMessage) {
        return switch (action) {
            case "Ignore" -> new Match(null, false, "Ignore");
            case "FailIndex" -> new Match(null, true, "FailIndex");
            case "Count" -> new Match(null, true, "Count");
            case "FailJob" -> new Match(failJobMessage, true, "FailJob");
            default -> null;
        };
    }

    private static JsonNode matchExitCodes(JsonNode status, JsonNode requirement) {
        JsonNode c = matchIn(status.path("containerStatuses"), requirement);
        return c != null ? c : matchIn(status.path("initContainerStatuses"), requirement);
    }

    private static JsonNode matchIn(JsonNode statuses, JsonNode requirement) {
        String name = requirement.path("containerName").asText(null);
        for (JsonNode c : statuses) {
            JsonNode terminated = c.path("state").path("terminated");
            if (!terminated.isObject()) {
                continue;
            }
            if (name != null && !name.equals(c.path("name").asText())) {
                continue;
            }
            int code = terminated.path("exitCode").asInt(0);
            if (code == 0) {
                continue;
            }
            boolean in = false;
            for (JsonNode v : requirement.path("values")) {
                if (v.asInt() == code) {
                    in = true;
                }
            }
            String op = requirement.path("operator").asText("");
            if ((op.equals("In") && in) || (op.equals("NotIn") && !in)) {
                return c;
            }
        }
        return null;
    }

    private static JsonNode matchConditions(JsonNode status, JsonNode patterns) {
        for (JsonNode c : status.path("conditions")) {
            for (JsonNode p : patterns) {
                if (c.path("type").asText().equals(p.path("type").asText())
                        && c.path("status").asText().equals(p.path("status").asText("True"))) {
                    return c;
                }
            }
        }
        return null;
    }
}
