package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What one sync does, in order. The applier runs the steps one by one and stops at the first failure;
 * the set is then re-queued and planned afresh.
 *
 * @param steps the writes (and the one non-write, {@link Step.Event}), in the order they must happen
 * @param status the complete new {@code .status} to write after the steps, or null when it would not
 *     change any of the fields Kubernetes compares before writing
 * @param requeueAfter when to sync the set again even if nothing changes, or null for no re-queue
 */
public record SyncPlan(List<Step> steps, ObjectNode status, Duration requeueAfter) {
    public SyncPlan {
        steps = List.copyOf(steps);
    }
}
