package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PreFilterPlugin;
import io.kubepark.scheduler.ReservePlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod's PersistentVolumeClaims, for what needs no provisioning decision: claims must exist, Immediate
 * claims must be bound, and a bound volume's node affinity must match the node. Unbound WaitForFirstConsumer
 * claims pass; the chosen node is reported so the caller can annotate them for the provisioner.
 */
final class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin {

    static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    static final String MISSING_PV = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

    static final String NO_VOLUME = "node(s) didn't find available persistent volumes to bind";

    /** The bound volumes (null for a missing one) and the claims waiting for a node. */
    record Claims(List<JsonNode> boundVolumes, List<String> waiting, List<JsonNode> waitingClasses) {
    }

    static final CycleState.Key<Claims> KEY = new CycleState.Key<>("VolumeBinding");

    @Override
    public String name() {
        return "VolumeBinding";
    }

    @Override
    public Result preFilter(CycleState state, JsonNode pod, ClusterView view) {
        String namespace = PodSpecs.namespace(pod);
        List<JsonNode> bound = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<JsonNode> waitingClasses = new ArrayList<>();
        boolean unboundImmediate = false;
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            String claimName;
            boolean ephemeral = false;
            if (volume.has("persistentVolumeClaim")) {
                claimName = volume.path("persistentVolumeClaim").path("claimName").asText();
            } else if (volume.has("ephemeral")) {
                claimName = PodSpecs.name(pod) + "-" + volume.path("name").asText();
                ephemeral = true;
            } else {
                continue;
            }
            JsonNode claim = view.claim(namespace, claimName);
            if (claim == null) {
                // Unschedulable rather than unresolvable: the observed D4 output shows preemption dry-running
                // every node ("No preemption victims found") after this rejection.
                return Result.of(Status.unschedulable(ephemeral
                        ? "waiting for ephemeral volume controller to create the persistentvolumeclaim \""
                                + claimName + "\""
                        : "persistentvolumeclaim \"" + claimName + "\" not found"));
            }
            if (claim.path("metadata").has("deletionTimestamp")) {
                // rule 101: a claim on its way out takes no new pods
                return Result.of(Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted"));
            }
            String volumeName = claim.path("spec").path("volumeName").asText();
            if (!volumeName.isEmpty()) {
                bound.add(view.volume(volumeName));
                continue;
            }
            String className = className(claim);
            JsonNode storageClass = className.isEmpty() ? null : view.storageClass(className);
            if (!className.isEmpty() && storageClass == null) {
                return Result.of(Status.error("storageclass.storage.k8s.io \"" + className + "\" not found"));
            }
            if (storageClass != null
                    && storageClass.path("volumeBindingMode").asText().equals("WaitForFirstConsumer")) {
                waiting.add(claimName);
                waitingClasses.add(storageClass);
            } else {
                unboundImmediate = true;
            }
        }
        if (unboundImmediate) {
            return Result.of(Status.unresolvable(UNBOUND_IMMEDIATE));
        }
        state.write(KEY, new Claims(bound, waiting, waitingClasses));
        return Result.of(Status.success());
    }

    private static String className(JsonNode claim) {
        JsonNode explicit = claim.path("spec").path("storageClassName");
        if (explicit.isTextual()) {
            return explicit.asText();
        }
        return claim.path("metadata").path("annotations").path("volume.beta.kubernetes.io/storage-class").asText();
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        Claims claims = state.read(KEY);
        if (claims == null) {
            return Status.success();
        }
        for (JsonNode pv : claims.boundVolumes()) {
            if (pv == null) {
                return Status.unresolvable(MISSING_PV);
            }
            JsonNode required = pv.path("spec").path("nodeAffinity").path("required");
            if (!required.isMissingNode() && !required.isNull() && !NodeSelectors.matches(required, node.node())) {
                return Status.unresolvable(NODE_CONFLICT);
            }
        }
        // a claim to provision here must be allowed in the node's topology (B11 rule 106)
        for (JsonNode storageClass : claims.waitingClasses()) {
            if (!allowedOn(storageClass.path("allowedTopologies"), node.node())) {
                return Status.unschedulable(NO_VOLUME);
            }
        }
        return Status.success();
    }

    /** No allowedTopologies, or one term whose every expression the node's labels satisfy. */
    static boolean allowedOn(JsonNode allowedTopologies, JsonNode node) {
        if (!allowedTopologies.isArray() || allowedTopologies.isEmpty()) {
            return true;
        }
        JsonNode labels = node.path("metadata").path("labels");
        for (JsonNode term : allowedTopologies) {
            boolean all = true;
            for (JsonNode expression : term.path("matchLabelExpressions")) {
                String value = labels.path(expression.path("key").asText()).asText(null);
                boolean found = false;
                for (JsonNode v : expression.path("values")) {
                    found |= v.asText().equals(value);
                }
                all &= found;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> claimsAwaitingNode(CycleState state, JsonNode pod, String node) {
        Claims claims = state.read(KEY);
        return claims == null ? List.of() : claims.waiting();
    }
}
