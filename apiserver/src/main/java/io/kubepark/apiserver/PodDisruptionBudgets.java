package io.kubepark.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the eviction subresource and the disruption controller both read of a PodDisruptionBudget
 * (component-helpers/apps/poddisruptionbudget and the shared parts of pkg/controller/disruption), so that the two
 * agree (docs/workloads/disruption.md).
 */
public final class PodDisruptionBudgets {
    /** The condition the controller keeps. */
    public static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
    public static final String SUFFICIENT_PODS = "SufficientPods";
    public static final String INSUFFICIENT_PODS = "InsufficientPods";
    public static final String SYNC_FAILED = "SyncFailed";
    /** How long a {@code disruptedPods} entry waits for its pod to be deleted (DeletionTimeout, rule 20). */
    public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private PodDisruptionBudgets() {
    }

    /**
     * The budget's selector (rule 8): a null or missing selector selects nothing, {@code {}} everything, and one that
     * cannot be converted nothing.
     */
    public static LabelSelector selector(JsonNode pdb) {
        try {
            return LabelSelector.fromLabelSelectorNode(pdb.path("spec").path("selector"));
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }

    /** Whether the budget selects a pod with these labels (same namespace assumed). */
    public static boolean selects(JsonNode pdb, Map<String, String> labels) {
        return selector(pdb).matches(labels);
    }

    /** podutil.IsPodReady, what "healthy" means for a budget (rule 18): the Ready condition is True. */
    public static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** {@code status.disruptedPods} as pod name to time, in stored order. */
    public static Map<String, String> disruptedPods(JsonNode pdb) {
        Map<String, String> out = new LinkedHashMap<>();
        pdb.path("status").path("disruptedPods").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The status fields in the order PodDisruptionBudgetStatus serializes them, anything unknown after. */
    public static ObjectNode canonicalStatus(ObjectNode status) {
        ObjectNode out = Json.object();
        for (String field : new String[] {"observedGeneration", "disruptedPods", "disruptionsAllowed", "currentHealthy",
                "desiredHealthy", "expectedPods", "conditions"}) {
            if (status.has(field)) {
                out.set(field, status.get(field));
            }
        }
        status.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        if (out.path("disruptedPods").isObject() && out.path("disruptedPods").isEmpty()) {
            out.remove("disruptedPods");
        }
        return out;
    }

    /**
     * apimeta.SetStatusCondition on {@code status.conditions} (metav1.Condition): adds the condition or updates
     * it; its {@code lastTransitionTime} becomes {@code now} only when it is new or its status flips.
     */
    public static void setCondition(ObjectNode status, String type, String conditionStatus, String reason,
            String message, long observedGeneration, String now) {
        ArrayNode conditions = status.path("conditions").isArray() ? (ArrayNode) status.get("conditions")
                : status.putArray("conditions");
        int index = -1;
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).path("type").asText().equals(type)) {
                index = i;
            }
        }
        String since = now;
        if (index >= 0 && conditions.get(index).path("status").asText().equals(conditionStatus)
                && conditions.get(index).hasNonNull("lastTransitionTime")) {
            since = conditions.get(index).path("lastTransitionTime").asText();
        }
        ObjectNode condition = Json.object();
        condition.put("type", type).put("status", conditionStatus);
        if (observedGeneration != 0) {
            condition.put("observedGeneration", observedGeneration);
        }
        condition.put("lastTransitionTime", since).put("reason", reason).put("message", message);
        if (index >= 0) {
            conditions.set(index, condition);
        } else {
            conditions.add(condition);
        }
    }

    /**
     * UpdateDisruptionAllowedCondition (rule 21): {@code True}/{@code SufficientPods} when disruptions are allowed,
     * else {@code False}/{@code InsufficientPods}, with the status's observedGeneration and an empty message.
     */
    public static void updateDisruptionAllowedCondition(ObjectNode status, String now) {
        long observed = status.path("observedGeneration").asLong(0);
        if (status.path("disruptionsAllowed").asLong(0) > 0) {
            setCondition(status, DISRUPTION_ALLOWED, "True", SUFFICIENT_PODS, "", observed, now);
        } else {
            setCondition(status, DISRUPTION_ALLOWED, "False", INSUFFICIENT_PODS, "", observed, now);
        }
    }

    /** ConditionsAreUpToDate: the condition exists, the generation is observed, and it says what the count says. */
    public static boolean conditionsAreUpToDate(JsonNode pdb) {
        JsonNode status = pdb.path("status");
        JsonNode condition = null;
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(DISRUPTION_ALLOWED)) {
                condition = c;
            }
        }
        if (condition == null
                || status.path("observedGeneration").asLong(0) != pdb.path("metadata").path("generation").asLong(0)) {
            return false;
        }
        if (status.path("disruptionsAllowed").asLong(0) > 0) {
            return condition.path("status").asText().equals("True")
                    && condition.path("reason").asText().equals(SUFFICIENT_PODS);
        }
        return condition.path("status").asText().equals("False")
                && condition.path("reason").asText().equals(INSUFFICIENT_PODS);
    }
}
