package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write of a {@link SyncPlan}, or an event to record on the set. */
public sealed interface Step {

    /**
     * Replaces the ownerReferences of a Pod, ControllerRevision or PersistentVolumeClaim: adoption and
     * release, and the claim references of the retention policy.
     *
     * @param kind "Pod", "ControllerRevision" or "PersistentVolumeClaim"
     * @param uid the object's uid, a precondition of the write
     */
    record SetOwnerReferences(String kind, String name, String uid, ArrayNode ownerReferences) implements Step {
    }

    /** Creates a ControllerRevision; its name is final (collisions were resolved when planning). */
    record CreateRevision(ObjectNode revision) implements Step {
    }

    /** Sets {@code .revision} of an existing ControllerRevision: the rollback path. */
    record BumpRevision(String name, long revision) implements Step {
    }

    /** Deletes a ControllerRevision that fell out of the history limit. */
    record DeleteRevision(String name) implements Step {
    }

    /** Creates a PersistentVolumeClaim; AlreadyExists is not a failure. */
    record CreateClaim(ObjectNode claim) implements Step {
    }

    /** Creates a pod; its claims were created by earlier steps. */
    record CreatePod(ObjectNode pod) implements Step {
    }

    /** Deletes a pod, with its uid as a precondition. */
    record DeletePod(String name, String uid) implements Step {
    }

    /** Repairs a pod's identity or storage: the full pod, carrying the resourceVersion it was read at. */
    record UpdatePod(ObjectNode pod) implements Step {
    }

    /** An event on the set that no write stands for, such as {@code ConflictingController}. */
    record Event(String type, String reason, String message) implements Step {
    }
}
