package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodDisruptionBudgets;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.OwnerReferences;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions of the disruption controller (pkg/controller/disruption/disruption.go), rules 10–25 of
 * docs/workloads/disruption.md: a pure function from a budget, its pods and their controllers to the budget's new
 * status and the events to record.
 */
public final class DisruptionPlanner {
    /** stalePodDisruptionTimeout (rule 25). */
    public static final Duration STALE_DISRUPTION_TIMEOUT = Duration.ofMinutes(2);

    private DisruptionPlanner() {
    }

    /** One sync of a budget: trySync, ending in the fail-safe when the expected count cannot be found. */
    public static BudgetPlan plan(BudgetSnapshot s) {
        JsonNode budget = s.budget();
        String now = format(s.now());
        List<BudgetPlan.Event> events = new ArrayList<>();
        if (s.pods().isEmpty()) {
            events.add(new BudgetPlan.Event(null, "Normal", "NoPods", "No matching pods found"));
        }
        Expected expected;
        try {
            expected = expected(budget, s.pods(), s.owners());
        } catch (CountFailure e) {
            events.add(new BudgetPlan.Event(null, "Warning", "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage()));
            return new BudgetPlan(unchanged(budget, failSafe(budget, e.getMessage(), now)), events, null);
        }
        if (!expected.unmanaged().isEmpty()) {
            events.add(new BudgetPlan.Event(null, "Warning", "UnmanagedPods", "Pods selected by this "
                    + "PodDisruptionBudget (selector: " + goSelector(budget.path("spec").path("selector"))
                    + ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated "
                    + "correctly, which may result in undefined behavior. To account for these pods please set "
                    + "\".spec.minAvailable\" field of the PDB to an integer value."));
        }
        Map<String, String> disrupted = new TreeMap<>();
        Instant recheck = disruptedPods(budget, s.pods(), s.now(), disrupted, events);
        int healthy = currentHealthy(s.pods(), disrupted, s.now());
        return new BudgetPlan(status(budget, healthy, expected.desiredHealthy(), expected.expectedPods(), disrupted,
                now), events, recheck);
    }

    /** The expected count and the healthy pods wanted (rules 11–17). */
    record Expected(int expectedPods, int desiredHealthy, List<String> unmanaged) {
    }

    /** Why the expected count could not be found: the sync fails with this message (rule 17). */
    static final class CountFailure extends Exception {
        CountFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** getExpectedPodCount. */
    static Expected expected(JsonNode budget, List<JsonNode> pods, Owners owners) throws CountFailure {
        JsonNode spec = budget.path("spec");
        JsonNode max = spec.path("maxUnavailable");
        JsonNode min = spec.path("minAvailable");
        if (!max.isMissingNode() && !max.isNull()) {
            Expected scale = expectedScale(pods, owners);
            int maxUnavailable = scaled(max, scale.expectedPods());
            return new Expected(scale.expectedPods(), Math.max(0, scale.expectedPods() - maxUnavailable),
                    scale.unmanaged());
        }
        if (!min.isMissingNode() && !min.isNull()) {
            if (!min.isTextual()) {
                return new Expected(pods.size(), min.asInt(), List.of());
            }
            Expected scale = expectedScale(pods, owners);
            return new Expected(scale.expectedPods(), scaled(min, scale.expectedPods()), scale.unmanaged());
        }
        return new Expected(0, 0, List.of());
    }

    /** intstr.GetScaledValueFromIntOrPercent with roundUp: percentages round up. */
    static int scaled(JsonNode intOrPercent, int total) throws CountFailure {
        if (!intOrPercent.isTextual()) {
            return intOrPercent.asInt();
        }
        String s = intOrPercent.asText();
        if (!s.endsWith("%")) {
            throw new CountFailure("invalid type: string is not a percentage");
        }
        String digits = s.substring(0, s.length() - 1);
        int value;
        try {
            value = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new CountFailure("invalid value for IntOrString: invalid value \"" + s + "\": strconv.Atoi: "
                    + "parsing \"" + digits + "\": invalid syntax");
        }
        return (int) Math.ceil(value * (double) total / 100);
    }

    /** getExpectedScale: the sum of the replicas of the pods' distinct controllers, and the unmanaged pods. */
    static Expected expectedScale(List<JsonNode> pods, Owners owners) throws CountFailure {
        Map<String, Integer> scaleByUid = new LinkedHashMap<>();
        List<String> unmanaged = new ArrayList<>();
        for (JsonNode pod : pods) {
            JsonNode ref = OwnerReferences.controllerOf(pod);
            if (ref == null) {
                unmanaged.add(ObjectMeta.name(pod));
                continue;
            }
            if (scaleByUid.containsKey(ref.path("uid").asText())) {
                continue;
            }
            Owners.ScaleLookup.Found found = find(ref, ObjectMeta.namespace(pod), owners);
            if (found == null) {
                throw new CountFailure("found no controllers for pod \"" + ObjectMeta.name(pod) + "\"");
            }
            scaleByUid.put(found.uid(), found.replicas());
        }
        int sum = 0;
        for (int replicas : scaleByUid.values()) {
            sum += replicas;
        }
        return new Expected(sum, 0, unmanaged);
    }

    /** The finders, in the real controller's order: RC, Deployment through its RS, RS, StatefulSet, any /scale. */
    private static Owners.ScaleLookup.Found find(JsonNode ref, String namespace, Owners owners) throws CountFailure {
        String name = ref.path("name").asText();
        String uid = ref.path("uid").asText();
        if (isKind(ref, "ReplicationController", "")) {
            JsonNode rc = owners.workload("replicationcontrollers", namespace, name);
            if (rc != null && ObjectMeta.uid(rc).equals(uid)) {
                return replicasOf(rc);
            }
        }
        if (isKind(ref, "ReplicaSet", "apps", "extensions")) {
            JsonNode rs = owners.workload("replicasets", namespace, name);
            if (rs != null && ObjectMeta.uid(rs).equals(uid)) {
                JsonNode rsRef = OwnerReferences.controllerOf(rs);
                if (rsRef != null && isKind(rsRef, "Deployment", "apps", "extensions")) {
                    JsonNode d = owners.workload("deployments", namespace, rsRef.path("name").asText());
                    if (d != null && ObjectMeta.uid(d).equals(rsRef.path("uid").asText())) {
                        return replicasOf(d);
                    }
                }
                // a ReplicaSet whose controller is a Deployment counts only through it
                if (rsRef == null || !rsRef.path("kind").asText().equals("Deployment")) {
                    return replicasOf(rs);
                }
            }
        }
        if (isKind(ref, "StatefulSet", "apps")) {
            JsonNode ss = owners.workload("statefulsets", namespace, name);
            if (ss != null && ObjectMeta.uid(ss).equals(uid)) {
                return replicasOf(ss);
            }
        }
        Owners.ScaleLookup scale = owners.scale(ref.path("apiVersion").asText(), ref.path("kind").asText(), namespace,
                name);
        if (scale instanceof Owners.ScaleLookup.Failed f) {
            throw new CountFailure(f.message());
        }
        if (scale instanceof Owners.ScaleLookup.Found f && f.uid().equals(uid)) {
            return f;
        }
        return null;
    }

    private static Owners.ScaleLookup.Found replicasOf(JsonNode workload) {
        return new Owners.ScaleLookup.Found(ObjectMeta.uid(workload),
                workload.path("spec").path("replicas").asInt(1));
    }

    /** verifyGroupKind: the kind, and the group of the apiVersion one of {@code groups}. */
    private static boolean isKind(JsonNode ref, String kind, String... groups) {
        if (!ref.path("kind").asText().equals(kind)) {
            return false;
        }
        String apiVersion = ref.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return List.of(groups).contains(group);
    }

    /**
     * buildDisruptedPodMap (rule 20): fills {@code kept} with the entries still waiting for their pod's deletion,
     * adds a NotDeleted event for each expired one, and returns when the earliest kept one expires (or null).
     */
    static Instant disruptedPods(JsonNode budget, List<JsonNode> pods, Instant now, Map<String, String> kept,
            List<BudgetPlan.Event> events) {
        Map<String, String> entries = PodDisruptionBudgets.disruptedPods(budget);
        Instant recheck = null;
        if (entries.isEmpty()) {
            return null;
        }
        String namespace = ObjectMeta.namespace(budget);
        for (JsonNode pod : pods) {
            if (ObjectMeta.deleting(pod)) {
                continue;
            }
            String name = ObjectMeta.name(pod);
            String since = entries.get(name);
            if (since == null) {
                continue;
            }
            Instant expected = expiry(since);
            if (expected == null || expected.isBefore(now)) {
                // the real controller names the budget's namespace twice
                events.add(new BudgetPlan.Event(name, "Warning", "NotDeleted", "Pod was expected by PDB " + namespace
                        + "/" + namespace + " to be deleted but it wasn't"));
            } else {
                if (recheck == null || expected.isBefore(recheck)) {
                    recheck = expected;
                }
                kept.put(name, since);
            }
        }
        return recheck;
    }

    private static Instant expiry(String since) {
        try {
            return Instant.parse(since).plus(PodDisruptionBudgets.DELETION_TIMEOUT);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** countHealthyPods (rule 18). */
    static int currentHealthy(List<JsonNode> pods, Map<String, String> disrupted, Instant now) {
        int healthy = 0;
        for (JsonNode pod : pods) {
            if (ObjectMeta.deleting(pod)) {
                continue;
            }
            String since = disrupted.get(ObjectMeta.name(pod));
            Instant expected = since == null ? null : expiry(since);
            if (expected != null && expected.isAfter(now)) {
                continue;
            }
            if (PodDisruptionBudgets.ready(pod)) {
                healthy++;
            }
        }
        return healthy;
    }

    /** updatePdbStatus (rules 19, 21): the new status, or null when nothing it compares has changed. */
    static ObjectNode status(JsonNode budget, int currentHealthy, int desiredHealthy, int expectedPods,
            Map<String, String> disrupted, String now) {
        int allowed = currentHealthy - desiredHealthy;
        if (expectedPods <= 0 || allowed <= 0) {
            allowed = 0;
        }
        JsonNode old = budget.path("status");
        long generation = budget.path("metadata").path("generation").asLong(0);
        if (old.path("currentHealthy").asInt(0) == currentHealthy
                && old.path("desiredHealthy").asInt(0) == desiredHealthy
                && old.path("expectedPods").asInt(0) == expectedPods
                && old.path("disruptionsAllowed").asInt(0) == allowed
                && PodDisruptionBudgets.disruptedPods(budget).equals(disrupted)
                && old.path("observedGeneration").asLong(0) == generation
                && PodDisruptionBudgets.conditionsAreUpToDate(budget)) {
            return null;
        }
        ObjectNode status = Json.object();
        if (generation != 0) {
            status.put("observedGeneration", generation);
        }
        if (!disrupted.isEmpty()) {
            ObjectNode map = status.putObject("disruptedPods");
            disrupted.forEach(map::put);
        }
        status.put("disruptionsAllowed", allowed).put("currentHealthy", currentHealthy)
                .put("desiredHealthy", desiredHealthy).put("expectedPods", expectedPods);
        if (old.path("conditions").isArray()) {
            status.set("conditions", old.path("conditions").deepCopy());
        }
        PodDisruptionBudgets.updateDisruptionAllowedCondition(status, now);
        return PodDisruptionBudgets.canonicalStatus(status);
    }

    /** failSafe (rule 22): no disruption allowed, the condition says why; nothing else moves. */
    static ObjectNode failSafe(JsonNode budget, String message, String now) {
        JsonNode old = budget.path("status");
        ObjectNode status = old.isObject() ? (ObjectNode) old.deepCopy() : Json.object();
        status.put("disruptionsAllowed", 0);
        PodDisruptionBudgets.setCondition(status, PodDisruptionBudgets.DISRUPTION_ALLOWED, "False",
                PodDisruptionBudgets.SYNC_FAILED, message, status.path("observedGeneration").asLong(0), now);
        return PodDisruptionBudgets.canonicalStatus(status);
    }

    /** The status, or null when it equals the stored one. */
    private static ObjectNode unchanged(JsonNode budget, ObjectNode status) {
        return status.equals(budget.path("status")) ? null : status;
    }

    /**
     * When the disruption controller resets a pod's DisruptionTarget condition (rule 25), or null when the pod has
     * no stale one to reset: True, not set by the kubelet, the pod neither deleting nor finished.
     */
    public static Instant staleDisruptionAt(JsonNode pod) {
        if (ObjectMeta.deleting(pod)) {
            return null;
        }
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return null;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("DisruptionTarget")) {
                if (!c.path("status").asText().equals("True")
                        || c.path("reason").asText().equals("TerminationByKubelet")) {
                    return null;
                }
                try {
                    return Instant.parse(c.path("lastTransitionTime").asText()).plus(STALE_DISRUPTION_TIMEOUT);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A metav1.LabelSelector as its generated String() prints it, for the UnmanagedPods message. */
    static String goSelector(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return "nil";
        }
        StringBuilder out = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        new TreeMap<>(ObjectMeta.stringMap(selector.path("matchLabels")))
                .forEach((k, v) -> out.append(k).append(": ").append(v).append(','));
        out.append("},MatchExpressions:[]LabelSelectorRequirement{");
        for (JsonNode e : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            out.append("LabelSelectorRequirement{Key:").append(e.path("key").asText()).append(",Operator:")
                    .append(e.path("operator").asText()).append(",Values:[").append(String.join(" ", values))
                    .append("],},");
        }
        return out.append("},}").toString();
    }

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
