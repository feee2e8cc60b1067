package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Budgets, pods and their controllers shaped as the API server stores them, and a fake {@link Owners}. */
final class DisruptionFixtures {
    static final String NS = "ns";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private DisruptionFixtures() {
    }

    static BudgetBuilder budget(String name) {
        return new BudgetBuilder(name);
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    static BudgetSnapshot snapshot(JsonNode budget, FakeOwners owners, Instant now, JsonNode... pods) {
        return new BudgetSnapshot(budget, List.of(pods), owners, now);
    }

    static final class BudgetBuilder {
        private final ObjectNode budget = Json.object();

        BudgetBuilder(String name) {
            budget.put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget");
            budget.putObject("metadata").put("name", name).put("namespace", NS).put("uid", name + "-uid")
                    .put("generation", 1);
            budget.putObject("spec").putObject("selector").putObject("matchLabels").put("app", "web");
            budget.putObject("status").put("disruptionsAllowed", 0).put("currentHealthy", 0).put("desiredHealthy", 0)
                    .put("expectedPods", 0);
        }

        BudgetBuilder minAvailable(int n) {
            ((ObjectNode) budget.get("spec")).put("minAvailable", n);
            return this;
        }

        BudgetBuilder minAvailable(String percent) {
            ((ObjectNode) budget.get("spec")).put("minAvailable", percent);
            return this;
        }

        BudgetBuilder maxUnavailable(int n) {
            ((ObjectNode) budget.get("spec")).put("maxUnavailable", n);
            return this;
        }

        BudgetBuilder maxUnavailable(String percent) {
            ((ObjectNode) budget.get("spec")).put("maxUnavailable", percent);
            return this;
        }

        BudgetBuilder generation(long g) {
            ((ObjectNode) budget.get("metadata")).put("generation", g);
            return this;
        }

        /** Replaces the status with the one a previous plan wrote. */
        BudgetBuilder status(ObjectNode status) {
            budget.set("status", status.deepCopy());
            return this;
        }

        BudgetBuilder disrupted(String pod, Instant at) {
            Json.child(Json.child(budget, "status"), "disruptedPods").put(pod, at.toString());
            return this;
        }

        ObjectNode build() {
            return budget.deepCopy();
        }
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();

        PodBuilder(String name) {
            pod.put("apiVersion", "v1").put("kind", "Pod");
            pod.putObject("metadata").put("name", name).put("namespace", NS).put("uid", name + "-uid")
                    .putObject("labels").put("app", "web");
            ObjectNode status = pod.putObject("status").put("phase", "Running");
            status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        }

        PodBuilder unready() {
            ((ObjectNode) pod.path("status").path("conditions").get(0)).put("status", "False");
            return this;
        }

        PodBuilder deleting() {
            ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", T0.toString());
            return this;
        }

        PodBuilder phase(String phase) {
            ((ObjectNode) pod.get("status")).put("phase", phase);
            return this;
        }

        PodBuilder ownedBy(String apiVersion, String kind, String name, String uid) {
            ((ObjectNode) pod.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", apiVersion)
                    .put("kind", kind).put("name", name).put("uid", uid).put("controller", true);
            return this;
        }

        PodBuilder disruptionTarget(String reason, Instant since) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) pod.path("status").path("conditions")).addObject()
                    .put("type", "DisruptionTarget").put("status", "True").put("reason", reason)
                    .put("lastTransitionTime", since.toString());
            return this;
        }

        ObjectNode build() {
            return pod.deepCopy();
        }
    }

    /** A workload of {@code kind} with {@code replicas}, optionally controlled by {@code owner}. */
    static ObjectNode workload(String apiVersion, String kind, String name, int replicas, JsonNode owner) {
        ObjectNode w = Json.object();
        w.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode meta = w.putObject("metadata").put("name", name).put("namespace", NS).put("uid", name + "-uid");
        if (owner != null) {
            meta.putArray("ownerReferences").add(owner);
        }
        w.putObject("spec").put("replicas", replicas);
        return w;
    }

    static ObjectNode controllerRef(String apiVersion, String kind, String name) {
        return Json.object().put("apiVersion", apiVersion).put("kind", kind).put("name", name)
                .put("uid", name + "-uid").put("controller", true);
    }

    /** Owners from maps: built-in workloads by resource and name, scales by kind and name. */
    static final class FakeOwners implements Owners {
        final Map<String, JsonNode> workloads = new HashMap<>();
        final Map<String, ScaleLookup> scales = new HashMap<>();
        int scaleLookups;

        FakeOwners with(String resource, JsonNode workload) {
            workloads.put(resource + "/" + workload.path("metadata").path("name").asText(), workload);
            return this;
        }

        FakeOwners scale(String kind, String name, ScaleLookup lookup) {
            scales.put(kind + "/" + name, lookup);
            return this;
        }

        @Override
        public JsonNode workload(String resource, String namespace, String name) {
            return workloads.get(resource + "/" + name);
        }

        @Override
        public ScaleLookup scale(String apiVersion, String kind, String namespace, String name) {
            scaleLookups++;
            return scales.getOrDefault(kind + "/" + name, new ScaleLookup.Missing());
        }
    }
}
