package io.kubepark.benchmarks;

import java.time.Duration;

/**
 * A point in time after which a target's run must stop. Every loop of the harness checks it, and
 * every blocking wait is bounded by {@link #remainingMillis()}.
 */
final class Deadline {
    private final String owner;
    private final Duration budget;
    private final long endNanos;

    private Deadline(String owner, Duration budget) {
        this.owner = owner;
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    /** A deadline {@code budget} from now, for the target called {@code owner}. */
    static Deadline in(String owner, Duration budget) {
        return new Deadline(owner, budget);
    }

    /** Milliseconds left, at least 1 so it can be passed to a timed wait. */
    long remainingMillis() {
        return Math.max(1, (endNanos - System.nanoTime()) / 1_000_000);
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /**
     * Throws if the deadline has passed.
     *
     * @param step what was being done, for the message
     */
    void check(String step) {
        if (expired()) {
            throw timedOut(step);
        }
    }

    /** The exception that reports running out of time during {@code step}. */
    BenchmarkException timedOut(String step) {
        return new BenchmarkException(owner + " exceeded the " + budget.toMinutes()
                + "-minute cap while " + step + "; aborted.");
    }
}
