package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A DeploymentStatus as the controller computes and compares it (reflect.DeepEqual), with its conditions
 * handled as DU's Get/Set/RemoveDeploymentCondition do (rule D19).
 */
final class Status {
    long observedGeneration;
    int replicas;
    int updatedReplicas;
    int readyReplicas;
    int availableReplicas;
    int unavailableReplicas;
    List<Condition> conditions = new ArrayList<>();
    Integer collisionCount;

    /** One DeploymentCondition; times are RFC 3339 with whole seconds. */
    record Condition(String type, String status, String lastUpdateTime, String lastTransitionTime, String reason,
                     String message) {
        Condition withTransition(String time) {
            return new Condition(type, status, lastUpdateTime, time, reason, message);
        }
    }

    static Status parse(JsonNode status) {
        Status s = new Status();
        s.observedGeneration = status.path("observedGeneration").asLong(0);
        s.replicas = status.path("replicas").asInt(0);
        s.updatedReplicas = status.path("updatedReplicas").asInt(0);
        s.readyReplicas = status.path("readyReplicas").asInt(0);
        s.availableReplicas = status.path("availableReplicas").asInt(0);
        s.unavailableReplicas = status.path("unavailableReplicas").asInt(0);
        for (JsonNode c : status.path("conditions")) {
            s.conditions.add(new Condition(c.path("type").asText(""), c.path("status").asText(""),
                    c.path("lastUpdateTime").asText(""), c.path("lastTransitionTime").asText(""),
                    c.path("reason").asText(""), c.path("message").asText("")));
        }
        JsonNode count = status.path("collisionCount");
        s.collisionCount = count.isNumber() ? count.asInt() : null;
        return s;
    }

    Condition condition(String type) {
        for (Condition c : conditions) {
            if (c.type().equals(type)) {
                return c;
            }
        }
        return null;
    }

    /** SetDeploymentCondition: same status and reason change nothing; same status keeps the transition time. */
    void set(Condition condition) {
        Condition current = condition(condition.type());
        if (current != null && current.status().equals(condition.status())
                && current.reason().equals(condition.reason())) {
            return;
        }
        Condition next = condition;
        if (current != null && current.status().equals(condition.status())) {
            next = condition.withTransition(current.lastTransitionTime());
        }
        remove(condition.type());
        conditions.add(next);
    }

    void remove(String type) {
        conditions.removeIf(c -> c.type().equals(type));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Status s && observedGeneration == s.observedGeneration && replicas == s.replicas
                && updatedReplicas == s.updatedReplicas && readyReplicas == s.readyReplicas
                && availableReplicas == s.availableReplicas && unavailableReplicas == s.unavailableReplicas
                && conditions.equals(s.conditions) && java.util.Objects.equals(collisionCount, s.collisionCount);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(observedGeneration, replicas, conditions);
    }

    /** apps/v1 DeploymentStatus on the wire: its field order, zero counts omitted. */
    ObjectNode toJson() {
        ObjectNode out = Json.object();
        if (observedGeneration != 0) {
            out.put("observedGeneration", observedGeneration);
        }
        putNonZero(out, "replicas", replicas);
        putNonZero(out, "updatedReplicas", updatedReplicas);
        putNonZero(out, "readyReplicas", readyReplicas);
        putNonZero(out, "availableReplicas", availableReplicas);
        putNonZero(out, "unavailableReplicas", unavailableReplicas);
        if (!conditions.isEmpty()) {
            ArrayNode list = out.putArray("conditions");
            for (Condition c : conditions) {
                ObjectNode n = list.addObject();
                n.put("type", c.type());
                n.put("status", c.status());
                n.put("lastUpdateTime", c.lastUpdateTime());
                n.put("lastTransitionTime", c.lastTransitionTime());
                n.put("reason", c.reason());
                n.put("message", c.message());
            }
        }
        if (collisionCount != null) {
            out.put("collisionCount", collisionCount.intValue());
        }
        return out;
    }

    private static void putNonZero(ObjectNode out, String field, int value) {
        if (value != 0) {
            out.put(field, value);
        }
    }
}
