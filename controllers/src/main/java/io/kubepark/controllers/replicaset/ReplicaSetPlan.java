package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What one sync of a set does.
 *
 * @param steps the writes, in order; the first failing one ends the sync, which is then retried with back-off
 * @param status the new {@code .status}, or null when it need not be written (rule R8)
 * @param requeueAfter when to sync again although nothing changes (rule R9), or null
 */
public record ReplicaSetPlan(List<ReplicaStep> steps, ObjectNode status, Duration requeueAfter) {
    public ReplicaSetPlan {
        steps = List.copyOf(steps);
    }
}
