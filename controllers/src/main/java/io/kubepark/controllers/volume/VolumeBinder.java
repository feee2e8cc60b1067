package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of the PersistentVolume binder controller: given a {@link BinderSnapshot}, what to write for
 * one claim or one volume. Pure: no clock, no I/O; the same snapshot always gives the same steps.
 *
 * <p>Binding is the four-step transaction of Kubernetes (volume claimRef, volume phase, claim volumeName,
 * claim status), each step left out when its object already has that state, so planning again for a bound
 * pair yields nothing. Events follow {@code pv_controller.go} reason for reason and word for word. Plain
 * phase transitions carry no event.
 */
public final class VolumeBinder {
    static final String CLAIM = "PersistentVolumeClaim";
    static final String VOLUME = "PersistentVolume";
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    static final String PENDING = "Pending";
    static final String AVAILABLE = "Available";
    static final String BOUND = "Bound";
    static final String RELEASED = "Released";
    static final String FAILED = "Failed";
    static final String LOST = "Lost";

    /** The provisioner name of classes that only bind pre-created volumes (local volumes). */
    static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";

    private VolumeBinder() {
    }

    /**
     * Plans one sync of a claim: a claim without {@code pv.kubernetes.io/bind-completed} is matched, bound,
     * defaulted or sent to provisioning; a claim with it is kept bound or declared Lost. Empty when nothing is
     * to be done, including when the claim is not in the snapshot.
     */
    public static List<BinderStep> syncClaim(BinderSnapshot s, String namespace, String name) {
        JsonNode claim = s.claims().get(Storage.claimKey(namespace, name));
        if (claim == null) {
            return List.of();
        }
        List<BinderStep> steps = new ArrayList<>();
        if (Storage.hasAnnotation(claim, Storage.BIND_COMPLETED)) {
            syncBoundClaim(s, claim, steps);
        } else if (Storage.volumeName(claim).isEmpty()) {
            syncUnboundClaim(s, claim, steps);
        } else {
            syncPreBoundClaim(s, claim, steps);
        }
        return List.copyOf(steps);
    }

    /**
     * Plans one sync of a volume: its phase from its claimRef and the claim it points at, unbinding what the
     * controller bound to a claim that went elsewhere, and the reclaim policy of a released volume. Empty when
     * nothing is to be done, including when the volume is not in the snapshot.
     *
     * <p>A volume pre-bound to a claim that has no volumeName yet plans nothing: the caller enqueues that
     * claim, whose sync completes the binding.
     */
    public static List<BinderStep> syncVolume(BinderSnapshot s, String name) {
        JsonNode volume = Storage.volume(s, name);
        if (volume == null) {
            return List.of();
        }
        List<BinderStep> steps = new ArrayList<>();
        syncVolume(s, volume, steps);
        return List.copyOf(steps);
    }

    // ---- claims --------------------------------------------------------------------------------------------

    private static void syncUnboundClaim(BinderSnapshot s, JsonNode claim, List<BinderStep> steps) {
        boolean delayBinding = StorageClasses.delaysBinding(claim, s.classes());
        JsonNode volume = Matching.findBestMatch(s.volumes(), claim, delayBinding);
        if (volume != null) {
            bind(volume, claim, steps);
            return;
        }
        if (!Storage.claimHasClass(claim)) {
            JsonNode defaultClass = StorageClasses.defaultClass(s.classes());
            if (defaultClass != null) {
                // The update re-queues the claim; the next sync matches or provisions with the new class.
                steps.add(new BinderStep.SetClaimClass(ObjectMeta.namespace(claim), ObjectMeta.name(claim),
                        ObjectMeta.name(defaultClass)));
                return;
            }
        }
        if (delayBinding && !Storage.hasAnnotation(claim, Storage.SELECTED_NODE)) {
            steps.add(waitingForConsumer(s, claim));
        } else if (!Storage.className(claim).isEmpty()) {
            // Provisioning leaves the phase alone; the volume it brings completes the binding.
            provision(s, claim, steps);
            return;
        } else {
            steps.add(claimEvent(claim, NORMAL, "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set"));
        }
        setPending(claim, steps);
    }

    /** The user named a volume in {@code spec.volumeName} before any binding completed. */
    private static void syncPreBoundClaim(BinderSnapshot s, JsonNode claim, List<BinderStep> steps) {
        String volumeName = Storage.volumeName(claim);
        JsonNode volume = Storage.volume(s, volumeName);
        if (volume == null) {
            // Perhaps not created yet; the periodic resync tries again.
            setPending(claim, steps);
        } else if (Storage.claimRef(volume) == null) {
            String mismatch = Matching.whyNotSatisfied(volume, claim);
            if (mismatch == null) {
                bind(volume, claim, steps);
            } else {
                steps.add(claimEvent(claim, WARNING, "VolumeMismatch",
                        "Cannot bind to requested volume \"" + volumeName + "\": " + mismatch));
                setPending(claim, steps);
            }
        } else if (Storage.isVolumeBoundToClaim(volume, claim)) {
            bind(volume, claim, steps);
        } else {
            steps.add(claimEvent(claim, WARNING, "FailedBinding",
                    "volume \"" + volumeName + "\" already bound to a different claim."));
            // With bound-by-controller the state is impossible (someone removed bind-completed); Kubernetes
            // reports an error there and leaves the phase as it is.
            if (!Storage.hasAnnotation(claim, Storage.BOUND_BY_CONTROLLER)) {
                setPending(claim, steps);
            }
        }
    }

    private static void syncBoundClaim(BinderSnapshot s, JsonNode claim, List<BinderStep> steps) {
        String volumeName = Storage.volumeName(claim);
        if (volumeName.isEmpty()) {
            lose(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!",
                    steps);
            return;
        }
        JsonNode volume = Storage.volume(s, volumeName);
        if (volume == null) {
            lose(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!", steps);
            return;
        }
        JsonNode ref = Storage.claimRef(volume);
        if (ref == null || ref.path("uid").asText("").equals(ObjectMeta.uid(claim))) {
            // Either the volume came unbound or this is the steady state; bind repairs or does nothing.
            bind(volume, claim, steps);
        } else {
            lose(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly",
                    steps);
        }
    }

    /** Lost with its event, both only when the phase actually changes, so the event is emitted once. */
    private static void lose(JsonNode claim, String reason, String message, List<BinderStep> steps) {
        if (LOST.equals(Storage.phase(claim))) {
            return;
        }
        steps.add(new BinderStep.SetClaimStatus(ObjectMeta.namespace(claim), ObjectMeta.name(claim), LOST, null, null));
        steps.add(claimEvent(claim, WARNING, reason, message));
    }

    private static BinderStep waitingForConsumer(BinderSnapshot s, JsonNode claim) {
        List<String> pods = ClaimUsers.unscheduled(s.pods(), ObjectMeta.namespace(claim), ObjectMeta.name(claim));
        if (pods.isEmpty()) {
            return claimEvent(claim, NORMAL, "WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding");
        }
        String message = pods.size() == 1
                ? "waiting for pod " + pods.get(0) + " to be scheduled"
                : "waiting for pods " + String.join(",", pods) + " to be scheduled";
        return claimEvent(claim, NORMAL, "WaitForPodScheduled", message);
    }

    /**
     * Asks the claim's class provisioner for a volume, following the external-provisioner contract: both
     * storage-provisioner annotations, then an ExternalProvisioning event on every sync while it waits.
     */
    private static void provision(BinderSnapshot s, JsonNode claim, List<BinderStep> steps) {
        String className = Storage.className(claim);
        JsonNode storageClass = StorageClasses.find(s.classes(), className);
        if (storageClass == null) {
            steps.add(claimEvent(claim, WARNING, "ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + className + "\" not found"));
            return;
        }
        if (Storage.present(claim.path("spec").path("selector"))) {
            // Provisioners reject selectors; the message is the one the external provisioner sends.
            steps.add(claimEvent(claim, WARNING, "ProvisioningFailed", "claim Selector is not supported"));
            setPending(claim, steps);
            return;
        }
        String provisioner = storageClass.path("provisioner").asText("");
        if (NO_PROVISIONER.equals(provisioner)) {
            // An in-tree name with no plugin behind it: Kubernetes fails the lookup and retries every sync.
            steps.add(claimEvent(claim, WARNING, "ProvisioningFailed",
                    "no volume plugin matched name: " + provisioner));
            return;
        }
        if (!provisioner.equals(Storage.annotation(claim, Storage.STORAGE_PROVISIONER))
                || !provisioner.equals(Storage.annotation(claim, Storage.BETA_STORAGE_PROVISIONER))) {
            steps.add(new BinderStep.RequestProvisioning(ObjectMeta.namespace(claim), ObjectMeta.name(claim),
                    provisioner));
        }
        steps.add(claimEvent(claim, NORMAL, "ExternalProvisioning",
                "Waiting for a volume to be created either by the external provisioner '" + provisioner
                        + "' or manually by the system administrator. If volume creation is delayed, please verify"
                        + " that the provisioner is running and correctly registered."));
    }

    /** Pending, with status.accessModes and status.capacity cleared; nothing when already so. */
    private static void setPending(JsonNode claim, List<BinderStep> steps) {
        JsonNode status = claim.path("status");
        if (PENDING.equals(Storage.phase(claim)) && !Storage.present(status.path("accessModes"))
                && !Storage.present(status.path("capacity"))) {
            return;
        }
        steps.add(new BinderStep.SetClaimStatus(ObjectMeta.namespace(claim), ObjectMeta.name(claim), PENDING, null,
                null));
    }

    // ---- binding -------------------------------------------------------------------------------------------

    /**
     * The binding transaction (rule 86): volume claimRef, volume phase, claim volumeName and annotations,
     * claim status. Each step is planned against the state the earlier steps leave, and left out when it
     * would change nothing.
     */
    static void bind(JsonNode volume, JsonNode claim, List<BinderStep> steps) {
        String volumeName = ObjectMeta.name(volume);
        String namespace = ObjectMeta.namespace(claim);
        String claimName = ObjectMeta.name(claim);

        JsonNode ref = Storage.claimRef(volume);
        boolean refCurrent = ref != null && ref.path("name").asText("").equals(claimName)
                && ref.path("namespace").asText("").equals(namespace)
                && ref.path("uid").asText("").equals(ObjectMeta.uid(claim));
        if (!refCurrent) {
            // A user pre-bind keeps its missing annotation; everything else is the controller's binding.
            boolean boundByController = Storage.hasAnnotation(volume, Storage.BOUND_BY_CONTROLLER)
                    || !Storage.isVolumeBoundToClaim(volume, claim);
            steps.add(new BinderStep.SetVolumeClaimRef(volumeName, Storage.referenceTo(claim), boundByController));
        }

        if (!BOUND.equals(Storage.phase(volume))) {
            steps.add(new BinderStep.SetVolumePhase(volumeName, BOUND, null));
        }

        boolean controllerChoseVolume = !volumeName.equals(Storage.volumeName(claim));
        if (controllerChoseVolume || !Storage.hasAnnotation(claim, Storage.BIND_COMPLETED)) {
            steps.add(new BinderStep.SetClaimVolumeName(namespace, claimName, volumeName, controllerChoseVolume));
        }

        boundStatus(volume, claim, steps);
    }

    private static void boundStatus(JsonNode volume, JsonNode claim, List<BinderStep> steps) {
        JsonNode status = claim.path("status");
        boolean becomingBound = !BOUND.equals(Storage.phase(claim));

        ArrayNode accessModes = null;
        JsonNode volumeModes = volume.path("spec").path("accessModes");
        JsonNode claimModes = status.path("accessModes");
        if (!sameArray(volumeModes, claimModes)) {
            accessModes = volumeModes.isArray() ? ((ArrayNode) volumeModes).deepCopy() : Json.NODES.arrayNode();
        }

        // Capacity is copied only on the way into Bound: a later difference may be deliberate (a filesystem
        // smaller than its block device, an expansion in progress) and is not overwritten.
        ObjectNode capacity = null;
        if (becomingBound) {
            JsonNode volumeCapacity = volume.path("spec").path("capacity");
            JsonNode volumeSize = volumeCapacity.path("storage");
            if (!Storage.present(volumeSize)) {
                // Kubernetes refuses to finish the binding of a volume without a size.
                return;
            }
            String preResize = Storage.annotation(volume, Storage.PRE_RESIZE_CAPACITY);
            JsonNode claimSize = status.path("capacity").path("storage");
            if (preResize != null) {
                capacity = status.path("capacity").isObject()
                        ? ((ObjectNode) status.path("capacity")).deepCopy() : Json.object();
                capacity.put("storage", parses(preResize) ? preResize : volumeSize.asText());
            } else if (!Storage.present(claimSize)
                    || Quantity.parse(volumeSize.asText()).compareTo(Quantity.parse(claimSize.asText())) != 0) {
                capacity = ((ObjectNode) volumeCapacity).deepCopy();
            }
        }

        if (becomingBound || accessModes != null || capacity != null) {
            steps.add(new BinderStep.SetClaimStatus(ObjectMeta.namespace(claim), ObjectMeta.name(claim), BOUND,
                    accessModes, capacity));
        }
    }

    private static boolean sameArray(JsonNode a, JsonNode b) {
        boolean aSet = Storage.present(a);
        boolean bSet = Storage.present(b);
        return aSet == bSet && (!aSet || a.equals(b));
    }

    private static boolean parses(String quantity) {
        try {
            Quantity.parse(quantity);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- volumes -------------------------------------------------------------------------------------------

    private static void syncVolume(BinderSnapshot s, JsonNode volume, List<BinderStep> steps) {
        String name = ObjectMeta.name(volume);
        JsonNode ref = Storage.claimRef(volume);
        if (ref == null || ref.path("uid").asText("").isEmpty()) {
            // Unused, or reserved by a user for a claim that has not bound yet.
            setVolumePhase(volume, AVAILABLE, steps);
            return;
        }
        JsonNode claim = s.claims().get(Storage.claimKey(ref.path("namespace").asText(""),
                ref.path("name").asText("")));
        if (claim != null && !ObjectMeta.uid(claim).equals(ref.path("uid").asText(""))) {
            // The claim was deleted and another one took its name.
            claim = null;
        }
        if (claim == null) {
            String phase = release(volume, steps);
            reclaim(s, volume, phase, steps);
            return;
        }
        String claimVolume = Storage.volumeName(claim);
        if (claimVolume.isEmpty()) {
            if (Storage.volumeModeMismatch(claim, volume)) {
                // The claim's sync will never pick this volume, so say why on both sides.
                steps.add(volumeEvent(volume, WARNING, "VolumeMismatch",
                        "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"" + ObjectMeta.name(claim)
                                + "\" due to incompatible volumeMode."));
                steps.add(claimEvent(claim, WARNING, "VolumeMismatch",
                        "Cannot bind PersistentVolume \"" + name
                                + "\" to requested PersistentVolumeClaim due to incompatible volumeMode."));
            }
            return;
        }
        if (claimVolume.equals(name)) {
            setVolumePhase(volume, BOUND, steps);
            return;
        }
        // The claim is bound to another volume.
        if (Storage.hasAnnotation(volume, Storage.PROVISIONED_BY) && "Delete".equals(Storage.reclaimPolicy(volume))) {
            // Provisioned for this claim but no longer needed.
            String phase = release(volume, steps);
            reclaim(s, volume, phase, steps);
            return;
        }
        unbind(volume, steps);
    }

    /** Released unless already Released or Failed (a Failed volume stays visibly failed); the phase after. */
    private static String release(JsonNode volume, List<BinderStep> steps) {
        String phase = Storage.phase(volume);
        if (RELEASED.equals(phase) || FAILED.equals(phase)) {
            return phase;
        }
        steps.add(new BinderStep.SetVolumePhase(ObjectMeta.name(volume), RELEASED, null));
        return RELEASED;
    }

    /** The reclaim policy of a released volume (rules 93-96). {@code phase} is its phase after release. */
    private static void reclaim(BinderSnapshot s, JsonNode volume, String phase, List<BinderStep> steps) {
        String migrated = Storage.annotation(volume, Storage.MIGRATED_TO);
        if (migrated != null && !migrated.isEmpty()) {
            // A CSI driver's provisioner owns this volume now.
            return;
        }
        String policy = Storage.reclaimPolicy(volume);
        switch (policy) {
            case "Retain" -> {
            }
            case "Delete" -> {
                if (isVolumeReleased(s, volume)) {
                    steps.add(new BinderStep.DeleteVolume(ObjectMeta.name(volume)));
                }
            }
            case "Recycle" -> recycle(s, volume, steps);
            default -> {
                if (!FAILED.equals(phase)) {
                    String message = "Volume has unrecognized PersistentVolumeReclaimPolicy";
                    steps.add(new BinderStep.SetVolumePhase(ObjectMeta.name(volume), FAILED, message));
                    steps.add(volumeEvent(volume, WARNING, "VolumeUnknownReclaimPolicy", message));
                }
            }
        }
    }

    /**
     * Recycle without a scrubber: the volume is made Available again at once, unless pods still use the old
     * claim (possible only while that claim's deletion is held by its protection finalizer).
     */
    private static void recycle(BinderSnapshot s, JsonNode volume, List<BinderStep> steps) {
        if (!isVolumeReleased(s, volume)) {
            return;
        }
        JsonNode ref = Storage.claimRef(volume);
        String namespace = ref.path("namespace").asText("");
        String claimName = ref.path("name").asText("");
        List<String> users = ClaimUsers.users(s.pods(), namespace, claimName);
        boolean claimKnown = s.claims().containsKey(Storage.claimKey(namespace, claimName));
        if (!users.isEmpty() && !claimKnown) {
            steps.add(volumeEvent(volume, NORMAL, "VolumeFailedRecycle",
                    "Volume is used by pods: " + String.join(",", users)));
            return;
        }
        steps.add(volumeEvent(volume, NORMAL, "VolumeRecycled", "Volume recycled"));
        unbind(volume, steps);
    }

    /**
     * Kubernetes' isVolumeReleased: the volume holds a claimRef with a uid, and that claim is gone or bound
     * to another volume.
     */
    static boolean isVolumeReleased(BinderSnapshot s, JsonNode volume) {
        JsonNode ref = Storage.claimRef(volume);
        if (ref == null || ref.path("uid").asText("").isEmpty()) {
            return false;
        }
        JsonNode claim = s.claims().get(Storage.claimKey(ref.path("namespace").asText(""),
                ref.path("name").asText("")));
        if (claim != null && ObjectMeta.uid(claim).equals(ref.path("uid").asText(""))) {
            String claimVolume = Storage.volumeName(claim);
            return !claimVolume.isEmpty() && !claimVolume.equals(ObjectMeta.name(volume));
        }
        return true;
    }

    /**
     * Rolls a binding back to Available: the controller's own binding loses claimRef and annotation; a user
     * pre-bind loses only the claimRef uid, so the volume stays reserved for that claim name.
     */
    private static void unbind(JsonNode volume, List<BinderStep> steps) {
        String name = ObjectMeta.name(volume);
        if (Storage.hasAnnotation(volume, Storage.BOUND_BY_CONTROLLER)) {
            steps.add(new BinderStep.SetVolumeClaimRef(name, null, false));
        } else {
            ObjectNode ref = ((ObjectNode) Storage.claimRef(volume)).deepCopy();
            ref.remove("uid");
            steps.add(new BinderStep.SetVolumeClaimRef(name, ref, false));
        }
        setVolumePhase(volume, AVAILABLE, steps);
    }

    private static void setVolumePhase(JsonNode volume, String phase, List<BinderStep> steps) {
        if (!phase.equals(Storage.phase(volume))) {
            steps.add(new BinderStep.SetVolumePhase(ObjectMeta.name(volume), phase, null));
        }
    }

    // ---- events --------------------------------------------------------------------------------------------

    private static BinderStep.Event claimEvent(JsonNode claim, String type, String reason, String message) {
        return new BinderStep.Event(CLAIM, ObjectMeta.namespace(claim), ObjectMeta.name(claim), type, reason, message);
    }

    private static BinderStep.Event volumeEvent(JsonNode volume, String type, String reason, String message) {
        return new BinderStep.Event(VOLUME, "", ObjectMeta.name(volume), type, reason, message);
    }
}
