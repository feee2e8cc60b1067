package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One write of a {@link ReplicaSetPlan}. */
public sealed interface ReplicaStep {

    /** Replaces a pod's ownerReferences: an adoption or a release (rule R3); {@code uid} is a precondition. */
    record SetOwnerReferences(String pod, String uid, ArrayNode ownerReferences) implements ReplicaStep {
    }

    /** Creates {@code count} pods like {@code pod} (generateName), in slow-start batches (rules R4, R5). */
    record CreatePods(ObjectNode pod, int count) implements ReplicaStep {
    }

    /** Deletes these pods, every one attempted (rule R6). */
    record DeletePods(List<String> pods) implements ReplicaStep {
        public DeletePods {
            pods = List.copyOf(pods);
        }
    }
}
