package io.kubepark.junit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the control plane did during one test, in the order it happened: which controller, scheduler, kubelet or
 * client created, changed or deleted which object, at what time on the cluster's clock.
 *
 * <pre>{@code
 * Timeline t = park.timeline();
 * assertThat(t.first(Timeline.created("Pod", "web-1")).orElseThrow().sequence())
 *         .isGreaterThan(t.first(Timeline.ready("web-0")).orElseThrow().sequence());
 * }</pre>
 *
 * The extension prints it when a test fails.
 */
public final class Timeline {
    /**
     * One change. {@code action} is {@code created}, {@code updated}, {@code deleting} (waiting for finalizers
     * or a grace period) or {@code deleted}; {@code actor} names the writer ({@code statefulset-controller},
     * {@code default-scheduler}, {@code kubelet/node-1}, a client's program name); {@code state} summarizes the
     * object afterwards ({@code Running ready node-1} for a pod, {@code Bound pvc-…} for a claim).
     */
    public record Entry(long sequence, Instant time, String actor, String action, String kind, String namespace,
            String name, long resourceVersion, String state) {
        @Override
        public String toString() {
            return String.format("%6d %s %-28s %-8s %s %s%s%s", sequence, time, actor, action, kind,
                    namespace.isEmpty() ? "" : namespace + "/", name, state.isEmpty() ? "" : " (" + state + ")");
        }
    }

    private final List<Entry> entries;

    Timeline(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every entry, oldest first. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entries that match, oldest first. */
    public List<Entry> filter(Predicate<Entry> which) {
        return entries.stream().filter(which).collect(Collectors.toList());
    }

    /** The first entry that matches. */
    public Optional<Entry> first(Predicate<Entry> which) {
        return entries.stream().filter(which).findFirst();
    }

    /** True when something matched {@code earlier} before anything matched {@code later}. */
    public boolean happenedBefore(Predicate<Entry> earlier, Predicate<Entry> later) {
        Optional<Entry> a = first(earlier);
        Optional<Entry> b = first(later);
        return a.isPresent() && (b.isEmpty() || a.get().sequence() < b.get().sequence());
    }

    /** The object of this kind and name was created. */
    public static Predicate<Entry> created(String kind, String name) {
        return e -> e.action().equals("created") && e.kind().equals(kind) && e.name().equals(name);
    }

    /** The object of this kind and name was deleted (gone from the store). */
    public static Predicate<Entry> deleted(String kind, String name) {
        return e -> e.action().equals("deleted") && e.kind().equals(kind) && e.name().equals(name);
    }

    /** The pod was written with its Ready condition True. */
    public static Predicate<Entry> ready(String pod) {
        return e -> e.kind().equals("Pod") && e.name().equals(pod) && !e.action().equals("deleted")
                && (" " + e.state() + " ").contains(" ready ");
    }

    /** The entries, one per line, as the extension prints them. */
    @Override
    public String toString() {
        return entries.stream().map(Entry::toString).collect(Collectors.joining("\n"));
    }
}
