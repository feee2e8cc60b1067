package io.kubepark.kubelet;

import io.kubepark.kubelet.ContainerRuntime.State;
import io.kubepark.kubelet.ContainerRuntime.Termination;
import io.kubepark.kubelet.PodSpec.ContainerSpec;
import io.kubepark.kubelet.PodSpec.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a pod's containers forward in time, event by event, from where the last call left them. It is a working
 * copy made for one call of the planner: mutable inside, read back as an immutable {@link PodRuntime}.
 */
final class PodSimulation {
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** The kubelet forgets a crash-loop back-off when the container ran this long (twice the maximum). */
    static final Duration BACKOFF_RESET = MAX_BACKOFF.multipliedBy(2);
    /** A failed pull shows ErrImagePull until the kubelet's next sync, then ImagePullBackOff. */
    static final Duration PULL_ERROR_SHOWN = Duration.ofSeconds(1);

    final PodSpec spec;
    final Instant startTime;
    Instant t;
    boolean initialized;
    Instant deletionSeenAt;
    Instant deadlineExceededAt;
    Instant completedAt;
    String terminalPhase;
    final Map<String, Sim> containers = new LinkedHashMap<>();
    final List<LogLine> logs = new ArrayList<>();

    /** One container: its spec and a mutable copy of its {@link ContainerRuntime}. */
    static final class Sim {
        final ContainerSpec spec;
        State state;
        int restartCount;
        Instant createdAt;
        Instant startedAt;
        String containerId;
        Termination termination;
        Termination lastTermination;
        Instant restartAt;
        Duration backoff;
        Instant backoffUpdatedAt;
        int pullAttempts;
        Instant lastPullAt;
        Instant nextPullAt;
        Instant stopRequestedAt;

        Sim(ContainerSpec spec, ContainerRuntime r) {
            this.spec = spec;
            state = r.state();
            restartCount = r.restartCount();
            createdAt = r.createdAt();
            startedAt = r.startedAt();
            containerId = r.containerId();
            termination = r.termination();
            lastTermination = r.lastTermination();
            restartAt = r.restartAt();
            backoff = r.backoff();
            backoffUpdatedAt = r.backoffUpdatedAt();
            pullAttempts = r.pullAttempts();
            lastPullAt = r.lastPullAt();
            nextPullAt = r.nextPullAt();
            stopRequestedAt = r.stopRequestedAt();
        }

        ContainerRuntime freeze() {
            return new ContainerRuntime(state, restartCount, createdAt, startedAt, containerId, termination,
                    lastTermination, restartAt, backoff, backoffUpdatedAt, pullAttempts, lastPullAt, nextPullAt,
                    stopRequestedAt);
        }

        Behaviour behaviour() {
            return spec.behaviour();
        }

        boolean running() {
            return state == State.RUNNING;
        }

        boolean completedInit() {
            return spec.kind() == Kind.INIT && state == State.EXITED && termination.exitCode() == 0;
        }

        Instant readyAt() {
            return startedAt == null || behaviour().neverReady() ? null : startedAt.plus(behaviour().readyAfter());
        }

        /** A crash-loop back-off applies when the last one has not been forgotten yet. */
        boolean inBackoff() {
            return backoff != null
                    && Duration.between(backoffUpdatedAt, termination.finishedAt()).compareTo(BACKOFF_RESET) <= 0;
        }
    }

    PodSimulation(PodSpec spec, PodRuntime runtime, Instant now) {
        this.spec = spec;
        if (runtime == null) {
            startTime = now;
            t = now;
        } else {
            startTime = runtime.startTime();
            t = runtime.advancedTo();
            initialized = runtime.initialized();
            deletionSeenAt = runtime.deletionSeenAt();
            deadlineExceededAt = runtime.deadlineExceededAt();
            completedAt = runtime.completedAt();
            terminalPhase = runtime.terminalPhase();
        }
        for (ContainerSpec c : spec.containers()) {
            ContainerRuntime r = runtime == null ? null : runtime.containers().get(c.name());
            containers.put(c.name(), new Sim(c, r == null ? ContainerRuntime.NEW : r));
        }
        if (spec.deletionTimestamp() != null && deletionSeenAt == null) {
            // The containers are asked to stop when the pod was deleted, but never before what is already past.
            deletionSeenAt = spec.deletionRequestedAt().isAfter(t) ? spec.deletionRequestedAt() : t;
        }
    }

    PodRuntime freeze() {
        Map<String, ContainerRuntime> frozen = new LinkedHashMap<>();
        containers.forEach((name, c) -> frozen.put(name, c.freeze()));
        return new PodRuntime(startTime, t, initialized, deletionSeenAt, deadlineExceededAt, completedAt,
                terminalPhase, frozen);
    }

    /** Applies every event up to {@code now}, in time order. */
    void advanceTo(Instant now) {
        settle();
        for (Instant next = nextEvent(); next != null && !next.isAfter(now); next = nextEvent()) {
            t = next;
            settle();
        }
        if (now.isAfter(t)) {
            t = now;
            settle();
        }
    }

    /** The first instant after now at which something changes by itself; null when nothing will. */
    Instant nextEvent() {
        Earliest e = new Earliest(t);
        if (deletionSeenAt != null) {
            e.offer(deletionSeenAt);
        }
        if (spec.activeDeadlineSeconds() != null && deadlineExceededAt == null && terminalPhase == null) {
            e.offer(startTime.plusSeconds(spec.activeDeadlineSeconds()));
        }
        for (Sim c : containers.values()) {
            switch (c.state) {
                case PULL_FAILED -> {
                    e.offer(c.lastPullAt.plus(PULL_ERROR_SHOWN));
                    e.offer(c.nextPullAt);
                }
                case CREATED -> e.offer(c.createdAt.plus(c.behaviour().startupDelay()));
                case RUNNING -> {
                    e.offer(c.readyAt());
                    e.offer(exitAt(c));
                }
                case EXITED -> e.offer(c.restartAt);
                default -> { }
            }
        }
        return e.value;
    }

    /** Applies everything due at {@code t} until nothing more changes. */
    private void settle() {
        for (int round = 0; round < 1000; round++) {
            boolean changed = settlePod();
            for (Sim c : containers.values()) {
                changed |= step(c);
            }
            changed |= settleCompletion();
            if (!changed) {
                return;
            }
        }
        throw new IllegalStateException("pod " + spec.namespace() + "/" + spec.name() + " does not settle");
    }

    private boolean settlePod() {
        boolean changed = false;
        if (spec.activeDeadlineSeconds() != null && deadlineExceededAt == null && terminalPhase == null
                && !deleting()) {
            Instant deadline = startTime.plusSeconds(spec.activeDeadlineSeconds());
            if (!t.isBefore(deadline)) {
                deadlineExceededAt = deadline;
                terminalPhase = "Failed";
                changed = true;
            }
        }
        if (!initialized && containers.values().stream().filter(c -> c.spec.kind() != Kind.APP)
                .allMatch(PodSimulation::initDone)) {
            initialized = true;
            changed = true;
        }
        return changed;
    }

    private static boolean initDone(Sim c) {
        return c.spec.kind() == Kind.SIDECAR ? c.running() : c.completedInit();
    }

    /** Once the regular containers are finished for good, the sidecars are stopped and the pod is done. */
    private boolean settleCompletion() {
        if (completedAt != null || stopping()) {
            return false;
        }
        boolean initFailed = "Never".equals(spec.restartPolicy()) && containers.values().stream()
                .anyMatch(c -> c.spec.kind() == Kind.INIT && c.state == State.EXITED && c.restartAt == null
                        && c.termination.exitCode() != 0);
        boolean appsDone = containers.values().stream().filter(c -> c.spec.kind() == Kind.APP)
                .allMatch(c -> c.state == State.EXITED && c.restartAt == null);
        if (initFailed || appsDone) {
            completedAt = t;
            return true;
        }
        return false;
    }

    boolean deleting() {
        return deletionSeenAt != null && !t.isBefore(deletionSeenAt);
    }

    /** The pod is being shut down: deleted, or past its active deadline. */
    boolean stopping() {
        return deleting() || deadlineExceededAt != null;
    }

    /** When a container asked to stop is killed. */
    Instant killDeadline() {
        Instant deadline = null;
        if (deleting()) {
            deadline = spec.deletionTimestamp();
        }
        if (deadlineExceededAt != null) {
            deadline = earlier(deadline, deadlineExceededAt.plusSeconds(spec.gracePeriodSeconds()));
        }
        if (completedAt != null) {
            deadline = earlier(deadline, completedAt.plusSeconds(spec.gracePeriodSeconds()));
        }
        return deadline;
    }

    /** Nothing of the pod runs any more and nothing will be started again. */
    boolean allStopped() {
        return (stopping() || completedAt != null) && containers.values().stream().noneMatch(Sim::running);
    }

    /** The pod was deleted and all its containers have stopped: time for the final status and DELETE. */
    boolean deletionFinished() {
        return deleting() && allStopped();
    }

    private boolean shouldStop(Sim c) {
        if (c.spec.regular()) {
            return stopping();
        }
        if (!stopping() && completedAt == null) {
            return false;
        }
        // Sidecars stop after the regular containers, in reverse order.
        for (Sim other : containers.values()) {
            boolean later = other.spec.kind() == Kind.SIDECAR && other.spec.index() > c.spec.index();
            if ((other.spec.regular() || later) && other.running()) {
                return false;
            }
        }
        return true;
    }

    private boolean step(Sim c) {
        boolean changed = false;
        if (c.stopRequestedAt == null && shouldStop(c)) {
            c.stopRequestedAt = t;
            if (c.running()) {
                log(c, t, "kubepark: asked to stop");
            }
            changed = true;
        }
        boolean stop = c.stopRequestedAt != null;
        Behaviour b = c.behaviour();
        switch (c.state) {
            case PENDING, CONFIG_ERROR, PULL_FAILED -> {
                if (stop || !eligible(c)) {
                    return changed;
                }
                if (b.configError() != null) {
                    if (c.state != State.CONFIG_ERROR) {
                        c.state = State.CONFIG_ERROR;
                        return true;
                    }
                    return changed;
                }
                if (b.imagePullError() != null) {
                    if (c.state != State.PULL_FAILED || !t.isBefore(c.nextPullAt)) {
                        c.state = State.PULL_FAILED;
                        c.pullAttempts++;
                        c.lastPullAt = t;
                        c.nextPullAt = t.plus(doubled(INITIAL_BACKOFF, c.pullAttempts - 1));
                        return true;
                    }
                    return changed;
                }
                c.state = State.CREATED;
                c.createdAt = t;
                c.pullAttempts = 0;
                c.lastPullAt = null;
                c.nextPullAt = null;
                return true;
            }
            case CREATED -> {
                Instant startAt = c.createdAt.plus(b.startupDelay());
                if (stop || t.isBefore(startAt)) {
                    return changed;
                }
                c.state = State.RUNNING;
                c.startedAt = startAt;
                c.containerId = containerId(c);
                log(c, startAt, "kubepark: container " + c.spec.name() + " started");
                return true;
            }
            case RUNNING -> {
                Instant exitAt = exitAt(c);
                if (exitAt == null || t.isBefore(exitAt)) {
                    return changed;
                }
                exit(c, exitAt);
                return true;
            }
            case EXITED -> {
                if (c.restartAt == null) {
                    return changed;
                }
                if (stop || stopping() || completedAt != null) {
                    c.restartAt = null;
                    return true;
                }
                if (t.isBefore(c.restartAt)) {
                    return changed;
                }
                c.backoff = c.inBackoff() ? min(c.backoff.multipliedBy(2), MAX_BACKOFF) : INITIAL_BACKOFF;
                c.backoffUpdatedAt = t;
                c.lastTermination = c.termination;
                c.termination = null;
                c.restartAt = null;
                c.restartCount++;
                c.state = State.PENDING;
                c.createdAt = null;
                c.startedAt = null;
                return true;
            }
            default -> throw new IllegalStateException(c.state.name());
        }
    }

    /** When a running container exits: by itself, once asked to stop, or killed at the deadline. */
    Instant exitAt(Sim c) {
        Behaviour b = c.behaviour();
        Instant exit = b.exitAfter() == null ? null : notBefore(c.startedAt.plus(b.exitAfter()));
        if (c.stopRequestedAt != null) {
            Instant deadline = killDeadline();
            Instant stopped = c.stopRequestedAt.plus(b.stopDelay());
            exit = earlier(exit, deadline != null && !stopped.isBefore(deadline) ? notBefore(deadline) : stopped);
        }
        return exit;
    }

    private void exit(Sim c, Instant at) {
        Behaviour b = c.behaviour();
        boolean byItself = b.exitAfter() != null && !at.isBefore(c.startedAt.plus(b.exitAfter()));
        Instant deadline = killDeadline();
        boolean killed = !byItself && deadline != null && !at.isBefore(deadline);
        int code = byItself ? b.exitCode() : killed ? 137 : c.stopRequestedAt != null ? b.stopExitCode() : 0;
        c.state = State.EXITED;
        c.termination = new Termination(code, code == 0 ? "Completed" : "Error", c.startedAt, at, c.containerId);
        log(c, at, killed ? "kubepark: killed at the end of the grace period" : "kubepark: exited with code " + code);
        if (restarts(c)) {
            c.restartAt = c.inBackoff() ? at.plus(c.backoff) : at;
        }
    }

    private boolean restarts(Sim c) {
        if (c.stopRequestedAt != null || stopping() || completedAt != null) {
            return false;
        }
        int code = c.termination.exitCode();
        return switch (c.spec.kind()) {
            case SIDECAR -> true;
            case INIT -> code != 0 && !"Never".equals(spec.restartPolicy());
            case APP -> "Always".equals(spec.restartPolicy())
                    || code != 0 && "OnFailure".equals(spec.restartPolicy());
        };
    }

    /** Init containers start one at a time in spec order; app containers once the pod is initialized. */
    boolean eligible(Sim c) {
        if (c.spec.kind() == Kind.APP) {
            return initialized;
        }
        for (Sim before : containers.values()) {
            if (before.spec.kind() == Kind.APP || before.spec.index() >= c.spec.index()) {
                break;
            }
            if (!initDone(before)) {
                return false;
            }
        }
        return true;
    }

    private String containerId(Sim c) {
        return "containerd://" + sha256(spec.uid() + "/" + c.spec.name() + "/" + c.restartCount);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void log(Sim c, Instant at, String text) {
        logs.add(new LogLine(c.spec.name(), c.restartCount, at, text));
    }

    private Instant notBefore(Instant i) {
        return i.isBefore(t) ? t : i;
    }

    private static Duration doubled(Duration d, int times) {
        Duration out = d;
        for (int i = 0; i < times && out.compareTo(MAX_BACKOFF) < 0; i++) {
            out = out.multipliedBy(2);
        }
        return min(out, MAX_BACKOFF);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The earliest instant strictly after a given one. */
    private static final class Earliest {
        private final Instant after;
        Instant value;

        Earliest(Instant after) {
            this.after = after;
        }

        void offer(Instant i) {
            if (i != null && i.isAfter(after) && (value == null || i.isBefore(value))) {
                value = i;
            }
        }
    }
}
