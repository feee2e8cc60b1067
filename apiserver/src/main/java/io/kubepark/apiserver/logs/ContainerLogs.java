package io.kubepark.apiserver.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the containers of pods have written, as {@code pods/log} serves it: lines per container instance (a pod uid,
 * a container name and its restart count), appended by the fake kubelets and by tests. A follower hears new lines
 * until the instance ends.
 */
public final class ContainerLogs {
    /** One line and when it was written. */
    public record Line(Instant time, String text) {}

    /** One run of one container: a restart starts a new instance. */
    public record Instance(String podUid, String container, int restart) {}

    /** What a follower hears. */
    public interface Follower {
        void line(Line line);

        /** The instance ended (its container stopped, or the pod went); no more lines come. */
        void ended();
    }

    private static final int MAX_LINES = 10_000;

    private final Map<Instance, Log> logs = new HashMap<>();

    private static final class Log {
        final List<Line> lines = new ArrayList<>();
        final List<Follower> followers = new ArrayList<>();
        boolean ended;
    }

    /** Appends a line; the oldest go once an instance holds 10,000. */
    public void append(Instance instance, Instant time, String text) {
        List<Follower> followers;
        Line line = new Line(time, text);
        synchronized (this) {
            Log log = logs.computeIfAbsent(instance, i -> new Log());
            log.lines.add(line);
            if (log.lines.size() > MAX_LINES) {
                log.lines.remove(0);
            }
            followers = List.copyOf(log.followers);
        }
        followers.forEach(f -> f.line(line));
    }

    /** Marks an instance as ended: its followers are told, and later ones get its lines only. */
    public void end(Instance instance) {
        List<Follower> followers;
        synchronized (this) {
            Log log = logs.computeIfAbsent(instance, i -> new Log());
            log.ended = true;
            followers = List.copyOf(log.followers);
            log.followers.clear();
        }
        followers.forEach(Follower::ended);
    }

    /** Forgets every instance of a pod, ending what is followed. */
    public void forget(String podUid) {
        List<Follower> followers = new ArrayList<>();
        synchronized (this) {
            logs.entrySet().removeIf(e -> {
                if (e.getKey().podUid().equals(podUid)) {
                    followers.addAll(e.getValue().followers);
                    return true;
                }
                return false;
            });
        }
        followers.forEach(Follower::ended);
    }

    /** The lines of an instance so far, oldest first. */
    public synchronized List<Line> lines(Instance instance) {
        Log log = logs.get(instance);
        return log == null ? List.of() : List.copyOf(log.lines);
    }

    /**
     * The lines so far, then (unless the instance has ended) every new one to {@code follower}; close the returned
     * handle to stop following.
     */
    public AutoCloseable follow(Instance instance, Consumer<List<Line>> existing, Follower follower) {
        boolean ended;
        synchronized (this) {
            Log log = logs.computeIfAbsent(instance, i -> new Log());
            existing.accept(List.copyOf(log.lines));
            ended = log.ended;
            if (!ended) {
                log.followers.add(follower);
            }
        }
        if (ended) {
            follower.ended();
        }
        return () -> {
            synchronized (this) {
                Log log = logs.get(instance);
                if (log != null) {
                    log.followers.remove(follower);
                }
            }
        };
    }
}
