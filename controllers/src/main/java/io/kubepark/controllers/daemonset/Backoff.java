package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.time.Instant;

/**
 * The back-off between deletions of failed daemon pods on one node (rule 12): client-go's flowcontrol.Backoff as
 * the controller manager makes it, NewBackOff(1s, 15min), without jitter. Pure: the controller keeps the entries.
 */
public final class Backoff {
    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    /** One key's state: the current back-off and when it last moved. */
    public record Entry(Duration backoff, Instant lastUpdate) {
    }

    private Backoff() {
    }

    /** failedPodsBackoffKey: the set's uid, its observed generation and the node. */
    static String key(JsonNode daemonSet, String node) {
        return ObjectMeta.uid(daemonSet) + "/" + daemonSet.path("status").path("observedGeneration").asLong(0) + "/"
                + node;
    }

    /** An entry untouched for twice the maximum counts as gone. */
    static boolean expired(Entry entry, Instant now) {
        return Duration.between(entry.lastUpdate(), now).compareTo(MAX.multipliedBy(2)) > 0;
    }

    /** IsInBackOffSinceUpdate. */
    static boolean inBackoff(Entry entry, Instant now) {
        return entry != null && !expired(entry, now)
                && Duration.between(entry.lastUpdate(), now).compareTo(entry.backoff()) < 0;
    }

    /** Next: the initial back-off for a new (or expired) key, else double, at most the maximum. */
    static Entry next(Entry entry, Instant now) {
        if (entry == null || expired(entry, now)) {
            return new Entry(INITIAL, now);
        }
        Duration doubled = entry.backoff().multipliedBy(2);
        return new Entry(doubled.compareTo(MAX) > 0 ? MAX : doubled, now);
    }
}
