package io.kubepark.controllers.runtime;

import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.time.Timeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A deduplicating queue of keys, reconciled one at a time on the control plane's timeline. A key added while it is
 * being reconciled runs once more afterwards; a reconcile that asks for it is retried with exponential back-off,
 * timed on the timeline (so on a virtual clock a retry waits for the clock to move).
 */
public final class WorkQueue {
    private static final Duration BASE_DELAY = Duration.ofMillis(5);
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final Timeline timeline;
    /** The controller's name, the actor of its writes in the journal. */
    private final String actor;
    /** Returns true when the key is done, false to retry it later. */
    private final Predicate<String> reconcile;
    private final LinkedHashSet<String> queued = new LinkedHashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean draining;
    private volatile boolean stopped;

    public WorkQueue(Timeline timeline, String actor, Predicate<String> reconcile) {
        this.timeline = timeline;
        this.actor = actor;
        this.reconcile = reconcile;
    }

    public void add(String key) {
        synchronized (this) {
            if (stopped || !queued.add(key) || draining) {
                return;
            }
            draining = true;
        }
        timeline.execute(() -> Actor.run(actor, this::drain));
    }

    private void drain() {
        while (!stopped) {
            String key;
            synchronized (this) {
                key = queued.stream().filter(k -> !running.contains(k)).findFirst().orElse(null);
                if (key == null) {
                    draining = false;
                    return;
                }
                queued.remove(key);
                running.add(key);
            }
            boolean done;
            try {
                done = reconcile.test(key);
            } catch (RuntimeException e) {
                done = false;
            }
            synchronized (this) {
                running.remove(key);
            }
            if (done) {
                failures.remove(key);
            } else {
                int n = failures.merge(key, 1, Integer::sum);
                long delay = Math.min(MAX_DELAY.toMillis(), BASE_DELAY.toMillis() << Math.min(n, 20));
                timeline.schedule(Duration.ofMillis(delay), () -> add(key));
            }
        }
    }

    public void stop() {
        stopped = true;
    }
}
