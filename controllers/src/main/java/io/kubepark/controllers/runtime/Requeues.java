package io.kubepark.controllers.runtime;

import io.kubepark.apiserver.time.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * client-go's {@code AddAfter} for a {@link WorkQueue}: a key is queued again at a time on the timeline. A key
 * waits on one timer at a time, the earliest asked for, so repeated syncs do not pile timers up.
 */
public final class Requeues {
    private record Pending(Instant at, Timeline.Timer timer) {
    }

    private final Timeline timeline;
    private final WorkQueue queue;
    private final Map<String, Pending> pending = new HashMap<>();

    public Requeues(Timeline timeline, WorkQueue queue) {
        this.timeline = timeline;
        this.queue = queue;
    }

    /** Queues {@code key} once {@code delay} has passed (at once for a delay that is not positive). */
    public void after(String key, Duration delay) {
        at(key, timeline.now().plus(delay.isNegative() ? Duration.ZERO : delay));
    }

    /** Queues {@code key} when the timeline reaches {@code when}. */
    public synchronized void at(String key, Instant when) {
        Pending p = pending.get(key);
        if (p != null && !p.at().isAfter(when)) {
            return;
        }
        if (p != null) {
            p.timer().cancel();
        }
        Pending[] self = new Pending[1];
        Timeline.Timer timer = timeline.scheduleAt(when, () -> {
            synchronized (this) {
                if (pending.get(key) == self[0]) {
                    pending.remove(key);
                }
            }
            queue.add(key);
        });
        self[0] = new Pending(when, timer);
        pending.put(key, self[0]);
    }

    /** Forgets the key's timer: an object that is gone. */
    public synchronized void cancel(String key) {
        Pending p = pending.remove(key);
        if (p != null) {
            p.timer().cancel();
        }
    }
}
