package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading the fields of a pod or node that several plugins need. */
final class PodSpecs {

    private PodSpecs() {
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String namespace(JsonNode pod) {
        String ns = pod.path("metadata").path("namespace").asText();
        return ns.isEmpty() ? "default" : ns;
    }

    static String uid(JsonNode pod) {
        return pod.path("metadata").path("uid").asText();
    }

    /** {@code spec.priority}, 0 when unset (the Priority admission fills it in). */
    static int priority(JsonNode pod) {
        return pod.path("spec").path("priority").asInt(0);
    }

    static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static boolean terminating(JsonNode pod) {
        JsonNode ts = pod.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    /** Whether one of {@code tolerations} tolerates {@code taint} (v1 Toleration.ToleratesTaint). */
    static boolean tolerates(JsonNode tolerations, JsonNode taint) {
        for (JsonNode t : tolerations) {
            if (tolerates1(t, taint)) {
                return true;
            }
        }
        return false;
    }

    private static boolean tolerates1(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asText();
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
            return false;
        }
        String key = toleration.path("key").asText();
        if (!key.isEmpty() && !key.equals(taint.path("key").asText())) {
            return false;
        }
        return switch (toleration.path("operator").asText("Equal")) {
            case "Exists" -> true;
            case "", "Equal" -> toleration.path("value").asText().equals(taint.path("value").asText());
            default -> false;
        };
    }

    /** Whether the node's NoSchedule and NoExecute taints are all tolerated by the pod. */
    static boolean toleratesHardTaints(JsonNode pod, JsonNode node) {
        return firstUntolerated(pod, node) == null;
    }

    /** The first NoSchedule or NoExecute taint of the node that the pod does not tolerate, or null. */
    static JsonNode firstUntolerated(JsonNode pod, JsonNode node) {
        JsonNode tolerations = pod.path("spec").path("tolerations");
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asText();
            if ((effect.equals("NoSchedule") || effect.equals("NoExecute")) && !tolerates(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    /** Whether the pod is owned by a ReplicaSet, StatefulSet or ReplicationController as controller. */
    static boolean controlledBySelectorOwner(JsonNode pod) {
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String kind = ref.path("kind").asText();
                return kind.equals("ReplicaSet") || kind.equals("StatefulSet") || kind.equals("ReplicationController");
            }
        }
        return false;
    }
}
