package io.kubepark.kubelet;

import java.time.Duration;

/**
 * How a fake container behaves, given from Java instead of pod annotations. A null field is not set: the
 * per-container annotation, then the pod-wide annotation, then the default apply (see {@code docs/behaviour.md}).
 *
 * @param startupDelay time from creation until the container runs ({@code kubepark.io/startup-delay})
 * @param readyAfter time from running until ready, or {@link #NEVER} ({@code kubepark.io/ready-after})
 * @param exitAfter time from running until the container exits by itself ({@code kubepark.io/exit-after})
 * @param exitCode the code it then exits with ({@code kubepark.io/exit-code})
 * @param stopDelay time it takes to exit once asked to stop, capped by the grace period
 *     ({@code kubepark.io/stop-delay})
 * @param imagePullError when set, pulling the image fails with this message ({@code kubepark.io/image-pull-error})
 */
public record ContainerBehaviour(Duration startupDelay, Duration readyAfter, Duration exitAfter, Integer exitCode,
        Duration stopDelay, String imagePullError, Integer stopExitCode) {

    /** For {@link #readyAfter}: the container never becomes ready. */
    public static final Duration NEVER = Duration.ofSeconds(Long.MAX_VALUE);

    /** Nothing set. */
    public static final ContainerBehaviour UNSET = new ContainerBehaviour(null, null, null, null, null, null, null);

    public ContainerBehaviour withStartupDelay(Duration d) {
        return new ContainerBehaviour(d, readyAfter, exitAfter, exitCode, stopDelay, imagePullError, stopExitCode);
    }

    public ContainerBehaviour withReadyAfter(Duration d) {
        return new ContainerBehaviour(startupDelay, d, exitAfter, exitCode, stopDelay, imagePullError, stopExitCode);
    }

    public ContainerBehaviour withExit(Duration after, int code) {
        return new ContainerBehaviour(startupDelay, readyAfter, after, code, stopDelay, imagePullError, stopExitCode);
    }

    public ContainerBehaviour withStopDelay(Duration d) {
        return new ContainerBehaviour(startupDelay, readyAfter, exitAfter, exitCode, d, imagePullError, stopExitCode);
    }

    /** The code the container exits with once asked to stop (0 unless set), as a program that fails on SIGTERM. */
    public ContainerBehaviour withStopExitCode(int code) {
        return new ContainerBehaviour(startupDelay, readyAfter, exitAfter, exitCode, stopDelay, imagePullError, code);
    }

    public ContainerBehaviour withImagePullError(String message) {
        return new ContainerBehaviour(startupDelay, readyAfter, exitAfter, exitCode, stopDelay, message, stopExitCode);
    }
}
