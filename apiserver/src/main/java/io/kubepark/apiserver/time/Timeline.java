package io.kubepark.apiserver.time;

import io.kubepark.apiserver.journal.Actor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control plane's one source of time and the one thread its timed work runs on: controllers, the scheduler
 * and the kubelets hand their work here, now or at a time, and read the time from here.
 *
 * <p>On wall time ({@link #wall()}) timers fire when the system clock reaches them. On virtual time
 * ({@link #virtual(Instant)}) the clock stands still until {@link #advance(Duration)} moves it; every timer that
 * falls due on the way fires in order, and each one's consequences settle before the clock moves on. On both,
 * {@link #awaitIdle()} returns once nothing is left to run at the current time.
 *
 * <p>Tasks run one at a time, in the order they were handed in (timers in the order they fall due), so a
 * control plane on virtual time is deterministic.
 */
public final class Timeline implements AutoCloseable {

    /** A timer that has not fired yet can be cancelled. */
    public interface Timer {
        void cancel();
    }

    private final boolean virtual;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>();
    private final Thread worker;
    private final Clock clock;
    private Instant virtualNow;
    private long sequence;
    private boolean running;
    private boolean closed;

    private Timeline(boolean virtual, Instant start) {
        this.virtual = virtual;
        this.virtualNow = start;
        this.clock = new TimelineClock(this, ZoneOffset.UTC);
        this.worker = new Thread(this::work, virtual ? "kubepark-control-plane-virtual" : "kubepark-control-plane");
        worker.setDaemon(true);
        worker.start();
    }

    /** A timeline on the system clock. */
    public static Timeline wall() {
        return new Timeline(false, null);
    }

    /** A timeline whose clock starts at {@code start} and moves only when {@link #advance(Duration)} is called. */
    public static Timeline virtual(Instant start) {
        return new Timeline(true, start);
    }

    /** A virtual timeline starting at the current second of the system clock. */
    public static Timeline virtual() {
        return virtual(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public boolean isVirtual() {
        return virtual;
    }

    /** The time now. */
    public Instant now() {
        if (!virtual) {
            return Instant.now();
        }
        lock.lock();
        try {
            return virtualNow;
        } finally {
            lock.unlock();
        }
    }

    /** This timeline as a {@link Clock} (UTC), for code that takes one. */
    public Clock clock() {
        return clock;
    }

    /** Runs a task on the control-plane thread as soon as the tasks before it have run. */
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (!closed) {
                ready.add(Actor.inherit(task));
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs a task once {@code delay} has passed on this timeline. */
    public Timer schedule(Duration delay, Runnable task) {
        lock.lock();
        try {
            return scheduleAt(currentTime().plus(delay.isNegative() ? Duration.ZERO : delay), task);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a task when this timeline reaches {@code when} (at once if it has). */
    public Timer scheduleAt(Instant when, Runnable task) {
        lock.lock();
        try {
            Scheduled s = new Scheduled(when, sequence++, Actor.inherit(task));
            if (!closed) {
                timers.add(s);
                changed.signalAll();
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a virtual clock forward by {@code amount}, firing every timer that falls due on the way in order of
     * due time and letting the work each one causes finish before the clock moves past it. Returns when the clock
     * stands at its new time and nothing is left to run.
     */
    public void advance(Duration amount) {
        if (!virtual) {
            throw new IllegalStateException("only a virtual clock can be advanced; this cluster runs on wall time");
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("time moves forward only: " + amount);
        }
        refuseOnWorker("advance");
        Instant target;
        lock.lock();
        try {
            target = virtualNow.plus(amount);
        } finally {
            lock.unlock();
        }
        while (true) {
            awaitIdle();
            lock.lock();
            try {
                Scheduled next = nextLive();
                if (next == null || next.when.isAfter(target)) {
                    virtualNow = target;
                    changed.signalAll();
                    break;
                }
                if (next.when.isAfter(virtualNow)) {
                    virtualNow = next.when;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        awaitIdle();
    }

    /**
     * Waits until no task is queued or running and no timer is due at the current time. Work that other threads
     * hand in later (a client's next request) is not waited for.
     */
    public void awaitIdle() {
        refuseOnWorker("awaitIdle");
        lock.lock();
        try {
            while (!closed && (running || !ready.isEmpty() || due())) {
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the control plane to be idle", e);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the control-plane thread; queued tasks and timers are dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.clear();
            timers.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        lock.lock();
        try {
            while (!closed) {
                moveDueTimers();
                Runnable task = ready.poll();
                if (task == null) {
                    changed.signalAll();
                    Scheduled next = nextLive();
                    if (!virtual && next != null) {
                        long wait = Duration.between(Instant.now(), next.when).toNanos();
                        if (wait > 0) {
                            changed.awaitNanos(wait);
                        }
                    } else {
                        changed.await();
                    }
                    continue;
                }
                running = true;
                lock.unlock();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // one controller's failure must not stop the others; it retries through its own queue
                } finally {
                    lock.lock();
                    running = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    private void moveDueTimers() {
        Instant now = currentTime();
        while (!timers.isEmpty() && !timers.peek().when.isAfter(now)) {
            Scheduled s = timers.poll();
            if (!s.cancelled) {
                ready.add(s.task);
            }
        }
    }

    private boolean due() {
        Scheduled next = nextLive();
        return next != null && !next.when.isAfter(currentTime());
    }

    private Scheduled nextLive() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        return timers.peek();
    }

    private Instant currentTime() {
        return virtual ? virtualNow : Instant.now();
    }

    private void refuseOnWorker(String what) {
        if (Thread.currentThread() == worker) {
            throw new IllegalStateException(what + " cannot be called from the control plane's own thread");
        }
    }

    private final class Scheduled implements Timer, Comparable<Scheduled> {
        final Instant when;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Scheduled(Instant when, long seq, Runnable task) {
            this.when = when;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int compareTo(Scheduled o) {
            int c = when.compareTo(o.when);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private static final class TimelineClock extends Clock {
        private final Timeline timeline;
        private final ZoneId zone;

        TimelineClock(Timeline timeline, ZoneId zone) {
            this.timeline = timeline;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new TimelineClock(timeline, zone);
        }

        @Override
        public Instant instant() {
            return timeline.now();
        }
    }
}
