package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One write of a {@link DaemonSetPlan}, or an event to record on the set. */
public sealed interface Step {

    /**
     * Replaces the ownerReferences of a Pod or ControllerRevision: adoption and release (rules 9, 20).
     *
     * @param kind "Pod" or "ControllerRevision"
     * @param uid the object's uid, a precondition of the write
     */
    record SetOwnerReferences(String kind, String name, String uid, ArrayNode ownerReferences) implements Step {
    }

    /** Gives a ControllerRevision without the hash label its name as the label (rule 20). */
    record LabelRevision(String name) implements Step {
    }

    /** Creates the current ControllerRevision (rule 15). */
    record CreateRevision(ObjectNode revision) implements Step {
    }

    /** Sets {@code .revision} of an existing ControllerRevision: the rollback path (rule 16). */
    record SetRevisionNumber(String name, long revision) implements Step {
    }

    /** Deletes a ControllerRevision: a duplicate of the current one (rule 20) or past the history limit (rule 19). */
    record DeleteRevision(String name) implements Step {
    }

    /** Sets a pod's {@code controller-revision-hash} label to the kept duplicate's hash (rule 20). */
    record RelabelPod(String name, String hash) implements Step {
    }

    /** Writes {@code status.collisionCount} after a hash collision (rule 18); the sync then fails. */
    record SetCollisionCount(int collisionCount) implements Step {
    }

    /** Creates pods, one per node, in slow-start batches of 1, 2, 4, … (rules 3, 31). */
    record CreatePods(List<ObjectNode> pods) implements Step {
        public CreatePods {
            pods = List.copyOf(pods);
        }
    }

    /** Deletes a pod; one already gone is no failure (rule 30). */
    record DeletePod(String name) implements Step {
    }

    /** An event on the set that no write stands for: FailedDaemonPod, SucceededDaemonPod (rule 12). */
    record Event(String type, String reason, String message) implements Step {
    }
}
