package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What one sync of a PodDisruptionBudget does.
 *
 * @param status the complete new {@code .status}, or null when the stored one is right already
 * @param events the events to record, in order
 * @param recheckAt when the earliest kept {@code disruptedPods} entry expires and the budget must be synced again,
 *     or null
 */
public record BudgetPlan(ObjectNode status, List<Event> events, Instant recheckAt) {
    public BudgetPlan {
        events = List.copyOf(events);
    }

    /**
     * An event the controller records.
     *
     * @param pod the pod it is about, or null for the budget
     * @param type "Normal" or "Warning"
     */
    public record Event(String pod, String type, String reason, String message) {
    }
}
