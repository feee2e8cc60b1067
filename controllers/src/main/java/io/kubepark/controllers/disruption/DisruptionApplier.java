package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link BudgetPlan} through the one write path: the events, then the budget's status, written with the
 * resourceVersion the budget was read at, so that an eviction that took a disruption in between is not lost (the
 * sync is retried on the conflict).
 */
final class DisruptionApplier {

    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType budgets;
    private final ResourceType pods;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    DisruptionApplier(ApiServer api) {
        this.api = api;
        // the disruption controller's recorder names its source "controllermanager"
        this.events = new EventRecorder(api, "controllermanager");
        this.budgets = api.type("policy", "v1", "poddisruptionbudgets");
        this.pods = api.type("", "v1", "pods");
    }

    /** False when the status write lost a race (or failed) and the budget must be synced again. */
    boolean apply(StoredObject budget, BudgetPlan plan) {
        for (BudgetPlan.Event e : plan.events()) {
            record(budget, e);
        }
        if (plan.status() == null) {
            return true;
        }
        ObjectNode next = budget.copy();
        next.set("status", plan.status());
        Json.child(next, "metadata").put("resourceVersion", Long.toString(budget.resourceVersion()));
        try {
            api.update(budgets, budget.namespace(), budget.name(), "status", next, options);
            return true;
        } catch (ApiException e) {
            return e.code() == 404;
        }
    }

    private void record(StoredObject budget, BudgetPlan.Event e) {
        ResourceType type = budgets;
        StoredObject about = budget;
        if (e.pod() != null) {
            type = pods;
            about = api.store().get(pods, budget.namespace(), e.pod());
            if (about == null) {
                return;
            }
        }
        try {
            events.record(type, about, e.type(), e.reason(), e.message());
        } catch (ApiException ignored) {
            // an event that cannot be written is dropped, as the real recorder drops it
        }
    }
}
