package io.kubepark.controllers.deployment;

import static io.kubepark.controllers.deployment.Rollouts.active;
import static io.kubepark.controllers.deployment.Rollouts.availableReplicas;
import static io.kubepark.controllers.deployment.Rollouts.replicas;
import static io.kubepark.controllers.deployment.Rollouts.specReplicas;
import static io.kubepark.controllers.deployment.Rollouts.statusReplicas;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision core of the Deployment controller (pkg/controller/deployment): maps what one sync reads to the
 * writes and events it makes, in order, without writing, reading a clock or keeping state between calls. The
 * rules are in docs/workloads/deployment.md; the methods carry the names of the Go functions they follow.
 *
 * <p>Kubernetes' controller writes as it decides and goes on with the objects its writes return (or, where it
 * keeps a cached object, with the stale one). The planner does the same on copies: each write becomes a step,
 * and what the code after it sees is what the write would have left.
 */
public final class DeploymentPlanner {
    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";
    /** The first delay of the rate limiter, for a deadline that is less than a second away. */
    static final Duration RATE_LIMITED = Duration.ofMillis(5);

    private DeploymentPlanner() {
    }

    /** Plans one sync of {@code snapshot.deployment()}. */
    public static DeploymentPlan plan(DeploymentSnapshot snapshot) {
        Sync sync = new Sync(snapshot);
        sync.syncDeployment();
        return new DeploymentPlan(sync.steps, sync.requeue);
    }

    /** The ReplicaSets of one sync: the new one (or null) and all old ones. */
    private record Sets(ObjectNode newRs, List<ObjectNode> old) {
        List<ObjectNode> all() {
            List<ObjectNode> all = new ArrayList<>(old);
            if (newRs != null) {
                all.add(newRs);
            }
            return all;
        }
    }

    /** One scale: whether the size changed, and the ReplicaSet as written. */
    private record Scaled(boolean scaled, ObjectNode rs) {
    }

    /** The state of one sync: the deployment as the controller holds it in memory, and the steps so far. */
    private static final class Sync {
        final JsonNode d;
        final DeploymentSnapshot snapshot;
        final Instant now;
        final String nowText;
        final Map<String, String> annotations;
        Status status;
        final List<DeploymentStep> steps = new ArrayList<>();
        Duration requeue;
        List<ObjectNode> rsList = new ArrayList<>();
        /** A write failed in Kubernetes' code path (a hash collision): the sync ends. */
        boolean aborted;

        Sync(DeploymentSnapshot snapshot) {
            this.snapshot = snapshot;
            this.d = snapshot.deployment();
            this.now = snapshot.now();
            this.nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
            this.annotations = new LinkedHashMap<>(ObjectMeta.stringMap(d.path("metadata").path("annotations")));
            this.status = Status.parse(d.path("status"));
        }

        // ------------------------------------------------------------ deployment_controller.go

        void syncDeployment() {
            JsonNode selectorNode = d.path("spec").path("selector");
            if (selectorNode.isObject() && selectorNode.path("matchLabels").isEmpty()
                    && selectorNode.path("matchExpressions").isEmpty()) {
                event("Warning", "SelectingAll",
                        "This deployment is selecting all pods. A non-empty selector is required.");
                if (status.observedGeneration < generation()) {
                    status.observedGeneration = generation();
                    updateStatus();
                }
                return;
            }
            LabelSelector selector;
            try {
                selector = LabelSelector.fromLabelSelectorNode(selectorNode);
            } catch (SelectorException e) {
                return;
            }
            rsList = claimReplicaSets(selector);
            if (ObjectMeta.deleting(d)) {
                syncStatusOnly();
                return;
            }
            checkPausedConditions();
            if (paused()) {
                sync();
                return;
            }
            if (isScalingEvent()) {
                sync();
                return;
            }
            if (aborted) {
                return;
            }
            if (Rollouts.isRecreate(d)) {
                // only Recreate reads the pods, so only it maps them (to wait until the old ones are gone)
                rolloutRecreate(podMap(selector));
            } else if (Rollouts.isRollingUpdate(d)) {
                rolloutRolling();
            }
        }

        /** getReplicaSetsForDeployment / ClaimReplicaSets (rule D3). */
        List<ObjectNode> claimReplicaSets(LabelSelector selector) {
            String uid = ObjectMeta.uid(d);
            boolean deleting = ObjectMeta.deleting(d);
            List<ObjectNode> claimed = new ArrayList<>();
            for (JsonNode rs : snapshot.replicaSets()) {
                if (!ObjectMeta.namespace(rs).equals(ObjectMeta.namespace(d))) {
                    continue;
                }
                boolean matches = selector.matches(ObjectMeta.labels(rs));
                JsonNode controller = OwnerReferences.controllerOf(rs);
                if (controller != null) {
                    if (!controller.path("uid").asText().equals(uid)) {
                        continue;
                    }
                    if (matches) {
                        claimed.add((ObjectNode) rs.deepCopy());
                    } else if (!deleting) {
                        steps.add(new DeploymentStep.SetOwnerReferences(ObjectMeta.name(rs), ObjectMeta.uid(rs),
                                OwnerReferences.without(rs, uid)));
                    }
                } else if (!deleting && matches && !ObjectMeta.deleting(rs)) {
                    ArrayNode refs = OwnerReferences.adding(rs,
                            OwnerReferences.controllerRef("apps/v1", "Deployment", d));
                    steps.add(new DeploymentStep.SetOwnerReferences(ObjectMeta.name(rs), ObjectMeta.uid(rs), refs));
                    ObjectNode adopted = (ObjectNode) rs.deepCopy();
                    Json.child(adopted, "metadata").set("ownerReferences", refs.deepCopy());
                    claimed.add(adopted);
                }
            }
            return claimed;
        }

        /** getPodMapForDeployment: the deployment's pods by the uid of their ReplicaSet. */
        Map<String, List<JsonNode>> podMap(LabelSelector selector) {
            Map<String, List<JsonNode>> map = new HashMap<>();
            for (ObjectNode rs : rsList) {
                map.put(ObjectMeta.uid(rs), new ArrayList<>());
            }
            for (JsonNode pod : snapshot.pods()) {
                if (!ObjectMeta.namespace(pod).equals(ObjectMeta.namespace(d))
                        || !selector.matches(ObjectMeta.labels(pod))) {
                    continue;
                }
                List<JsonNode> pods = map.get(OwnerReferences.controllerUid(pod));
                if (pods != null) {
                    pods.add(pod);
                }
            }
            return map;
        }

        // ------------------------------------------------------------ sync.go

        void syncStatusOnly() {
            Sets sets = getAllReplicaSetsAndSyncRevision(false);
            if (aborted) {
                return;
            }
            syncDeploymentStatus(sets.all(), sets.newRs());
        }

        /** sync: scaling and paused deployments (rules D14, D21). */
        void sync() {
            Sets sets = getAllReplicaSetsAndSyncRevision(false);
            if (aborted) {
                return;
            }
            List<ObjectNode> old = new ArrayList<>(sets.old());
            scale(sets.newRs(), old);
            if (paused()) {
                cleanupDeployment(old);
            }
            List<ObjectNode> all = new ArrayList<>(old);
            if (sets.newRs() != null) {
                all.add(sets.newRs());
            }
            syncDeploymentStatus(all, sets.newRs());
        }

        /** checkPausedConditions (rule D21). */
        void checkPausedConditions() {
            if (!Rollouts.hasProgressDeadline(d)) {
                return;
            }
            Status.Condition cond = status.condition(PROGRESSING);
            if (cond != null && cond.reason().equals("ProgressDeadlineExceeded")) {
                return;
            }
            boolean pausedExists = cond != null && cond.reason().equals("DeploymentPaused");
            if (paused() && !pausedExists) {
                status.set(condition(PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused"));
                updateStatus();
            } else if (!paused() && pausedExists) {
                status.set(condition(PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed"));
                updateStatus();
            }
        }

        /** getAllReplicaSetsAndSyncRevision. */
        Sets getAllReplicaSetsAndSyncRevision(boolean createIfNotExisted) {
            List<ObjectNode> old = Rollouts.findOld(d, rsList);
            ObjectNode newRs = getNewReplicaSet(old, createIfNotExisted);
            return new Sets(newRs, old);
        }

        /** getNewReplicaSet (rules D4–D8). */
        ObjectNode getNewReplicaSet(List<ObjectNode> old, boolean createIfNotExisted) {
            ObjectNode existing = Rollouts.findNew(d, rsList);
            String newRevision = Long.toString(Rollouts.maxRevision(old) + 1);
            if (existing != null) {
                ObjectNode copy = Rollouts.copy(existing);
                boolean annotationsUpdated = Rollouts.setNewReplicaSetAnnotations(d, copy, newRevision, true);
                boolean minReadyChanged = Rollouts.minReadySeconds(copy) != Rollouts.minReadySeconds(d);
                if (annotationsUpdated || minReadyChanged) {
                    setMinReadySeconds(copy, Rollouts.minReadySeconds(d));
                    Rollouts.tidy(copy);
                    steps.add(new DeploymentStep.UpdateReplicaSet(ObjectMeta.name(copy), ObjectMeta.uid(copy),
                            copy.deepCopy()));
                    // KubePark goes on from its own write, where Kubernetes would meet a Conflict on a later one
                    Rollouts.replace(rsList, copy);
                    return copy;
                }
                boolean needsUpdate = setDeploymentRevision(Rollouts.annotation(copy, Rollouts.REVISION));
                if (Rollouts.hasProgressDeadline(d) && status.condition(PROGRESSING) == null) {
                    status.set(condition(PROGRESSING, "True", "FoundNewReplicaSet",
                            "Found new replica set \"" + ObjectMeta.name(copy) + "\""));
                    needsUpdate = true;
                }
                if (needsUpdate) {
                    updateStatus();
                }
                Rollouts.tidy(copy);
                return copy;
            }
            if (!createIfNotExisted) {
                return null;
            }
            ObjectNode template = (ObjectNode) d.path("spec").path("template").deepCopy();
            String hash = TemplateHash.of(template, status.collisionCount);
            Json.child(Json.child(template, "metadata"), "labels").put(Rollouts.HASH_LABEL, hash);
            ObjectNode selector = (ObjectNode) d.path("spec").path("selector").deepCopy();
            Json.child(selector, "matchLabels").put(Rollouts.HASH_LABEL, hash);

            ObjectNode rs = Json.object();
            rs.put("apiVersion", "apps/v1");
            rs.put("kind", "ReplicaSet");
            ObjectNode meta = rs.putObject("metadata");
            String name = ObjectMeta.name(d) + "-" + hash;
            meta.put("name", name);
            meta.put("namespace", ObjectMeta.namespace(d));
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
            meta.putObject("annotations");
            meta.putArray("ownerReferences").add(OwnerReferences.controllerRef("apps/v1", "Deployment", d));
            ObjectNode spec = rs.putObject("spec");
            spec.put("replicas", 0);
            setMinReadySeconds(rs, Rollouts.minReadySeconds(d));
            spec.set("selector", selector);
            spec.set("template", template);
            List<ObjectNode> all = new ArrayList<>(old);
            all.add(rs);
            int count = Rollouts.newReplicaSetReplicas(d, all, rs);
            spec.put("replicas", count);
            Rollouts.setNewReplicaSetAnnotations(d, rs, newRevision, false);
            Rollouts.tidy(rs);

            JsonNode clash = snapshot.replicaSets().stream()
                    .filter(o -> ObjectMeta.name(o).equals(name) && ObjectMeta.namespace(o).equals(ObjectMeta.namespace(d)))
                    .findFirst().orElse(null);
            boolean alreadyExists = clash != null;
            ObjectNode created;
            if (alreadyExists) {
                if (OwnerReferences.controllerUid(clash).equals(ObjectMeta.uid(d))
                        && Rollouts.equalIgnoreHash(d.path("spec").path("template"), clash.path("spec").path("template"))) {
                    created = Rollouts.copy(clash);
                    Rollouts.tidy(created);
                } else {
                    // D6: a hash collision; the next sync names the ReplicaSet anew
                    status.collisionCount = status.collisionCount == null ? 1 : status.collisionCount + 1;
                    updateStatus();
                    aborted = true;
                    return null;
                }
            } else {
                steps.add(new DeploymentStep.CreateReplicaSet(rs.deepCopy()));
                created = rs;
                if (count > 0) {
                    event("Normal", "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to " + count);
                }
            }
            boolean needsUpdate = setDeploymentRevision(newRevision);
            if (!alreadyExists && Rollouts.hasProgressDeadline(d)) {
                status.set(condition(PROGRESSING, "True", "NewReplicaSetCreated",
                        "Created new replica set \"" + name + "\""));
                needsUpdate = true;
            }
            if (needsUpdate) {
                updateStatus();
            }
            return created;
        }

        /** scale (rule D14). {@code old} is sorted in place as Kubernetes sorts it. */
        void scale(ObjectNode newRs, List<ObjectNode> old) {
            ObjectNode activeOrLatest = Rollouts.findActiveOrLatest(newRs, old);
            if (activeOrLatest != null) {
                if (specReplicas(activeOrLatest) != replicas(d)) {
                    scaleReplicaSetAndRecordEvent(activeOrLatest, replicas(d));
                }
                return;
            }
            if (Rollouts.isSaturated(d, newRs)) {
                for (ObjectNode rs : active(old)) {
                    scaleReplicaSetAndRecordEvent(rs, 0);
                }
                return;
            }
            if (!Rollouts.isRollingUpdate(d)) {
                return;
            }
            List<ObjectNode> withNew = new ArrayList<>(old);
            withNew.add(newRs);
            List<ObjectNode> all = active(withNew);
            int allReplicas = Rollouts.sumSpec(all);
            int allowed = replicas(d) > 0 ? replicas(d) + Rollouts.maxSurge(d) : 0;
            int toAdd = allowed - allReplicas;
            String operation = "";
            if (toAdd > 0) {
                all.sort(Rollouts.BY_SIZE_NEWER);
                operation = "up";
            } else if (toAdd < 0) {
                all.sort(Rollouts.BY_SIZE_OLDER);
                operation = "down";
            }
            int added = 0;
            Map<String, Integer> sizes = new HashMap<>();
            for (ObjectNode rs : all) {
                if (toAdd != 0) {
                    int proportion = Rollouts.proportion(rs, d, toAdd, added, status.replicas);
                    sizes.put(ObjectMeta.name(rs), specReplicas(rs) + proportion);
                    added += proportion;
                } else {
                    sizes.put(ObjectMeta.name(rs), specReplicas(rs));
                }
            }
            for (int i = 0; i < all.size(); i++) {
                ObjectNode rs = all.get(i);
                if (i == 0 && toAdd != 0) {
                    int size = sizes.get(ObjectMeta.name(rs)) + (toAdd - added);
                    sizes.put(ObjectMeta.name(rs), Math.max(size, 0));
                }
                scaleReplicaSet(rs, sizes.get(ObjectMeta.name(rs)), operation);
            }
        }

        Scaled scaleReplicaSetAndRecordEvent(ObjectNode rs, int newScale) {
            if (specReplicas(rs) == newScale) {
                return new Scaled(false, rs);
            }
            return scaleReplicaSet(rs, newScale, specReplicas(rs) < newScale ? "up" : "down");
        }

        /** scaleReplicaSet: the size and the replicas annotations in one update; the event when the size moved. */
        Scaled scaleReplicaSet(ObjectNode rs, int newScale, String operation) {
            boolean sizeNeedsUpdate = specReplicas(rs) != newScale;
            int desired = replicas(d);
            int max = desired + Rollouts.maxSurge(d);
            boolean annotationsNeedUpdate = Rollouts.replicasAnnotationsNeedUpdate(rs, desired, max);
            if (!sizeNeedsUpdate && !annotationsNeedUpdate) {
                return new Scaled(false, rs);
            }
            int oldScale = specReplicas(rs);
            ObjectNode copy = Rollouts.copy(rs);
            ((ObjectNode) copy.path("spec")).put("replicas", newScale);
            Rollouts.setReplicasAnnotations(copy, desired, max);
            Rollouts.tidy(copy);
            steps.add(new DeploymentStep.UpdateReplicaSet(ObjectMeta.name(copy), ObjectMeta.uid(copy), copy.deepCopy()));
            if (sizeNeedsUpdate) {
                event("Normal", "ScalingReplicaSet", "Scaled " + operation + " replica set " + ObjectMeta.name(copy)
                        + " from " + oldScale + " to " + newScale);
            }
            return new Scaled(sizeNeedsUpdate, copy);
        }

        /** cleanupDeployment (rule D13). */
        void cleanupDeployment(List<ObjectNode> old) {
            if (!Rollouts.hasRevisionHistoryLimit(d)) {
                return;
            }
            List<ObjectNode> cleanable = new ArrayList<>();
            for (ObjectNode rs : old) {
                if (rs != null && !ObjectMeta.deleting(rs)) {
                    cleanable.add(rs);
                }
            }
            int diff = cleanable.size() - d.path("spec").path("revisionHistoryLimit").asInt();
            if (diff <= 0) {
                return;
            }
            cleanable.sort(Rollouts.BY_REVISION);
            for (int i = 0; i < diff; i++) {
                ObjectNode rs = cleanable.get(i);
                if (statusReplicas(rs) != 0 || specReplicas(rs) != 0
                        || rs.path("metadata").path("generation").asLong(0)
                        > rs.path("status").path("observedGeneration").asLong(0)
                        || ObjectMeta.deleting(rs)) {
                    continue;
                }
                steps.add(new DeploymentStep.DeleteReplicaSet(ObjectMeta.name(rs), ObjectMeta.uid(rs)));
            }
        }

        /** syncDeploymentStatus: the status alone, no Progressing estimate. */
        void syncDeploymentStatus(List<ObjectNode> all, ObjectNode newRs) {
            Status next = calculateStatus(all, newRs);
            if (next.equals(status)) {
                return;
            }
            status = next;
            updateStatus();
        }

        /** calculateStatus (rules D16, D17). */
        Status calculateStatus(List<ObjectNode> all, ObjectNode newRs) {
            int available = 0;
            int total = 0;
            int actual = 0;
            int ready = 0;
            for (ObjectNode rs : all) {
                if (rs == null) {
                    continue;
                }
                available += availableReplicas(rs);
                total += specReplicas(rs);
                actual += statusReplicas(rs);
                ready += Rollouts.readyReplicas(rs);
            }
            Status next = new Status();
            next.observedGeneration = generation();
            next.replicas = actual;
            next.updatedReplicas = newRs == null ? 0 : statusReplicas(newRs);
            next.readyReplicas = ready;
            next.availableReplicas = available;
            next.unavailableReplicas = Math.max(0, total - available);
            next.collisionCount = status.collisionCount;
            next.conditions = new ArrayList<>(status.conditions);
            if (available >= replicas(d) - Rollouts.maxUnavailable(d)) {
                next.set(condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability."));
            } else {
                next.set(condition(AVAILABLE, "False", "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability."));
            }
            return next;
        }

        /** isScalingEvent (rule D15). */
        boolean isScalingEvent() {
            Sets sets = getAllReplicaSetsAndSyncRevision(false);
            if (aborted) {
                return false;
            }
            for (ObjectNode rs : active(sets.all())) {
                Integer desired = Rollouts.intAnnotation(rs, Rollouts.DESIRED_REPLICAS);
                if (desired != null && desired != replicas(d)) {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------ rolling.go

        void rolloutRolling() {
            Sets sets = getAllReplicaSetsAndSyncRevision(true);
            if (aborted) {
                return;
            }
            ObjectNode newRs = sets.newRs();
            List<ObjectNode> old = sets.old();
            List<ObjectNode> all = sets.all();
            if (reconcileNewReplicaSet(all, newRs)) {
                syncRolloutStatus(all, newRs);
                return;
            }
            if (reconcileOldReplicaSets(all, active(old), newRs)) {
                syncRolloutStatus(all, newRs);
                return;
            }
            if (deploymentComplete(status)) {
                cleanupDeployment(old);
            }
            syncRolloutStatus(all, newRs);
        }

        boolean reconcileNewReplicaSet(List<ObjectNode> all, ObjectNode newRs) {
            if (specReplicas(newRs) == replicas(d)) {
                return false;
            }
            if (specReplicas(newRs) > replicas(d)) {
                return scaleReplicaSetAndRecordEvent(newRs, replicas(d)).scaled();
            }
            int count = Rollouts.newReplicaSetReplicas(d, all, newRs);
            return scaleReplicaSetAndRecordEvent(newRs, count).scaled();
        }

        boolean reconcileOldReplicaSets(List<ObjectNode> all, List<ObjectNode> old, ObjectNode newRs) {
            int oldPods = Rollouts.sumSpec(old);
            if (oldPods == 0) {
                return false;
            }
            int allPods = Rollouts.sumSpec(all);
            int minAvailable = replicas(d) - Rollouts.maxUnavailable(d);
            int newUnavailable = specReplicas(newRs) - availableReplicas(newRs);
            int maxScaledDown = allPods - minAvailable - newUnavailable;
            if (maxScaledDown <= 0) {
                return false;
            }
            int cleaned = cleanupUnhealthyReplicas(old, maxScaledDown);
            List<ObjectNode> withNew = new ArrayList<>(old);
            withNew.add(newRs);
            int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(withNew, old);
            return cleaned + scaledDown > 0;
        }

        /** cleanupUnhealthyReplicas: sorts {@code old} oldest first and replaces the scaled ones in it. */
        int cleanupUnhealthyReplicas(List<ObjectNode> old, int maxCleanup) {
            old.sort(Rollouts.BY_CREATION);
            int total = 0;
            for (int i = 0; i < old.size(); i++) {
                ObjectNode rs = old.get(i);
                if (total >= maxCleanup) {
                    break;
                }
                if (specReplicas(rs) == 0 || specReplicas(rs) == availableReplicas(rs)) {
                    continue;
                }
                int down = Math.min(maxCleanup - total, specReplicas(rs) - availableReplicas(rs));
                Scaled scaled = scaleReplicaSetAndRecordEvent(rs, specReplicas(rs) - down);
                total += down;
                old.set(i, scaled.rs());
            }
            return total;
        }

        int scaleDownOldReplicaSetsForRollingUpdate(List<ObjectNode> all, List<ObjectNode> old) {
            int minAvailable = replicas(d) - Rollouts.maxUnavailable(d);
            int available = 0;
            for (ObjectNode rs : all) {
                if (rs != null) {
                    available += availableReplicas(rs);
                }
            }
            if (available <= minAvailable) {
                return 0;
            }
            old.sort(Rollouts.BY_CREATION);
            int total = 0;
            int target = available - minAvailable;
            for (ObjectNode rs : old) {
                if (total >= target) {
                    break;
                }
                if (specReplicas(rs) == 0) {
                    continue;
                }
                int down = Math.min(specReplicas(rs), target - total);
                scaleReplicaSetAndRecordEvent(rs, specReplicas(rs) - down);
                total += down;
            }
            return total;
        }

        // ------------------------------------------------------------ recreate.go

        void rolloutRecreate(Map<String, List<JsonNode>> podMap) {
            Sets sets = getAllReplicaSetsAndSyncRevision(false);
            if (aborted) {
                return;
            }
            ObjectNode newRs = sets.newRs();
            List<ObjectNode> old = sets.old();
            List<ObjectNode> all = sets.all();
            boolean scaledDown = false;
            for (ObjectNode rs : active(old)) {
                if (scaleReplicaSetAndRecordEvent(rs, 0).scaled()) {
                    scaledDown = true;
                }
            }
            if (scaledDown) {
                syncRolloutStatus(all, newRs);
                return;
            }
            if (oldPodsRunning(newRs, old, podMap)) {
                syncRolloutStatus(all, newRs);
                return;
            }
            if (newRs == null) {
                sets = getAllReplicaSetsAndSyncRevision(true);
                if (aborted) {
                    return;
                }
                newRs = sets.newRs();
                old = sets.old();
                all = sets.all();
            }
            scaleReplicaSetAndRecordEvent(newRs, replicas(d));
            if (deploymentComplete(status)) {
                cleanupDeployment(old);
            }
            syncRolloutStatus(all, newRs);
        }

        /** oldPodsRunning (rule D12). */
        boolean oldPodsRunning(ObjectNode newRs, List<ObjectNode> old, Map<String, List<JsonNode>> podMap) {
            int oldPods = 0;
            for (ObjectNode rs : old) {
                oldPods += statusReplicas(rs);
            }
            if (oldPods > 0) {
                return true;
            }
            String newUid = newRs == null ? null : ObjectMeta.uid(newRs);
            for (Map.Entry<String, List<JsonNode>> e : podMap.entrySet()) {
                if (e.getKey().equals(newUid)) {
                    continue;
                }
                for (JsonNode pod : e.getValue()) {
                    String phase = Pods.phase(pod);
                    if (!phase.equals("Failed") && !phase.equals("Succeeded")) {
                        return true;
                    }
                }
            }
            return false;
        }

        // ------------------------------------------------------------ progress.go

        /** syncRolloutStatus (rules D18–D20). */
        void syncRolloutStatus(List<ObjectNode> all, ObjectNode newRs) {
            Status next = calculateStatus(all, newRs);
            if (!Rollouts.hasProgressDeadline(d)) {
                next.remove(PROGRESSING);
            }
            Status.Condition current = status.condition(PROGRESSING);
            boolean complete = next.replicas == next.updatedReplicas && current != null
                    && current.reason().equals("NewReplicaSetAvailable");
            if (Rollouts.hasProgressDeadline(d) && !complete) {
                String subject = newRs != null ? "ReplicaSet \"" + ObjectMeta.name(newRs) + "\""
                        : "Deployment \"" + ObjectMeta.name(d) + "\"";
                if (deploymentComplete(next)) {
                    next.set(condition(PROGRESSING, "True", "NewReplicaSetAvailable",
                            subject + " has successfully progressed."));
                } else if (deploymentProgressing(next)) {
                    Status.Condition cond = condition(PROGRESSING, "True", "ReplicaSetUpdated",
                            subject + " is progressing.");
                    if (current != null) {
                        if (current.status().equals("True")) {
                            cond = cond.withTransition(current.lastTransitionTime());
                        }
                        next.remove(PROGRESSING);
                    }
                    next.set(cond);
                } else if (deploymentTimedOut(next)) {
                    next.set(condition(PROGRESSING, "False", "ProgressDeadlineExceeded",
                            subject + " has timed out progressing."));
                }
            }
            next.remove(REPLICA_FAILURE);
            if (next.equals(status)) {
                requeueStuckDeployment(next);
                return;
            }
            status = next;
            updateStatus();
        }

        /** DeploymentComplete. */
        boolean deploymentComplete(Status s) {
            int replicas = replicas(d);
            return s.updatedReplicas == replicas && s.replicas == replicas && s.availableReplicas == replicas
                    && s.observedGeneration >= generation();
        }

        /** DeploymentProgressing: against the status the deployment has now. */
        boolean deploymentProgressing(Status next) {
            int oldOld = status.replicas - status.updatedReplicas;
            int newOld = next.replicas - next.updatedReplicas;
            return next.updatedReplicas > status.updatedReplicas || newOld < oldOld
                    || next.readyReplicas > status.readyReplicas || next.availableReplicas > status.availableReplicas;
        }

        /** DeploymentTimedOut (rule D20). */
        boolean deploymentTimedOut(Status next) {
            if (!Rollouts.hasProgressDeadline(d)) {
                return false;
            }
            Status.Condition cond = next.condition(PROGRESSING);
            if (cond == null || cond.reason().equals("NewReplicaSetAvailable")) {
                return false;
            }
            if (cond.reason().equals("ProgressDeadlineExceeded")) {
                return true;
            }
            Instant from = Pods.time(cond.lastUpdateTime());
            if (from == null) {
                return false;
            }
            return from.plusSeconds(Rollouts.progressDeadlineSeconds(d)).isBefore(now);
        }

        /** requeueStuckDeployment (rule D20). */
        void requeueStuckDeployment(Status next) {
            Status.Condition current = status.condition(PROGRESSING);
            if (!Rollouts.hasProgressDeadline(d) || current == null) {
                return;
            }
            if (deploymentComplete(next) || current.reason().equals("ProgressDeadlineExceeded")) {
                return;
            }
            Instant from = Pods.time(current.lastUpdateTime());
            if (from == null) {
                return;
            }
            Duration after = Duration.between(now, from.plusSeconds(Rollouts.progressDeadlineSeconds(d)));
            requeue = after.compareTo(Duration.ofSeconds(1)) < 0 ? RATE_LIMITED : after.plusSeconds(1);
        }

        // ------------------------------------------------------------ helpers

        boolean paused() {
            return d.path("spec").path("paused").asBoolean(false);
        }

        long generation() {
            return d.path("metadata").path("generation").asLong(0);
        }

        /** SetDeploymentRevision. */
        boolean setDeploymentRevision(String revision) {
            if (revision == null || revision.equals(annotations.get(Rollouts.REVISION))) {
                return false;
            }
            annotations.put(Rollouts.REVISION, revision);
            return true;
        }

        Status.Condition condition(String type, String conditionStatus, String reason, String message) {
            return new Status.Condition(type, conditionStatus, nowText, nowText, reason, message);
        }

        void updateStatus() {
            ObjectNode annotationsNode = null;
            if (!annotations.isEmpty() || d.path("metadata").has("annotations")) {
                annotationsNode = Json.object();
                annotations.forEach(annotationsNode::put);
            }
            steps.add(new DeploymentStep.WriteStatus(status.toJson(), annotationsNode));
        }

        void event(String type, String reason, String message) {
            steps.add(new DeploymentStep.Event(type, reason, message));
        }

        private static void setMinReadySeconds(ObjectNode rs, int value) {
            ObjectNode spec = Json.child(rs, "spec");
            if (value == 0) {
                spec.remove("minReadySeconds");
            } else {
                spec.put("minReadySeconds", value);
            }
        }
    }
}
