package io.kubepark.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The node lifecycle controller's decisions (E8), pure: which conditions a node whose kubelet went silent gets,
 * and which taints its conditions and {@code spec.unschedulable} call for.
 */
final class NodeHealth {
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    private static final Set<String> MANAGED = Set.of(UNREACHABLE, NOT_READY, UNSCHEDULABLE,
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure");

    private NodeHealth() {}

    /** When the node was last heard from: its Lease's renewTime or its Ready heartbeat, whichever is later. */
    static Instant lastHeard(JsonNode node, JsonNode lease) {
        Instant heard = parse(node.path("metadata").path("creationTimestamp").asText(""));
        Instant renewed = lease == null ? null : parse(lease.path("spec").path("renewTime").asText(""));
        Instant heartbeat = parse(condition(node, "Ready").path("lastHeartbeatTime").asText(""));
        for (Instant t : new Instant[] {renewed, heartbeat}) {
            if (t != null && (heard == null || t.isAfter(heard))) {
                heard = t;
            }
        }
        return heard;
    }

    /**
     * The node's conditions once it has been silent longer than the grace period: every condition Unknown with
     * reason NodeStatusUnknown (NodeStatusNeverUpdated for a node that never had any); null when nothing changes
     * (it is not silent, or is marked already).
     */
    static ArrayNode silentConditions(JsonNode node, JsonNode lease, Instant now, Duration grace, String nowText) {
        Instant heard = lastHeard(node, lease);
        if (heard == null || !now.isAfter(heard.plus(grace))) {
            return null;
        }
        if ("Unknown".equals(condition(node, "Ready").path("status").asText())) {
            return null;
        }
        ArrayNode out = Json.NODES.arrayNode();
        if (node.path("status").path("conditions").isEmpty()) {
            // a Node no kubelet ever reported on
            for (String type : new String[] {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
                out.addObject().put("type", type).put("status", "Unknown").put("lastHeartbeatTime", nowText)
                        .put("lastTransitionTime", nowText).put("reason", "NodeStatusNeverUpdated")
                        .put("message", "Kubelet never posted node status.");
            }
            return out;
        }
        for (JsonNode c : node.path("status").path("conditions")) {
            ObjectNode copy = c.deepCopy();
            if (!"Unknown".equals(copy.path("status").asText())) {
                copy.put("lastTransitionTime", nowText);
            }
            copy.put("status", "Unknown").put("reason", "NodeStatusUnknown")
                    .put("message", "Kubelet stopped posting node status.");
            out.add(copy);
        }
        return out;
    }

    /**
     * The node's taints as the controller wants them: others' taints kept in place, then the ones its conditions
     * and {@code spec.unschedulable} call for. A NoExecute taint keeps the {@code timeAdded} it already has, else
     * gets {@code nowText}. Returns null when the taints are already right.
     */
    static ArrayNode taints(JsonNode node, String nowText) {
        List<String[]> wanted = new ArrayList<>();
        String ready = condition(node, "Ready").path("status").asText("");
        if (ready.equals("Unknown")) {
            wanted.add(new String[] {UNREACHABLE, "NoSchedule"});
            wanted.add(new String[] {UNREACHABLE, "NoExecute"});
        } else if (ready.equals("False")) {
            wanted.add(new String[] {NOT_READY, "NoSchedule"});
            wanted.add(new String[] {NOT_READY, "NoExecute"});
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            wanted.add(new String[] {UNSCHEDULABLE, "NoSchedule"});
        }
        for (String[] pressure : new String[][] {{"MemoryPressure", "memory-pressure"},
                {"DiskPressure", "disk-pressure"}, {"PIDPressure", "pid-pressure"}}) {
            if ("True".equals(condition(node, pressure[0]).path("status").asText())) {
                wanted.add(new String[] {"node.kubernetes.io/" + pressure[1], "NoSchedule"});
            }
        }
        JsonNode current = node.path("spec").path("taints");
        ArrayNode out = Json.NODES.arrayNode();
        List<String> currentManaged = new ArrayList<>();
        for (JsonNode t : current) {
            if (MANAGED.contains(t.path("key").asText())) {
                currentManaged.add(t.path("key").asText() + ":" + t.path("effect").asText());
            } else {
                out.add(t);
            }
        }
        List<String> wantedKeys = wanted.stream().map(w -> w[0] + ":" + w[1]).toList();
        if (currentManaged.size() == wantedKeys.size() && currentManaged.containsAll(wantedKeys)) {
            return null;
        }
        for (String[] w : wanted) {
            ObjectNode taint = out.addObject().put("key", w[0]).put("effect", w[1]);
            if (w[1].equals("NoExecute")) {
                String added = nowText;
                for (JsonNode t : current) {
                    if (t.path("key").asText().equals(w[0]) && t.path("effect").asText().equals(w[1])
                            && t.hasNonNull("timeAdded")) {
                        added = t.path("timeAdded").asText();
                    }
                }
                taint.put("timeAdded", added);
            }
        }
        return out;
    }

    static JsonNode condition(JsonNode node, String type) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return Json.object();
    }

    static Instant parse(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
