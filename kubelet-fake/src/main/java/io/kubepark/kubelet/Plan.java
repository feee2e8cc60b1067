package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What the kubelet does next for one pod, decided by {@link PodLifecycle#plan}. The caller applies it in this order:
 * write {@link #status} when it is not null (to the {@code status} subresource), keep {@link #runtime} for the next
 * call, append {@link #logs}, then, when {@link #delete} is true, delete the pod with {@code gracePeriodSeconds: 0}
 * and a uid precondition. It calls the planner again at {@link #wakeAt}, or sooner when the pod changes.
 *
 * @param status the pod's new {@code status}, or null when it is unchanged
 * @param runtime the kubelet's memory of the pod to pass to the next call
 * @param delete true once every container has stopped after a deletion: the kubelet's final DELETE
 * @param wakeAt when to plan again if nothing else changes; null when nothing more will happen by itself
 * @param logs lines the containers wrote since the last call, in time order
 */
public record Plan(ObjectNode status, PodRuntime runtime, boolean delete, Instant wakeAt, List<LogLine> logs) {
    public Plan {
        logs = List.copyOf(logs);
    }
}
