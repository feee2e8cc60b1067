package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write of a {@link JobPlan}, or an event to record on the Job. */
sealed interface JobStep {

    /** Creates a pod from the template; its name is generated, so the event names it after the write. */
    record CreatePod(ObjectNode pod) implements JobStep {
    }

    /**
     * Deletes a pod with its uid as a precondition. {@code dropFinalizer}: remove the tracking finalizer first, so
     * that the pod is never counted (the deletions of a suspend and of surplus pods).
     */
    record DeletePod(String name, String uid, boolean dropFinalizer) implements JobStep {
    }

    /** Removes {@code batch.kubernetes.io/job-tracking} from a pod whose end has been recorded. */
    record RemoveFinalizer(String name, String uid) implements JobStep {
    }

    /** Replaces a pod's ownerReferences: adoption of a matching orphan, release of a pod that no longer matches. */
    record SetOwnerReferences(String name, String uid, ArrayNode ownerReferences) implements JobStep {
    }

    /** Writes the Job's complete {@code .status}. */
    record WriteStatus(ObjectNode status) implements JobStep {
    }

    /** An event on the Job. */
    record Event(String type, String reason, String message) implements JobStep {
    }
}
