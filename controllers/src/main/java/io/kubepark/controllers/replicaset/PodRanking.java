package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a shrinking set deletes first (rule R7): controller.ActivePodsWithRanks with the features
 * PodDeletionCost and LogarithmicScaleDown on, as in 1.33.
 */
final class PodRanking {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final Map<String, Integer> PHASE_ORDINAL = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

    private PodRanking() {
    }

    /** A pod and its rank: the active related pods on its node. */
    record Ranked(JsonNode pod, int rank) {
    }

    /**
     * The first {@code count} of {@code owned} in deletion order; every one when all go (getPodsToDelete).
     * {@code related} are the pods of the set's siblings, which give the ranks.
     */
    static List<JsonNode> toDelete(List<JsonNode> owned, List<JsonNode> related, int count, Instant now) {
        if (count >= owned.size()) {
            return List.copyOf(owned);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (JsonNode pod : related) {
            if (Pods.isActive(pod)) {
                onNode.merge(Pods.nodeName(pod), 1, Integer::sum);
            }
        }
        List<Ranked> ranked = new ArrayList<>();
        for (JsonNode pod : owned) {
            ranked.add(new Ranked(pod, onNode.getOrDefault(Pods.nodeName(pod), 0)));
        }
        ranked.sort(order(now));
        return ranked.subList(0, count).stream().map(Ranked::pod).toList();
    }

    /** ActivePodsWithRanks.Less as a comparator: the pod to delete first sorts first. */
    static Comparator<Ranked> order(Instant now) {
        return (a, b) -> less(a, b, now) ? -1 : less(b, a, now) ? 1 : 0;
    }

    static boolean less(Ranked a, Ranked b, Instant now) {
        JsonNode pi = a.pod();
        JsonNode pj = b.pod();
        String ni = Pods.nodeName(pi);
        String nj = Pods.nodeName(pj);
        if (!ni.equals(nj) && (ni.isEmpty() || nj.isEmpty())) {
            return ni.isEmpty();
        }
        int oi = PHASE_ORDINAL.getOrDefault(Pods.phase(pi), 0);
        int oj = PHASE_ORDINAL.getOrDefault(Pods.phase(pj), 0);
        if (oi != oj) {
            return oi < oj;
        }
        boolean ri = Pods.isReady(pi);
        boolean rj = Pods.isReady(pj);
        if (ri != rj) {
            return !ri;
        }
        int ci = deletionCost(pi);
        int cj = deletionCost(pj);
        if (ci != cj) {
            return ci < cj;
        }
        if (a.rank() != b.rank()) {
            return a.rank() > b.rank();
        }
        if (ri) {
            Instant ti = Pods.readySince(pi);
            Instant tj = Pods.readySince(pj);
            if (!java.util.Objects.equals(ti, tj)) {
                return newerFirst(ti, tj, pi, pj, now);
            }
        }
        int restartsI = Pods.maxRestarts(pi);
        int restartsJ = Pods.maxRestarts(pj);
        if (restartsI != restartsJ) {
            return restartsI > restartsJ;
        }
        Instant ci2 = Pods.created(pi);
        Instant cj2 = Pods.created(pj);
        if (!java.util.Objects.equals(ci2, cj2)) {
            return newerFirst(ci2, cj2, pi, pj, now);
        }
        return false;
    }

    /** The more recent time first, on a log2 scale of the distance from now; equal buckets by uid. */
    private static boolean newerFirst(Instant ti, Instant tj, JsonNode pi, JsonNode pj, Instant now) {
        if (now == null || ti == null || tj == null) {
            return afterOrZero(ti, tj);
        }
        long diff = logRank(ti, now) - logRank(tj, now);
        if (diff == 0) {
            return ObjectMeta.uid(pi).compareTo(ObjectMeta.uid(pj)) < 0;
        }
        return diff < 0;
    }

    /** Whether t1 is after t2; a missing time counts as after any other. */
    private static boolean afterOrZero(Instant t1, Instant t2) {
        if (t1 == null || t2 == null) {
            return t1 == null;
        }
        return t1.isAfter(t2);
    }

    /** floor(log2(nanoseconds from t to now)), or -1 when t is not before now (logarithmicRankDiff). */
    static long logRank(Instant t, Instant now) {
        long nanos;
        try {
            nanos = Duration.between(t, now).toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        if (nanos <= 0) {
            return -1;
        }
        // int64(math.Log2(float64(d))): exact for durations below 2^53 ns (104 days), where float64 is exact
        return 63 - Long.numberOfLeadingZeros(nanos);
    }

    /** The pod-deletion-cost annotation as an int32; absent or unreadable is 0. */
    static int deletionCost(JsonNode pod) {
        String value = ObjectMeta.stringMap(pod.path("metadata").path("annotations")).get(DELETION_COST);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
