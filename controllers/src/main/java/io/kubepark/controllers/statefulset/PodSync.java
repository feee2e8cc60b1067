package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * updateStatefulSet (A4, A6, A10) for one sync: buckets the pods, then plans replica processing, claim
 * fixes of condemned pods, scale-down and the rolling update. Collects steps instead of writing; the
 * views of claims and deleted pods keep later decisions of the same sync consistent with earlier steps.
 */
final class PodSync {
    private static final int MAX_BATCH = 500;

    /** How processing one pod ended: go on, stop this stage (monotonic only), or fail the sync. */
    enum Outcome { CONTINUE, EXIT, FAIL }

    private final JsonNode set;
    private final Instant now;
    private final boolean maxUnavailableGate;
    private final RetentionPolicy policy;
    private final String currentName;
    private final String updateName;
    private final JsonNode currentTemplate;
    private final JsonNode updateTemplate;
    private final boolean monotonic;
    private final int minReadySeconds;

    private final Map<String, JsonNode> claims;
    private final List<Step> steps = new ArrayList<>();
    private final Set<String> deleted = new HashSet<>();
    private final List<JsonNode> replicas = new ArrayList<>();
    private final List<JsonNode> condemned = new ArrayList<>();
    private JsonNode firstUnhealthy;
    private int currentReplicasDecrement;
    private boolean failed;

    PodSync(JsonNode set, Instant now, boolean maxUnavailableGate, Map<String, JsonNode> claims,
            JsonNode current, JsonNode update) {
        this.set = set;
        this.now = now;
        this.maxUnavailableGate = maxUnavailableGate;
        this.policy = RetentionPolicy.of(set);
        this.currentName = ObjectMeta.name(current);
        this.updateName = ObjectMeta.name(update);
        this.currentTemplate = Revisions.template(current, set);
        this.updateTemplate = Revisions.template(update, set);
        this.monotonic = !set.path("spec").path("podManagementPolicy").asText("OrderedReady").equals("Parallel");
        this.minReadySeconds = set.path("spec").path("minReadySeconds").asInt(0);
        this.claims = new LinkedHashMap<>(claims);
    }

    List<Step> steps() {
        return steps;
    }

    /** The pods the status counts: replicas (planned ones have no phase, so do not count) and condemned. */
    List<JsonNode> countedPods() {
        List<JsonNode> all = new ArrayList<>(replicas);
        all.addAll(condemned);
        return all;
    }

    /** Rolling-update deletions made in this sync; the status written subtracts them from currentReplicas. */
    int currentReplicasDecrement() {
        return currentReplicasDecrement;
    }

    /** Whether something this sync waits on is an error upstream, which re-queues the set. */
    boolean failed() {
        return failed;
    }

    void run(List<JsonNode> pods) {
        bucket(pods);
        if (runForAll(replicas.size(), this::processReplica) != Outcome.CONTINUE) {
            return;
        }
        if (runForAll(condemned.size(), this::fixCondemnedClaims) != Outcome.CONTINUE) {
            return;
        }
        if (runForAll(condemned.size(), this::processCondemned) != Outcome.CONTINUE) {
            return;
        }
        String strategy = set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate");
        if (strategy.equals("OnDelete")) {
            return;
        }
        if (maxUnavailableGate) {
            rollWithMaxUnavailable();
        } else {
            roll();
        }
    }

    private void bucket(List<JsonNode> pods) {
        int start = Identity.startOrdinal(set);
        JsonNode[] slots = new JsonNode[Math.max(0, Identity.replicas(set))];
        for (JsonNode pod : pods) {
            int ordinal = Identity.ordinal(pod);
            if (Identity.inOrdinalRange(set, ordinal)) {
                slots[ordinal - start] = pod;
            } else if (ordinal >= 0) {
                condemned.add(pod);
            }
        }
        for (int i = 0; i < slots.length; i++) {
            replicas.add(slots[i] != null ? slots[i] : newVersionedPod(start + i));
        }
        condemned.sort(Comparator.comparingInt(Identity::ordinal).reversed());
        for (JsonNode replica : replicas) {
            if (!PodState.isHealthy(replica)) {
                firstUnhealthy = replica;
                break;
            }
        }
        for (int i = condemned.size() - 1; i >= 0 && firstUnhealthy == null; i--) {
            if (!PodState.isHealthy(condemned.get(i))) {
                firstUnhealthy = condemned.get(i);
            }
        }
    }

    /**
     * newVersionedStatefulSetPod, with its operator precedence: the partition clause is not guarded by the
     * RollingUpdate type, and without rollingUpdate the stored status.currentReplicas decides.
     */
    private ObjectNode newVersionedPod(int ordinal) {
        JsonNode strategy = set.path("spec").path("updateStrategy");
        JsonNode rolling = strategy.path("rollingUpdate");
        boolean rollingUpdateSet = rolling.isObject();
        int start = Identity.startOrdinal(set);
        boolean atCurrent = (strategy.path("type").asText("RollingUpdate").equals("RollingUpdate")
                && !rollingUpdateSet && ordinal < start + set.path("status").path("currentReplicas").asInt(0))
                || (rollingUpdateSet && ordinal < start + rolling.path("partition").asInt(0));
        ObjectNode pod = Identity.newPod(set, atCurrent ? currentTemplate : updateTemplate, ordinal);
        Identity.setRevision(pod, atCurrent ? currentName : updateName);
        return pod;
    }

    /** Sequential with an early stop when monotonic; slow-start batches of 1, 2, 4 … 500 in burst mode. */
    private Outcome runForAll(int count, IntFunction<Outcome> fn) {
        if (monotonic) {
            for (int i = 0; i < count; i++) {
                Outcome outcome = fn.apply(i);
                if (outcome != Outcome.CONTINUE) {
                    return outcome;
                }
            }
            return Outcome.CONTINUE;
        }
        int next = 0;
        int remaining = count;
        for (int batch = Math.min(remaining, 1); batch > 0; batch = Math.min(Math.min(2 * batch, remaining),
                MAX_BATCH)) {
            boolean batchFailed = false;
            for (int k = 0; k < batch; k++) {
                batchFailed |= fn.apply(next++) == Outcome.FAIL;
            }
            if (batchFailed) {
                return Outcome.FAIL;
            }
            remaining -= batch;
        }
        return Outcome.CONTINUE;
    }

    private Outcome processReplica(int i) {
        JsonNode pod = replicas.get(i);
        if (PodState.isFailedOrSucceeded(pod)) {
            if (!PodState.isTerminating(pod)) {
                delete(pod);
            }
            return Outcome.EXIT;
        }
        if (!PodState.isCreated(pod)) {
            RetentionPolicy.Owner owner = RetentionPolicy.Owner.of(set, pod);
            for (String claimName : claimNames(pod)) {
                if (policy.claimIsStale(claims.get(claimName), owner)) {
                    failed = true;
                    return Outcome.EXIT;
                }
            }
            if (!createClaims(pod)) {
                return fail();
            }
            steps.add(new Step.CreatePod((ObjectNode) pod.deepCopy()));
            fixClaimOwners(pod);
            // Nothing else can be judged about a pod that only exists in this plan.
            return monotonic ? Outcome.EXIT : Outcome.CONTINUE;
        }
        if (PodState.isPending(pod)) {
            if (!createClaims(pod)) {
                return fail();
            }
            fixClaimOwners(pod);
        }
        if (monotonic) {
            if (PodState.isTerminating(pod) || !PodState.isRunningAndReady(pod)
                    || !PodState.isAvailable(pod, minReadySeconds, now)) {
                return Outcome.EXIT;
            }
        }
        boolean identity = Identity.identityMatches(set, pod);
        boolean storage = Identity.storageMatches(set, pod);
        boolean retention = claimsMatchPolicy(pod);
        if (identity && storage && retention) {
            return Outcome.CONTINUE;
        }
        ObjectNode repaired = pod.deepCopy();
        if (!identity) {
            Identity.updateIdentity(set, repaired);
        }
        if (!storage) {
            Identity.updateStorage(set, repaired);
            if (!createClaims(repaired)) {
                return fail();
            }
        }
        if (!claimsMatchPolicy(repaired)) {
            fixClaimOwners(repaired);
        }
        steps.add(new Step.UpdatePod(repaired));
        return Outcome.CONTINUE;
    }

    private Outcome fixCondemnedClaims(int i) {
        JsonNode pod = condemned.get(i);
        if (!claimsMatchPolicy(pod)) {
            fixClaimOwners(pod);
        }
        return Outcome.CONTINUE;
    }

    /** The firstUnhealthyPod quirk: an unhealthy condemned pod is deleted only if it is that pod. */
    private Outcome processCondemned(int i) {
        JsonNode pod = condemned.get(i);
        if (PodState.isTerminating(pod)) {
            return monotonic ? Outcome.EXIT : Outcome.CONTINUE;
        }
        if (monotonic && pod != firstUnhealthy && (!PodState.isRunningAndReady(pod)
                || !PodState.isAvailable(pod, minReadySeconds, now))) {
            return Outcome.EXIT;
        }
        delete(pod);
        return Outcome.EXIT;
    }

    /** One deletion per sync, highest index down to the partition, waiting on Running+Ready (not Available). */
    private void roll() {
        int updateMin = set.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
        for (int target = replicas.size() - 1; target >= updateMin; target--) {
            JsonNode pod = replicas.get(target);
            if (!Identity.revisionOf(pod).equals(updateName) && !PodState.isTerminating(pod)) {
                deleteForUpdate(pod);
                return;
            }
            if (!PodState.isHealthy(pod)) {
                return;
            }
        }
    }

    /** The MaxUnavailableStatefulSet variant: unavailable pods are counted over every replica. */
    private void rollWithMaxUnavailable() {
        JsonNode rolling = set.path("spec").path("updateStrategy").path("rollingUpdate");
        int updateMin = rolling.path("partition").asInt(0);
        int maxUnavailable = 1;
        if (rolling.isObject()) {
            Integer scaled = scaledValue(rolling.path("maxUnavailable"), replicas.size());
            if (scaled == null) {
                failed = true;
                return;
            }
            maxUnavailable = Math.max(1, scaled);
        }
        int unavailable = (int) replicas.stream().filter(p -> !PodState.isHealthy(p)).count();
        if (unavailable >= maxUnavailable) {
            return;
        }
        int toDelete = maxUnavailable - unavailable;
        for (int target = replicas.size() - 1; target >= updateMin && toDelete > 0; target--) {
            JsonNode pod = replicas.get(target);
            if (!Identity.revisionOf(pod).equals(updateName) && !PodState.isTerminating(pod)) {
                deleteForUpdate(pod);
                toDelete--;
            }
        }
    }

    /** intstr.GetScaledValueFromIntOrPercent rounding down; a missing value is 1. Null when malformed. */
    static Integer scaledValue(JsonNode value, int total) {
        if (value.isMissingNode() || value.isNull()) {
            return 1;
        }
        if (value.isInt()) {
            return value.asInt();
        }
        String text = value.asText();
        if (!text.endsWith("%")) {
            return null;
        }
        try {
            return Integer.parseInt(text.substring(0, text.length() - 1)) * total / 100;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void deleteForUpdate(JsonNode pod) {
        // A pod that exists only in this plan cannot be deleted; it is created at its revision already.
        if (PodState.isCreated(pod) || !ObjectMeta.uid(pod).isEmpty()) {
            delete(pod);
            currentReplicasDecrement++;
        }
    }

    private void delete(JsonNode pod) {
        if (deleted.add(ObjectMeta.name(pod))) {
            steps.add(new Step.DeletePod(ObjectMeta.name(pod), ObjectMeta.uid(pod)));
        }
    }

    private Outcome fail() {
        failed = true;
        return Outcome.FAIL;
    }

    private List<String> claimNames(JsonNode pod) {
        return Identity.claims(set, Identity.ordinal(pod)).values().stream().map(ObjectMeta::name).toList();
    }

    /**
     * createPersistentVolumeClaims: missing claims are created (already carrying the owner refs the policy
     * wants); existing ones are reused unchanged. False when one is being deleted, which blocks the pod.
     */
    private boolean createClaims(JsonNode pod) {
        boolean ok = true;
        RetentionPolicy.Owner owner = RetentionPolicy.Owner.of(set, pod);
        for (ObjectNode claim : Identity.claims(set, Identity.ordinal(pod)).values()) {
            JsonNode existing = claims.get(ObjectMeta.name(claim));
            if (existing == null) {
                ArrayNode refs = policy.updatedRefs(claim, set, owner);
                if (refs.isEmpty()) {
                    ((ObjectNode) claim.get("metadata")).remove("ownerReferences");
                } else {
                    ((ObjectNode) claim.get("metadata")).set("ownerReferences", refs);
                }
                steps.add(new Step.CreateClaim(claim));
                claims.put(ObjectMeta.name(claim), claim);
            } else if (ObjectMeta.deleting(existing)) {
                ok = false;
            }
        }
        return ok;
    }

    /** ClaimsMatchRetentionPolicy: missing claims count as matching; they are picked up later. */
    private boolean claimsMatchPolicy(JsonNode pod) {
        RetentionPolicy.Owner owner = RetentionPolicy.Owner.of(set, pod);
        for (String claimName : claimNames(pod)) {
            JsonNode claim = claims.get(claimName);
            if (claim != null && !policy.isUpToDate(claim, set, owner)) {
                return false;
            }
        }
        return true;
    }

    /** UpdatePodClaimForRetentionPolicy: a ConflictingController warning per claim with a foreign controller. */
    private void fixClaimOwners(JsonNode pod) {
        RetentionPolicy.Owner owner = RetentionPolicy.Owner.of(set, pod);
        for (String claimName : claimNames(pod)) {
            JsonNode claim = claims.get(claimName);
            if (claim == null || ObjectMeta.uid(claim).isEmpty()) {
                continue;
            }
            if (policy.hasUnexpectedController(claim, set, owner)) {
                steps.add(new Step.Event("Warning", RetentionPolicy.CONFLICTING_CONTROLLER,
                        RetentionPolicy.conflictMessage(claimName)));
            }
            if (!policy.isUpToDate(claim, set, owner)) {
                ArrayNode refs = policy.updatedRefs(claim, set, owner);
                steps.add(new Step.SetOwnerReferences("PersistentVolumeClaim", claimName, ObjectMeta.uid(claim), refs));
                ObjectNode updated = claim.deepCopy();
                ((ObjectNode) updated.get("metadata")).set("ownerReferences", refs.deepCopy());
                claims.put(claimName, updated);
            }
        }
    }
}
