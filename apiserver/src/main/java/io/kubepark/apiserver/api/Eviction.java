package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.PodDisruptionBudgets;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Change;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.StoredObject;
import java.util.List;
import java.util.Map;

/**
 * The {@code pods/eviction} subresource (pkg/registry/core/pod/storage/eviction.go), rules 26–34 of
 * docs/workloads/disruption.md: a pod protected by a PodDisruptionBudget is evicted only when the budget allows a
 * disruption, and the budget's status is written (through the one write path, with optimistic concurrency) before
 * the pod is deleted.
 */
final class Eviction {
    /** MaxDisruptedPodSize. */
    private static final int MAX_DISRUPTED_POD_SIZE = 2000;
    /** EvictionsRetry.Steps: how often a conflict is retried. */
    private static final int RETRIES = 20;

    private final ApiServer api;
    private final ResourceType pods;
    private final ResourceType budgets;

    Eviction(ApiServer api) {
        this.api = api;
        this.pods = api.type("", "v1", "pods");
        this.budgets = api.type("policy", "v1", "poddisruptionbudgets");
    }

    void evict(String namespace, String name, ObjectNode eviction, Params params) {
        if (!eviction.path("metadata").path("name").asText("").equals(name)) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        JsonNode body = eviction.path("deleteOptions");
        String dryRun = params.get("dryRun");
        // propagateDryRun: the URL's dryRun applies when the eviction's delete options have none
        DeleteOptions original = DeleteOptions.parse(body.isObject() ? Json.bytes(body) : new byte[0],
                dryRun == null ? Params.NONE : new Params(Map.of("dryRun", List.of(dryRun))));
        boolean retryConflicts = original.resourceVersionPrecondition() == null;

        StoredObject pod = null;
        for (int attempt = 0; ; attempt++) {
            pod = api.get(pods, namespace, name);
            if (!canIgnoreBudgets(pod.node())) {
                break;
            }
            DeleteOptions options = original;
            if (shouldEnforceResourceVersion(pod.node()) && retryConflicts) {
                options = withResourceVersion(original, pod.resourceVersion());
            }
            try {
                addConditionAndDelete(namespace, name, options);
                return;
            } catch (ApiException e) {
                if (!retryConflicts || e.code() != 409 || attempt + 1 >= RETRIES) {
                    throw e;
                }
            }
        }

        Map<String, String> labels = pod.labels();
        List<StoredObject> matching = api.store().list(budgets, new Query(namespace, Map.of(), o -> true), 0, null)
                .items().stream().filter(b -> PodDisruptionBudgets.selects(b.node(), labels)).toList();
        if (matching.size() > 1) {
            throw ApiException.failure(500, "This pod has more than one PodDisruptionBudget, which the eviction "
                    + "subresource does not support.");
        }
        String budgetName = matching.isEmpty() ? null : matching.get(0).name();
        boolean unhealthyLetThrough = false;
        if (budgetName != null) {
            JsonNode budget = matching.get(0).node();
            if (!PodDisruptionBudgets.ready(pod.node())) {
                JsonNode status = budget.path("status");
                long desired = status.path("desiredHealthy").asLong(0);
                unhealthyLetThrough = "AlwaysAllow".equals(budget.path("spec").path("unhealthyPodEvictionPolicy").asText())
                        || (status.path("currentHealthy").asLong(0) >= desired && desired > 0);
            }
            if (!unhealthyLetThrough) {
                checkAndDecrement(namespace, name, matching.get(0), original.dryRun());
            }
        }
        DeleteOptions options = unhealthyLetThrough ? withResourceVersion(original, pod.resourceVersion()) : original;
        try {
            addConditionAndDelete(namespace, name, options);
        } catch (ApiException e) {
            if (e.code() == 409 && unhealthyLetThrough && retryConflicts) {
                throw ApiException.disruptionBudget("The disruption budget " + budgetName
                        + " is still being processed by the server.", 10);
            }
            throw e;
        }
    }

    /** canIgnorePDB: pending, finished and terminating pods are evicted without asking a budget (rule 27). */
    private static boolean canIgnoreBudgets(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Pending") || phase.equals("Succeeded") || phase.equals("Failed")
                || pod.path("metadata").has("deletionTimestamp");
    }

    private static boolean shouldEnforceResourceVersion(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return !(phase.equals("Succeeded") || phase.equals("Failed") || pod.path("metadata").has("deletionTimestamp"));
    }

    private static DeleteOptions withResourceVersion(DeleteOptions o, long resourceVersion) {
        return new DeleteOptions(o.gracePeriodSeconds(), o.propagationPolicy(), o.uidPrecondition(),
                Long.toString(resourceVersion), o.dryRun());
    }

    /**
     * checkAndDecrement (rule 31), retried on a conflict with the budget read afresh. A dry run checks and writes
     * nothing.
     */
    private void checkAndDecrement(String namespace, String podName, StoredObject budget, boolean dryRun) {
        StoredObject current = budget;
        String name = budget.name();
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            if (attempt > 0) {
                current = api.get(budgets, namespace, name);
            }
            JsonNode pdb = current.node();
            JsonNode status = pdb.path("status");
            if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
                throw ApiException.disruptionBudget("The disruption budget " + name
                        + " is still being processed by the server.", 10);
            }
            long allowed = status.path("disruptionsAllowed").asLong(0);
            if (allowed < 0) {
                throw ApiException.forbidden("policy", "poddisruptionbudget", name, "pdb disruptions allowed is negative");
            }
            if (status.path("disruptedPods").size() > MAX_DISRUPTED_POD_SIZE) {
                throw ApiException.forbidden("policy", "poddisruptionbudget", name,
                        "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }
            if (allowed == 0) {
                throw ApiException.disruptionBudget("The disruption budget " + name + " needs "
                        + status.path("desiredHealthy").asLong(0) + " healthy pods and has "
                        + status.path("currentHealthy").asLong(0) + " currently", null);
            }
            if (dryRun) {
                return;
            }
            String now = api.now();
            ObjectNode next = current.copy();
            ObjectNode nextStatus = Json.child(next, "status");
            nextStatus.put("disruptionsAllowed", allowed - 1);
            if (allowed - 1 == 0) {
                PodDisruptionBudgets.updateDisruptionAllowedCondition(nextStatus, now);
            }
            Json.child(nextStatus, "disruptedPods").put(podName, now);
            next.set("status", PodDisruptionBudgets.canonicalStatus(nextStatus));
            Json.child(next, "metadata").put("resourceVersion", Long.toString(current.resourceVersion()));
            try {
                api.update(budgets, namespace, name, "status", next, ApiServer.WriteOptions.DEFAULT);
                return;
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        throw ApiException.timeout("couldn't update PodDisruptionBudget \"" + name + "\" due to conflicts", 10);
    }

    /**
     * addConditionAndDeletePod (rule 32): the latest pod must meet the preconditions, gets DisruptionTarget=True,
     * and is deleted (a resourceVersion precondition moves to the version the condition wrote).
     */
    private void addConditionAndDelete(String namespace, String name, DeleteOptions options) {
        DeleteOptions delete = options;
        if (!options.dryRun()) {
            String now = api.now();
            StoredObject updated = api.store().update(pods, namespace, name, current -> {
                if (current == null) {
                    throw ApiException.notFound(pods, name);
                }
                String uid = options.uidPrecondition();
                if (uid != null && !uid.isEmpty() && !uid.equals(current.uid())) {
                    throw ApiException.conflict("", "Pod", name, "the UID in the precondition (" + uid
                            + ") does not match the UID in record (" + current.uid()
                            + "). The object might have been deleted and then recreated");
                }
                String rv = options.resourceVersionPrecondition();
                String currentRv = Long.toString(current.resourceVersion());
                if (rv != null && !rv.isEmpty() && !rv.equals(currentRv)) {
                    throw ApiException.conflict("", "Pod", name, "the ResourceVersion in the precondition (" + rv
                            + ") does not match the ResourceVersion in record (" + currentRv
                            + "). The object might have been modified");
                }
                ObjectNode pod = current.copy();
                PodConditions.set(pod, "DisruptionTarget", "True", "EvictionByEvictionAPI", "Eviction API: evicting",
                        now);
                return pod.equals(current.node()) ? Change.none() : Change.put(pod);
            });
            if (options.resourceVersionPrecondition() != null) {
                delete = withResourceVersion(options, updated.resourceVersion());
            }
        }
        api.delete(pods, namespace, name, delete);
    }
}
