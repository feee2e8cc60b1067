package io.kubepark.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sets a condition in an object's {@code status.conditions}, as every writer of pod conditions does. */
public final class PodConditions {
    private PodConditions() {}

    /**
     * Sets condition {@code type} to {@code status} with {@code reason} and {@code message} (null leaves them out),
     * adding it when missing. Its {@code lastTransitionTime} becomes {@code now} only when the status changes; its
     * {@code lastProbeTime} is null, as the API server writes it.
     */
    public static void set(ObjectNode object, String type, String status, String reason, String message, String now) {
        ObjectNode s = Json.child(object, "status");
        ArrayNode conditions = s.has("conditions") && s.get("conditions").isArray() ? (ArrayNode) s.get("conditions")
                : s.putArray("conditions");
        ObjectNode condition = null;
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals(type)) {
                condition = (ObjectNode) c;
            }
        }
        if (condition == null) {
            condition = conditions.addObject().put("type", type);
        }
        if (!status.equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", now);
        }
        condition.put("status", status).putNull("lastProbeTime");
        if (reason == null) {
            condition.remove("reason");
        } else {
            condition.put("reason", reason);
        }
        if (message == null) {
            condition.remove("message");
        } else {
            condition.put("message", message);
        }
    }
}
