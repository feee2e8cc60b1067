package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PreFilterPlugin;
import io.kubepark.scheduler.ScorePlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code topologySpreadConstraints}: DoNotSchedule constraints filter by skew, ScheduleAnyway constraints
 * score. A pod without constraints that a ReplicaSet, StatefulSet or ReplicationController controls gets the
 * cluster defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway), selecting pods with its labels.
 */
final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, ScorePlugin {

    static final String REASON = "node(s) didn't match pod topology spread constraints";
    static final String MISSING_LABEL = REASON + " (missing required label)";
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";

    private record Constraint(int maxSkew, String key, boolean hard, JsonNode selector, JsonNode matchLabelKeys,
            int minDomains, boolean honorAffinity, boolean honorTaints) {

        boolean selects(JsonNode incoming, JsonNode other) {
            return PodSpecs.namespace(incoming).equals(PodSpecs.namespace(other))
                    && LabelSelectors.matches(selector, matchLabelKeys, PodSpecs.labels(incoming), PodSpecs.labels(other));
        }

        long count(JsonNode incoming, NodeInfo node) {
            return node.pods().stream().filter(p -> !PodSpecs.terminating(p) && selects(incoming, p)).count();
        }

        boolean includes(JsonNode pod, JsonNode node) {
            return (!honorAffinity || NodeSelectors.requiredMatch(pod, node))
                    && (!honorTaints || PodSpecs.toleratesHardTaints(pod, node));
        }
    }

    private record Pair(String key, String value) {
    }

    /** Matching pods per domain, over the nodes the constraints count. */
    private record FilterState(List<Constraint> constraints, Map<Pair, Long> counts) {
        long min(String key) {
            long min = Long.MAX_VALUE;
            for (var e : counts.entrySet()) {
                if (e.getKey().key().equals(key)) {
                    min = Math.min(min, e.getValue());
                }
            }
            return min;
        }

        long domains(String key) {
            return counts.keySet().stream().filter(p -> p.key().equals(key)).count();
        }
    }

    private record ScoreState(List<Constraint> constraints, Map<Pair, Long> counts, double[] weights,
            Set<String> ignored) {
    }

    private static final CycleState.Key<FilterState> FILTER = new CycleState.Key<>("PodTopologySpread/filter");
    private static final CycleState.Key<ScoreState> SCORE = new CycleState.Key<>("PodTopologySpread/score");

    @Override
    public String name() {
        return "PodTopologySpread";
    }

    @Override
    public Result preFilter(CycleState state, JsonNode pod, ClusterView view) {
        List<Constraint> hard = constraints(pod, true);
        if (hard.isEmpty()) {
            return Result.of(Status.success());
        }
        Map<Pair, Long> counts = new HashMap<>();
        for (NodeInfo node : view.nodes()) {
            Map<String, String> labels = PodSpecs.labels(node.node());
            if (!hard.stream().allMatch(c -> labels.containsKey(c.key()))) {
                continue;
            }
            for (Constraint c : hard) {
                if (c.includes(pod, node.node())) {
                    counts.merge(new Pair(c.key(), labels.get(c.key())), c.count(pod, node), Long::sum);
                }
            }
        }
        state.write(FILTER, new FilterState(hard, counts));
        return Result.of(Status.success());
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        FilterState s = state.read(FILTER);
        if (s == null) {
            return Status.success();
        }
        Map<String, String> labels = PodSpecs.labels(node.node());
        for (Constraint c : s.constraints()) {
            String value = labels.get(c.key());
            if (value == null) {
                return Status.unresolvable(MISSING_LABEL);
            }
            long self = c.selects(pod, pod) ? 1 : 0;
            long min = s.domains(c.key()) < c.minDomains() ? 0 : s.min(c.key());
            long matching = s.counts().getOrDefault(new Pair(c.key(), value), 0L);
            if (matching + self - min > c.maxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.success();
    }

    @Override
    public void preScore(CycleState state, JsonNode pod, List<NodeInfo> feasible, ClusterView view) {
        boolean explicit = pod.path("spec").path("topologySpreadConstraints").size() > 0;
        List<Constraint> soft = explicit ? constraints(pod, false) : defaults(pod);
        if (soft.isEmpty()) {
            return;
        }
        Set<String> ignored = new HashSet<>();
        Map<Pair, Long> counts = new HashMap<>();
        int[] sizes = new int[soft.size()];
        for (NodeInfo node : feasible) {
            Map<String, String> labels = PodSpecs.labels(node.node());
            // Only explicit constraints require every key; the defaults score nodes without a zone too.
            if (explicit && !soft.stream().allMatch(c -> labels.containsKey(c.key()))) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < soft.size(); i++) {
                String key = soft.get(i).key();
                if (!key.equals(HOSTNAME) && counts.putIfAbsent(new Pair(key, labels.getOrDefault(key, "")), 0L) == null) {
                    sizes[i]++;
                }
            }
        }
        double[] weights = new double[soft.size()];
        for (int i = 0; i < soft.size(); i++) {
            int size = soft.get(i).key().equals(HOSTNAME) ? feasible.size() - ignored.size() : sizes[i];
            weights[i] = Math.log(size + 2);
        }
        for (NodeInfo node : view.nodes()) {
            Map<String, String> labels = PodSpecs.labels(node.node());
            if (explicit && !soft.stream().allMatch(c -> labels.containsKey(c.key()))) {
                continue;
            }
            for (Constraint c : soft) {
                Pair pair = new Pair(c.key(), labels.getOrDefault(c.key(), ""));
                if (c.includes(pod, node.node()) && counts.containsKey(pair)) {
                    counts.merge(pair, c.count(pod, node), Long::sum);
                }
            }
        }
        state.write(SCORE, new ScoreState(soft, counts, weights, ignored));
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        ScoreState s = state.read(SCORE);
        if (s == null || s.ignored().contains(node.name())) {
            return 0;
        }
        Map<String, String> labels = PodSpecs.labels(node.node());
        double score = 0;
        for (int i = 0; i < s.constraints().size(); i++) {
            Constraint c = s.constraints().get(i);
            String value = labels.get(c.key());
            if (value != null) {
                long count = c.key().equals(HOSTNAME) ? c.count(pod, node)
                        : s.counts().getOrDefault(new Pair(c.key(), value), 0L);
                score += count * s.weights()[i] + (c.maxSkew() - 1);
            }
        }
        return Math.round(score);
    }

    @Override
    public void normalize(CycleState state, JsonNode pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState s = state.read(SCORE);
        if (s == null) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!s.ignored().contains(nodes.get(i).name())) {
                min = Math.min(min, scores[i]);
                max = Math.max(max, scores[i]);
            }
        }
        // Fewer matching pods in a node's domains is better.
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored().contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }

    private static List<Constraint> constraints(JsonNode pod, boolean hard) {
        List<Constraint> out = new ArrayList<>();
        for (JsonNode c : pod.path("spec").path("topologySpreadConstraints")) {
            boolean doNotSchedule = c.path("whenUnsatisfiable").asText("DoNotSchedule").equals("DoNotSchedule");
            if (doNotSchedule != hard) {
                continue;
            }
            out.add(new Constraint(c.path("maxSkew").asInt(1), c.path("topologyKey").asText(), hard,
                    c.path("labelSelector"), c.path("matchLabelKeys"), c.path("minDomains").asInt(1),
                    !c.path("nodeAffinityPolicy").asText("Honor").equals("Ignore"),
                    c.path("nodeTaintsPolicy").asText("Ignore").equals("Honor")));
        }
        return out;
    }

    private static List<Constraint> defaults(JsonNode pod) {
        Map<String, String> labels = PodSpecs.labels(pod);
        if (!PodSpecs.controlledBySelectorOwner(pod) || labels.isEmpty()) {
            return List.of();
        }
        // The controller's selector is not at hand; the pod's own labels select its siblings.
        var matchLabels = Json.object();
        labels.forEach(matchLabels::put);
        JsonNode selector = Json.object().set("matchLabels", matchLabels);
        JsonNode none = Json.NODES.arrayNode();
        return List.of(
                new Constraint(3, HOSTNAME, false, selector, none, 1, true, false),
                new Constraint(5, ZONE, false, selector, none, 1, true, false));
    }
}
