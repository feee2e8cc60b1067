package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes run a set's pod (rules 1, 2 and 5): NodeShouldRunDaemonPod over the set's template with the daemon
 * tolerations added. Built once per set, asked once per node.
 */
final class Placement {
    /** What rule 1 and rule 2 say of one node. */
    record Fit(boolean shouldRun, boolean shouldContinueRunning) {
        static final Fit NO = new Fit(false, false);
    }

    private final String templateNodeName;
    private final Map<String, String> nodeSelector;
    private final JsonNode requiredAffinity;
    private final JsonNode tolerations;

    private Placement(JsonNode templateSpec) {
        this.templateNodeName = templateSpec.path("nodeName").asText("");
        this.nodeSelector = ObjectMeta.stringMap(templateSpec.path("nodeSelector"));
        this.requiredAffinity = templateSpec.path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        this.tolerations = withDaemonTolerations(templateSpec).path("tolerations");
    }

    static Placement of(JsonNode daemonSet) {
        return new Placement(daemonSet.path("spec").path("template").path("spec"));
    }

    /** NodeShouldRunDaemonPod. */
    Fit fit(JsonNode node) {
        String nodeName = ObjectMeta.name(node);
        if (!templateNodeName.isEmpty() && !templateNodeName.equals(nodeName)) {
            return Fit.NO;
        }
        if (!requiredAffinityMatches(node)) {
            return Fit.NO;
        }
        JsonNode taints = node.path("spec").path("taints");
        if (firstUntolerated(taints, tolerations, Set.of("NoSchedule", "NoExecute")) == null) {
            return new Fit(true, true);
        }
        return new Fit(false, firstUntolerated(taints, tolerations, Set.of("NoExecute")) == null);
    }

    /** GetRequiredNodeAffinity(pod).Match(node): the node selector, then the required terms. */
    private boolean requiredAffinityMatches(JsonNode node) {
        Map<String, String> labels = ObjectMeta.labels(node);
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        if (requiredAffinity.isMissingNode() || requiredAffinity.isNull()) {
            return true;
        }
        for (JsonNode term : requiredAffinity.path("nodeSelectorTerms")) {
            if (termMatches(term, labels, ObjectMeta.name(node))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A NodeSelectorTerm of LazyErrorNodeSelector: an empty term and a term that does not parse match nothing; so
     * does a term whose label requirements or field requirements fail.
     */
    static boolean termMatches(JsonNode term, Map<String, String> labels, String nodeName) {
        JsonNode expressions = term.path("matchExpressions");
        JsonNode fields = term.path("matchFields");
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        boolean matches = true;
        for (JsonNode r : expressions) {
            Boolean m = labelRequirement(r, labels);
            if (m == null) {
                return false;
            }
            matches &= m;
        }
        for (JsonNode r : fields) {
            Boolean m = fieldRequirement(r, nodeName);
            if (m == null) {
                return false;
            }
            matches &= m;
        }
        return matches;
    }

    /** A label requirement of a node selector term; null when it does not parse. */
    private static Boolean labelRequirement(JsonNode r, Map<String, String> labels) {
        String key = r.path("key").asText("");
        List<String> values = Json.strings(r.path("values"));
        String value = labels.get(key);
        switch (r.path("operator").asText("")) {
            case "In":
                return values.isEmpty() ? null : value != null && values.contains(value);
            case "NotIn":
                return values.isEmpty() ? null : value == null || !values.contains(value);
            case "Exists":
                return values.isEmpty() ? value != null : null;
            case "DoesNotExist":
                return values.isEmpty() ? value == null : null;
            case "Gt":
            case "Lt":
                if (values.size() != 1) {
                    return null;
                }
                long bound;
                try {
                    bound = Long.parseLong(values.get(0));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (value == null) {
                    return false;
                }
                try {
                    long actual = Long.parseLong(value);
                    return r.path("operator").asText().equals("Gt") ? actual > bound : actual < bound;
                } catch (NumberFormatException e) {
                    return false;
                }
            default:
                return null;
        }
    }

    /** A field requirement: only metadata.name, In or NotIn with exactly one value; null otherwise. */
    private static Boolean fieldRequirement(JsonNode r, String nodeName) {
        List<String> values = Json.strings(r.path("values"));
        if (!r.path("key").asText("").equals("metadata.name") || values.size() != 1) {
            return null;
        }
        return switch (r.path("operator").asText("")) {
            case "In" -> nodeName.equals(values.get(0));
            case "NotIn" -> !nodeName.equals(values.get(0));
            default -> null;
        };
    }

    /** FindMatchingUntoleratedTaint: the first taint with one of {@code effects} that no toleration tolerates. */
    static JsonNode firstUntolerated(JsonNode taints, JsonNode tolerations, Set<String> effects) {
        for (JsonNode taint : taints) {
            if (!effects.contains(taint.path("effect").asText(""))) {
                continue;
            }
            boolean tolerated = false;
            for (JsonNode t : tolerations) {
                if (tolerates(t, taint)) {
                    tolerated = true;
                    break;
                }
            }
            if (!tolerated) {
                return taint;
            }
        }
        return null;
    }

    /** Toleration.ToleratesTaint: effect (empty matches all), key (empty matches all), then operator. */
    static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText(""))) {
            return false;
        }
        String key = toleration.path("key").asText("");
        if (!key.isEmpty() && !key.equals(taint.path("key").asText(""))) {
            return false;
        }
        return switch (toleration.path("operator").asText("")) {
            case "", "Equal" -> toleration.path("value").asText("").equals(taint.path("value").asText(""));
            case "Exists" -> true;
            default -> false;
        };
    }

    /** The tolerations of rule 5, in the order AddOrUpdateDaemonPodTolerations adds them. */
    private static List<ObjectNode> daemonTolerations(boolean hostNetwork) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(toleration("node.kubernetes.io/not-ready", "NoExecute"));
        out.add(toleration("node.kubernetes.io/unreachable", "NoExecute"));
        out.add(toleration("node.kubernetes.io/disk-pressure", "NoSchedule"));
        out.add(toleration("node.kubernetes.io/memory-pressure", "NoSchedule"));
        out.add(toleration("node.kubernetes.io/pid-pressure", "NoSchedule"));
        out.add(toleration("node.kubernetes.io/unschedulable", "NoSchedule"));
        if (hostNetwork) {
            out.add(toleration("node.kubernetes.io/network-unavailable", "NoSchedule"));
        }
        return out;
    }

    private static ObjectNode toleration(String key, String effect) {
        return Json.object().put("key", key).put("operator", "Exists").put("effect", effect);
    }

    /** A copy of a pod spec with the daemon tolerations added or updated (AddOrUpdateTolerationInPodSpec). */
    static ObjectNode withDaemonTolerations(JsonNode podSpec) {
        ObjectNode spec = podSpec.isObject() ? (ObjectNode) podSpec.deepCopy() : Json.object();
        List<JsonNode> tolerations = new ArrayList<>();
        spec.path("tolerations").forEach(tolerations::add);
        for (ObjectNode wanted : daemonTolerations(spec.path("hostNetwork").asBoolean(false))) {
            boolean found = false;
            for (int i = 0; i < tolerations.size(); i++) {
                if (sameToleration(tolerations.get(i), wanted)) {
                    tolerations.set(i, wanted);
                    found = true;
                }
            }
            if (!found) {
                tolerations.add(wanted);
            }
        }
        ArrayNode array = spec.putArray("tolerations");
        tolerations.forEach(array::add);
        return spec;
    }

    /** Toleration.MatchToleration: the same key, operator, value and effect. */
    private static boolean sameToleration(JsonNode a, JsonNode b) {
        for (String field : List.of("key", "operator", "value", "effect")) {
            if (!a.path(field).asText("").equals(b.path(field).asText(""))) {
                return false;
            }
        }
        return true;
    }
}
