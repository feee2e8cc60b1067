package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.OwnerReferences;
import io.kubepark.controllers.runtime.Pods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision core of the ReplicaSet and ReplicationController controller (pkg/controller/replicaset): maps
 * what one sync reads to what it writes, without writing, reading a clock or keeping state. The rules are in
 * docs/workloads/replicaset.md.
 */
public final class ReplicaSetPlanner {
    /** burstReplicas: the most pods one sync creates or deletes. */
    static final int BURST_REPLICAS = 500;

    private ReplicaSetPlanner() {
    }

    /** Plans one sync of {@code snapshot.set()}. */
    public static ReplicaSetPlan plan(ReplicaSetSnapshot snapshot) {
        ReplicaKind kind = snapshot.kind();
        JsonNode set = snapshot.set();
        LabelSelector selector;
        try {
            selector = kind.selector(set);
        } catch (SelectorException e) {
            return new ReplicaSetPlan(List.of(), null, null); // R11
        }
        boolean deleting = ObjectMeta.deleting(set);
        List<ReplicaStep> steps = new ArrayList<>();
        List<JsonNode> owned = claim(kind, set, selector, snapshot.pods(), deleting, steps);

        int replicas = replicas(set);
        if (!deleting) { // R10
            int diff = owned.size() - replicas;
            if (diff < 0) {
                steps.add(new ReplicaStep.CreatePods(newPod(kind, set), Math.min(-diff, BURST_REPLICAS)));
            } else if (diff > 0) {
                List<JsonNode> related = relatedPods(kind, set, snapshot.sets(), snapshot.pods());
                List<JsonNode> victims = PodRanking.toDelete(owned, related, Math.min(diff, BURST_REPLICAS),
                        snapshot.now());
                steps.add(new ReplicaStep.DeletePods(victims.stream().map(ObjectMeta::name).toList()));
            }
        }

        Counts counts = Counts.of(set, owned, snapshot);
        ObjectNode status = counts.differsFrom(set) ? counts.toStatus(set) : null;
        Duration requeue = null;
        int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
        if (minReadySeconds > 0 && counts.ready == replicas && counts.available != replicas) { // R9
            requeue = Duration.ofSeconds(minReadySeconds);
        }
        return new ReplicaSetPlan(steps, status, requeue);
    }

    static int replicas(JsonNode set) {
        return set.path("spec").path("replicas").asInt(1);
    }

    /** R2, R3: the active pods that are the set's after adoption and release. */
    private static List<JsonNode> claim(ReplicaKind kind, JsonNode set, LabelSelector selector, List<JsonNode> pods,
                                        boolean deleting, List<ReplicaStep> steps) {
        String uid = ObjectMeta.uid(set);
        String namespace = ObjectMeta.namespace(set);
        List<JsonNode> owned = new ArrayList<>();
        for (JsonNode pod : pods) {
            if (!Pods.isActive(pod) || !ObjectMeta.namespace(pod).equals(namespace)) {
                continue;
            }
            boolean matches = selector.matches(ObjectMeta.labels(pod));
            JsonNode controller = OwnerReferences.controllerOf(pod);
            if (controller != null) {
                if (!controller.path("uid").asText().equals(uid)) {
                    continue;
                }
                if (matches) {
                    owned.add(pod);
                } else if (!deleting) {
                    steps.add(new ReplicaStep.SetOwnerReferences(ObjectMeta.name(pod), ObjectMeta.uid(pod),
                            OwnerReferences.without(pod, uid)));
                }
            } else if (!deleting && matches) {
                ArrayNode refs = OwnerReferences.adding(pod,
                        OwnerReferences.controllerRef(kind.apiVersion(), kind.kind(), set));
                steps.add(new ReplicaStep.SetOwnerReferences(ObjectMeta.name(pod), ObjectMeta.uid(pod), refs));
                ObjectNode adopted = pod.deepCopy();
                Json.child(adopted, "metadata").set("ownerReferences", refs.deepCopy());
                owned.add(adopted);
            }
        }
        return owned;
    }

    /** getIndirectlyRelatedPods: the pods matched by any set with the same controller as this one. */
    private static List<JsonNode> relatedPods(ReplicaKind kind, JsonNode set, List<JsonNode> sets,
                                              List<JsonNode> pods) {
        String controller = OwnerReferences.controllerUid(set);
        if (controller.isEmpty()) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<JsonNode> related = new ArrayList<>();
        for (JsonNode sibling : sets) {
            if (!OwnerReferences.controllerUid(sibling).equals(controller)) {
                continue;
            }
            LabelSelector selector;
            try {
                selector = kind.selector(sibling);
            } catch (SelectorException e) {
                continue;
            }
            for (JsonNode pod : pods) {
                if (selector.matches(ObjectMeta.labels(pod)) && seen.add(ObjectMeta.uid(pod))) {
                    related.add(pod);
                }
            }
        }
        return related;
    }

    /** R5, GetPodFromTemplate: the pod every create of this sync sends. */
    static ObjectNode newPod(ReplicaKind kind, JsonNode set) {
        JsonNode template = set.path("spec").path("template");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        String name = ObjectMeta.name(set);
        // getPodsPrefix: "<name>-" unless that is no valid name prefix (a subdomain of at most 253 characters)
        meta.put("generateName", name.length() + 1 > 253 ? name : name + "-");
        meta.put("namespace", ObjectMeta.namespace(set));
        JsonNode templateMeta = template.path("metadata");
        for (String field : List.of("labels", "annotations")) {
            if (templateMeta.path(field).isObject() && !templateMeta.path(field).isEmpty()) {
                meta.set(field, templateMeta.path(field).deepCopy());
            }
        }
        if (templateMeta.path("finalizers").isArray() && !templateMeta.path("finalizers").isEmpty()) {
            meta.set("finalizers", templateMeta.path("finalizers").deepCopy());
        }
        meta.putArray("ownerReferences").add(OwnerReferences.controllerRef(kind.apiVersion(), kind.kind(), set));
        pod.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy() : Json.object());
        return pod;
    }

    /** R8: the counts of calculateStatus. */
    private static final class Counts {
        int replicas;
        int fullyLabeled;
        int ready;
        int available;
        long generation;

        static Counts of(JsonNode set, List<JsonNode> owned, ReplicaSetSnapshot snapshot) {
            Counts c = new Counts();
            c.generation = set.path("metadata").path("generation").asLong(0);
            Map<String, String> templateLabels = ObjectMeta.labels(set.path("spec").path("template"));
            int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
            for (JsonNode pod : owned) {
                c.replicas++;
                if (ObjectMeta.labels(pod).entrySet().containsAll(templateLabels.entrySet())) {
                    c.fullyLabeled++;
                }
                if (Pods.isReady(pod)) {
                    c.ready++;
                    if (Pods.isAvailable(pod, minReadySeconds, snapshot.now())) {
                        c.available++;
                    }
                }
            }
            return c;
        }

        /** updateReplicaSetStatus writes only when a count or the observed generation is behind. */
        boolean differsFrom(JsonNode set) {
            JsonNode status = set.path("status");
            return replicas != status.path("replicas").asInt(0)
                    || fullyLabeled != status.path("fullyLabeledReplicas").asInt(0)
                    || ready != status.path("readyReplicas").asInt(0)
                    || available != status.path("availableReplicas").asInt(0)
                    || generation != status.path("observedGeneration").asLong(0);
        }

        /** In the field order and with the omissions of ReplicaSetStatus on the wire; other fields kept. */
        ObjectNode toStatus(JsonNode set) {
            ObjectNode status = Json.object();
            status.put("replicas", replicas);
            putNonZero(status, "fullyLabeledReplicas", fullyLabeled);
            putNonZero(status, "readyReplicas", ready);
            putNonZero(status, "availableReplicas", available);
            if (generation != 0) {
                status.put("observedGeneration", generation);
            }
            set.path("status").fields().forEachRemaining(e -> {
                if (!List.of("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                        "observedGeneration").contains(e.getKey())) {
                    status.set(e.getKey(), e.getValue().deepCopy());
                }
            });
            return status;
        }

        private static void putNonZero(ObjectNode status, String field, int value) {
            if (value != 0) {
                status.put(field, value);
            }
        }
    }
}
