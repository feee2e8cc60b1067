package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The decision core of the StatefulSet controller: maps what one sync reads to what it writes, without
 * performing any write, reading a clock or keeping state between calls.
 *
 * <p>One plan holds, in order, the adoption of orphan ControllerRevisions, the adoption and release of
 * pods, the revision write (create, or bump for a rollback), the pod and claim writes of
 * updateStatefulSet, and the history truncation; then the status to write and an optional re-queue.
 * It follows Kubernetes 1.33, quirks included: OrderedReady makes at most one pod create or delete per
 * sync, Parallel creates and deletes in slow-start batches, and a rolling update deletes one pod per sync.
 */
public final class StatefulSetPlanner {
    /**
     * When a sync stops on something Kubernetes reports as an error (a claim being deleted, a stale claim,
     * adoption refused), the set is synced again after this long instead of after a rate-limited backoff.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private StatefulSetPlanner() {
    }

    /** Plans one sync of {@code snapshot.set()}. */
    public static SyncPlan plan(SetSnapshot snapshot) {
        JsonNode set = snapshot.set();
        LabelSelector selector;
        try {
            selector = LabelSelector.fromLabelSelectorNode(set.path("spec").path("selector"));
        } catch (SelectorException e) {
            // A selector that cannot be parsed is not retried: nothing changes until the set does.
            return new SyncPlan(List.of(), null, null);
        }
        boolean deleting = ObjectMeta.deleting(set);
        List<Step> steps = new ArrayList<>();

        List<JsonNode> owned = new ArrayList<>();
        for (JsonNode revision : snapshot.revisions()) {
            if (!ObjectMeta.namespace(revision).equals(ObjectMeta.namespace(set))
                    || !selector.matches(ObjectMeta.labels(revision))) {
                continue;
            }
            JsonNode controller = Meta.controllerOf(revision);
            if (controller == null) {
                if (deleting) {
                    // Adoption re-checks the set first and refuses a set being deleted; the sync fails.
                    return new SyncPlan(List.of(), null, RETRY_AFTER);
                }
                ObjectNode adopted = revision.deepCopy();
                ArrayNode refs = Meta.ownerReferences(revision);
                refs.add(Meta.setRef(set));
                Json.child(adopted, "metadata").set("ownerReferences", refs);
                steps.add(new Step.SetOwnerReferences("ControllerRevision", ObjectMeta.name(revision),
                        ObjectMeta.uid(revision),
                        refs.deepCopy()));
                owned.add(adopted);
            } else if (controller.path("uid").asText().equals(ObjectMeta.uid(set))) {
                owned.add(revision);
            }
        }

        List<JsonNode> pods = claimPods(set, selector, snapshot.pods(), deleting, steps);

        Revisions.Selection revisions = Revisions.select(set, owned, snapshot.revisions(), !deleting);
        steps.addAll(revisions.steps());

        Counts counts;
        boolean failed = false;
        if (deleting) {
            counts = Counts.of(pods, set, snapshot, revisions, 0);
        } else {
            PodSync sync = new PodSync(set, snapshot.now(), snapshot.maxUnavailableGate(), snapshot.claims(),
                    revisions.current(), revisions.update());
            sync.run(pods);
            steps.addAll(sync.steps());
            counts = Counts.of(sync.countedPods(), set, snapshot, revisions, sync.currentReplicasDecrement());
            failed = sync.failed();

            Set<String> live = new HashSet<>();
            live.add(ObjectMeta.name(revisions.current()));
            live.add(ObjectMeta.name(revisions.update()));
            pods.forEach(p -> live.add(Identity.revisionOf(p)));
            steps.addAll(Revisions.truncate(set, owned, live));
        }

        ObjectNode status = counts.completeRollingUpdate(set).toStatus();
        Duration requeue = null;
        int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
        if (minReadySeconds > 0 && counts.available != Identity.replicas(set)) {
            requeue = Duration.ofSeconds(minReadySeconds);
        }
        if (failed && (requeue == null || requeue.compareTo(RETRY_AFTER) > 0)) {
            requeue = RETRY_AFTER;
        }
        return new SyncPlan(steps, counts.differsFrom(set) ? status : null, requeue);
    }

    /**
     * ClaimPods with the isMemberOf filter: owned pods that still match are kept, owned pods that do not are
     * released, and matching orphans that are not being deleted are adopted. A set being deleted neither
     * adopts nor releases.
     */
    private static List<JsonNode> claimPods(JsonNode set, LabelSelector selector, List<JsonNode> candidates,
                                            boolean deleting, List<Step> steps) {
        List<JsonNode> claimed = new ArrayList<>();
        for (JsonNode pod : candidates) {
            if (!ObjectMeta.namespace(pod).equals(ObjectMeta.namespace(set))) {
                continue;
            }
            boolean matches = selector.matches(ObjectMeta.labels(pod)) && Identity.isMemberOf(set, pod);
            JsonNode controller = Meta.controllerOf(pod);
            if (controller != null) {
                if (!controller.path("uid").asText().equals(ObjectMeta.uid(set))) {
                    continue;
                }
                if (matches) {
                    claimed.add(pod);
                } else if (!deleting) {
                    ArrayNode refs = Json.NODES.arrayNode();
                    for (JsonNode ref : Meta.ownerReferences(pod)) {
                        if (!ref.path("uid").asText().equals(ObjectMeta.uid(set))) {
                            refs.add(ref);
                        }
                    }
                    steps.add(new Step.SetOwnerReferences("Pod", ObjectMeta.name(pod), ObjectMeta.uid(pod), refs));
                }
            } else if (!deleting && matches && !PodState.isTerminating(pod)) {
                ArrayNode refs = Meta.ownerReferences(pod);
                refs.add(Meta.setRef(set));
                steps.add(new Step.SetOwnerReferences("Pod", ObjectMeta.name(pod), ObjectMeta.uid(pod),
                        refs.deepCopy()));
                ObjectNode adopted = pod.deepCopy();
                Json.child(adopted, "metadata").set("ownerReferences", refs);
                claimed.add(adopted);
            }
        }
        return claimed;
    }

    /** The status of A5, built from scratch. */
    private static final class Counts {
        long observedGeneration;
        int replicas;
        int ready;
        int available;
        int current;
        int updated;
        String currentRevision;
        String updateRevision;
        int collisionCount;

        static Counts of(List<JsonNode> pods, JsonNode set, SetSnapshot snapshot, Revisions.Selection revisions,
                         int currentDecrement) {
            Counts c = new Counts();
            c.observedGeneration = set.path("metadata").path("generation").asLong(0);
            c.currentRevision = ObjectMeta.name(revisions.current());
            c.updateRevision = ObjectMeta.name(revisions.update());
            c.collisionCount = revisions.collisionCount();
            int minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
            for (JsonNode pod : pods) {
                boolean created = PodState.isCreated(pod);
                if (created) {
                    c.replicas++;
                }
                if (PodState.isRunningAndReady(pod)) {
                    c.ready++;
                    if (PodState.isAvailable(pod, minReadySeconds, snapshot.now())) {
                        c.available++;
                    }
                }
                if (created && !PodState.isTerminating(pod)) {
                    String revision = Identity.revisionOf(pod);
                    if (revision.equals(c.currentRevision)) {
                        c.current++;
                    }
                    if (revision.equals(c.updateRevision)) {
                        c.updated++;
                    }
                }
            }
            c.current -= currentDecrement;
            return c;
        }

        /** completeRollingUpdate; never under OnDelete, so currentRevision stays behind there. */
        Counts completeRollingUpdate(JsonNode set) {
            int wanted = Identity.replicas(set);
            String type = set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate");
            if (type.equals("RollingUpdate") && updated == wanted && ready == wanted && replicas == wanted) {
                current = updated;
                currentRevision = updateRevision;
            }
            return this;
        }

        /** inconsistentStatus: collisionCount alone never causes a write. */
        boolean differsFrom(JsonNode set) {
            JsonNode stored = set.path("status");
            return observedGeneration > stored.path("observedGeneration").asLong(0)
                    || replicas != stored.path("replicas").asInt(0)
                    || current != stored.path("currentReplicas").asInt(0)
                    || ready != stored.path("readyReplicas").asInt(0)
                    || updated != stored.path("updatedReplicas").asInt(0)
                    || !currentRevision.equals(stored.path("currentRevision").asText(""))
                    || available != stored.path("availableReplicas").asInt(0)
                    || !updateRevision.equals(stored.path("updateRevision").asText(""));
        }

        /** In the field order and with the omissions of apps/v1 StatefulSetStatus on the wire. */
        ObjectNode toStatus() {
            ObjectNode status = Json.object();
            if (observedGeneration != 0) {
                status.put("observedGeneration", observedGeneration);
            }
            status.put("replicas", replicas);
            putNonZero(status, "readyReplicas", ready);
            putNonZero(status, "currentReplicas", current);
            putNonZero(status, "updatedReplicas", updated);
            if (!currentRevision.isEmpty()) {
                status.put("currentRevision", currentRevision);
            }
            if (!updateRevision.isEmpty()) {
                status.put("updateRevision", updateRevision);
            }
            status.put("collisionCount", collisionCount);
            status.put("availableReplicas", available);
            return status;
        }

        private static void putNonZero(ObjectNode status, String field, int value) {
            if (value != 0) {
                status.put(field, value);
            }
        }
    }
}
