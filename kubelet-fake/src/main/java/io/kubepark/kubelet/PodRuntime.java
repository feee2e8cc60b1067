package io.kubepark.kubelet;

import java.time.Instant;
import java.util.Map;

/**
 * The kubelet's private memory of one pod: what the API status cannot hold exactly. Pass null on first sight and
 * afterwards the {@link Plan#runtime()} of the previous call; forget it when the pod is gone.
 *
 * @param startTime when the kubelet first saw the pod ({@code status.startTime})
 * @param advancedTo the instant up to which the pod's containers have been simulated
 * @param initialized true once every init container has completed or, for a sidecar, started
 * @param deletionSeenAt when the containers were asked to stop because the pod is being deleted
 * @param deadlineExceededAt when {@code spec.activeDeadlineSeconds} ran out
 * @param completedAt when the pod's regular containers finished for good (restartPolicy Never or OnFailure)
 * @param terminalPhase {@code Succeeded} or {@code Failed} once reached; a pod never leaves it
 * @param containers per container name
 */
public record PodRuntime(Instant startTime, Instant advancedTo, boolean initialized, Instant deletionSeenAt,
        Instant deadlineExceededAt, Instant completedAt, String terminalPhase,
        Map<String, ContainerRuntime> containers) {
    public PodRuntime {
        containers = Map.copyOf(containers);
    }
}
