package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PreFilterPlugin;
import io.kubepark.scheduler.ScorePlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pod affinity and anti-affinity: the incoming pod's required terms, the required anti-affinity of pods
 * already placed, and preferred terms of both sides for scoring.
 */
final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {

    static final String AFFINITY = "node(s) didn't match pod affinity rules";
    static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** What an existing pod's required affinity term adds to a node's score when the incoming pod matches it. */
    private static final long HARD_POD_AFFINITY_WEIGHT = 1;

    /** A PodAffinityTerm resolved against the pod that declares it. */
    private record Term(JsonNode owner, JsonNode selector, JsonNode matchLabelKeys, JsonNode mismatchLabelKeys,
            Set<String> namespaces, JsonNode namespaceSelector, String key, long weight) {

        boolean matches(JsonNode pod, ClusterView view) {
            String ns = PodSpecs.namespace(pod);
            boolean inNamespace = namespaces.contains(ns) || namespaceSelector != null
                    && LabelSelectors.matches(namespaceSelector, namespaceLabels(view, ns));
            return inNamespace && LabelSelectors.matches(selector, matchLabelKeys, mismatchLabelKeys,
                    PodSpecs.labels(owner), PodSpecs.labels(pod));
        }
    }

    private record Pair(String key, String value) {
    }

    private record FilterState(List<Term> affinity, List<Term> antiAffinity, Map<Pair, Long> affinityCounts,
            Map<Pair, Long> antiAffinityCounts, Map<Pair, Long> existingAntiAffinityCounts, boolean selfAffine) {
    }

    private static final CycleState.Key<FilterState> FILTER = new CycleState.Key<>("InterPodAffinity/filter");
    private static final CycleState.Key<Map<Pair, Long>> SCORE = new CycleState.Key<>("InterPodAffinity/score");

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public Result preFilter(CycleState state, JsonNode pod, ClusterView view) {
        List<Term> affinity = terms(pod, "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
        List<Term> anti = terms(pod, "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
        Map<Pair, Long> affinityCounts = new HashMap<>();
        Map<Pair, Long> antiCounts = new HashMap<>();
        Map<Pair, Long> existingAnti = new HashMap<>();
        for (NodeInfo node : view.nodes()) {
            Map<String, String> labels = PodSpecs.labels(node.node());
            for (JsonNode existing : node.pods()) {
                for (Term t : terms(existing, "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")) {
                    if (t.matches(pod, view)) {
                        add(existingAnti, labels, t.key(), 1);
                    }
                }
                if (!affinity.isEmpty() && affinity.stream().allMatch(t -> t.matches(existing, view))) {
                    affinity.forEach(t -> add(affinityCounts, labels, t.key(), 1));
                }
                for (Term t : anti) {
                    if (t.matches(existing, view)) {
                        add(antiCounts, labels, t.key(), 1);
                    }
                }
            }
        }
        boolean selfAffine = affinity.stream().allMatch(t -> t.matches(pod, view));
        state.write(FILTER, new FilterState(affinity, anti, affinityCounts, antiCounts, existingAnti, selfAffine));
        return Result.of(Status.success());
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        FilterState s = state.read(FILTER);
        if (s == null) {
            return Status.success();
        }
        Map<String, String> labels = PodSpecs.labels(node.node());
        for (var label : labels.entrySet()) {
            if (s.existingAntiAffinityCounts().getOrDefault(new Pair(label.getKey(), label.getValue()), 0L) > 0) {
                return Status.unschedulable(EXISTING_ANTI_AFFINITY);
            }
        }
        if (!s.affinity().isEmpty() && !s.affinity().stream().allMatch(t -> present(s.affinityCounts(), labels, t))) {
            // The first pod of a group that is affine to itself has nothing to join yet.
            if (!(s.affinityCounts().isEmpty() && s.selfAffine())) {
                return Status.unresolvable(AFFINITY);
            }
        }
        for (Term t : s.antiAffinity()) {
            if (present(s.antiAffinityCounts(), labels, t)) {
                return Status.unschedulable(ANTI_AFFINITY);
            }
        }
        return Status.success();
    }

    private static boolean present(Map<Pair, Long> counts, Map<String, String> labels, Term t) {
        String value = labels.get(t.key());
        return value != null && counts.getOrDefault(new Pair(t.key(), value), 0L) > 0;
    }

    @Override
    public void preScore(CycleState state, JsonNode pod, List<NodeInfo> feasible, ClusterView view) {
        List<Term> preferred = terms(pod, "podAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        List<Term> preferredAnti = terms(pod, "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        Map<Pair, Long> scores = new HashMap<>();
        for (NodeInfo node : view.nodes()) {
            Map<String, String> labels = PodSpecs.labels(node.node());
            for (JsonNode existing : node.pods()) {
                for (Term t : preferred) {
                    if (t.matches(existing, view)) {
                        add(scores, labels, t.key(), t.weight());
                    }
                }
                for (Term t : preferredAnti) {
                    if (t.matches(existing, view)) {
                        add(scores, labels, t.key(), -t.weight());
                    }
                }
                for (Term t : terms(existing, "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution")) {
                    if (t.matches(pod, view)) {
                        add(scores, labels, t.key(), HARD_POD_AFFINITY_WEIGHT);
                    }
                }
                for (Term t : terms(existing, "podAffinity", "preferredDuringSchedulingIgnoredDuringExecution")) {
                    if (t.matches(pod, view)) {
                        add(scores, labels, t.key(), t.weight());
                    }
                }
                for (Term t : terms(existing, "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")) {
                    if (t.matches(pod, view)) {
                        add(scores, labels, t.key(), -t.weight());
                    }
                }
            }
        }
        state.write(SCORE, scores);
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        Map<Pair, Long> scores = state.read(SCORE);
        long sum = 0;
        for (var label : PodSpecs.labels(node.node()).entrySet()) {
            sum += scores.getOrDefault(new Pair(label.getKey(), label.getValue()), 0L);
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, JsonNode pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max > min ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / (max - min))) : 0;
        }
    }

    private static void add(Map<Pair, Long> counts, Map<String, String> nodeLabels, String key, long amount) {
        String value = nodeLabels.get(key);
        if (value != null) {
            counts.merge(new Pair(key, value), amount, Long::sum);
        }
    }

    /** The terms of {@code pod.spec.affinity.<kind>.<field>}; preferred ones carry their weight. */
    private static List<Term> terms(JsonNode pod, String kind, String field) {
        JsonNode list = pod.path("spec").path("affinity").path(kind).path(field);
        if (list.size() == 0) {
            return List.of();
        }
        List<Term> out = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode term = entry.has("podAffinityTerm") ? entry.path("podAffinityTerm") : entry;
            Set<String> namespaces = new TreeSet<>();
            term.path("namespaces").forEach(n -> namespaces.add(n.asText()));
            JsonNode nsSelector = term.get("namespaceSelector");
            if (nsSelector != null && nsSelector.isNull()) {
                nsSelector = null;
            }
            if (namespaces.isEmpty() && nsSelector == null) {
                namespaces.add(PodSpecs.namespace(pod));
            }
            out.add(new Term(pod, term.path("labelSelector"), term.path("matchLabelKeys"),
                    term.path("mismatchLabelKeys"), namespaces, nsSelector, term.path("topologyKey").asText(),
                    entry.path("weight").asLong(0)));
        }
        return out;
    }

    private static Map<String, String> namespaceLabels(ClusterView view, String namespace) {
        JsonNode ns = view.namespace(namespace);
        return ns == null ? Map.of() : PodSpecs.labels(ns);
    }
}
