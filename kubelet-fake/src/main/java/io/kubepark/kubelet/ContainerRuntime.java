package io.kubepark.kubelet;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's memory of one container of a pod, with exact instants (the API status keeps only seconds).
 * Callers keep it inside {@link PodRuntime} and do not need to read it.
 *
 * @param state where the current run of the container is
 * @param restartCount how many times the container has been restarted
 * @param createdAt when the current run was created; null before that
 * @param startedAt when the current run started running; null before that
 * @param containerId the {@code containerd://} id of the current run once it has started
 * @param termination how the current run ended, when {@code state} is {@link State#EXITED}
 * @param lastTermination how the previous run ended; null for the first run
 * @param restartAt when an exited container is started again; null when it is not
 * @param backoff the kubelet's current crash-loop back-off for the container; null before the first restart
 * @param backoffUpdatedAt when {@code backoff} last changed
 * @param pullAttempts failed image pulls so far
 * @param lastPullAt when the image pull last failed
 * @param nextPullAt when the pull is tried again
 * @param stopRequestedAt when the container was asked to stop; null when it was not
 */
public record ContainerRuntime(State state, int restartCount, Instant createdAt, Instant startedAt,
        String containerId, Termination termination, Termination lastTermination, Instant restartAt,
        Duration backoff, Instant backoffUpdatedAt, int pullAttempts, Instant lastPullAt, Instant nextPullAt,
        Instant stopRequestedAt) {

    /** Where a container's current run is. */
    public enum State {
        /** Not created yet: waiting for its turn, or for a restart after a crash. */
        PENDING,
        /** Its configuration (a {@code kubepark.io/} annotation) is invalid. */
        CONFIG_ERROR,
        /** Pulling its image failed; the pull is retried with back-off. */
        PULL_FAILED,
        /** Created; running after its startup delay. */
        CREATED,
        RUNNING,
        EXITED
    }

    /**
     * How one run of a container ended.
     *
     * @param exitCode the exit code
     * @param reason {@code Completed} for exit code 0, otherwise {@code Error}
     */
    public record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt,
            String containerId) {}

    static final ContainerRuntime NEW =
            new ContainerRuntime(State.PENDING, 0, null, null, null, null, null, null, null, null, 0, null, null, null);
}
