package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write planned by {@link VolumeBinder}, or an event. The applier performs each with a read-modify-write
 * on the object's current version, in order, and stops at the first failure; the next sync plans again from
 * whatever was saved.
 */
public sealed interface BinderStep {

    /**
     * Sets {@code spec.claimRef} of a volume (null clears it). With {@code boundByController} the annotation
     * {@code pv.kubernetes.io/bound-by-controller: "yes"} is added, without it the annotation is removed.
     */
    record SetVolumeClaimRef(String volume, ObjectNode claimRef, boolean boundByController) implements BinderStep {
    }

    /**
     * Sets {@code status.phase} of a volume and {@code status.message} (null removes it). When the phase
     * changes, {@code status.lastPhaseTransitionTime} becomes now; otherwise it is kept.
     */
    record SetVolumePhase(String volume, String phase, String message) implements BinderStep {
    }

    /**
     * Sets {@code spec.volumeName} of a claim and adds the annotation {@code pv.kubernetes.io/bind-completed:
     * "yes"}, plus {@code pv.kubernetes.io/bound-by-controller: "yes"} when {@code boundByController} (the
     * controller, not the user, chose the volume). Neither annotation is ever removed here.
     */
    record SetClaimVolumeName(String namespace, String claim, String volumeName, boolean boundByController)
            implements BinderStep {
    }

    /**
     * Sets {@code status.phase} of a claim. For {@code Bound}, a non-null {@code accessModes} replaces
     * {@code status.accessModes} and a non-null {@code capacity} replaces {@code status.capacity}; null leaves
     * the field as it is. For any other phase both are null and the applier removes {@code status.accessModes}
     * and {@code status.capacity}, as Kubernetes resets them for a claim that is not bound.
     */
    record SetClaimStatus(String namespace, String claim, String phase, ArrayNode accessModes, ObjectNode capacity)
            implements BinderStep {
    }

    /** Sets {@code spec.storageClassName} of an unbound claim whose class was nil: the retroactive default class. */
    record SetClaimClass(String namespace, String claim, String storageClassName) implements BinderStep {
    }

    /**
     * Asks for dynamic provisioning: sets both {@code volume.kubernetes.io/storage-provisioner} and the legacy
     * {@code volume.beta.kubernetes.io/storage-provisioner} annotations of the claim to the provisioner name.
     */
    record RequestProvisioning(String namespace, String claim, String provisioner) implements BinderStep {
    }

    /** Reclaim policy Delete of a released volume: the applier deletes the PersistentVolume object. */
    record DeleteVolume(String volume) implements BinderStep {
    }

    /**
     * An event to record.
     *
     * @param kind {@code "PersistentVolumeClaim"} or {@code "PersistentVolume"}
     * @param namespace the claim's namespace; empty for a volume, which is cluster-scoped
     * @param type {@code "Normal"} or {@code "Warning"}
     */
    record Event(String kind, String namespace, String name, String type, String reason, String message)
            implements BinderStep {
    }
}
