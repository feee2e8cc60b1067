package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduling profile: plugins per extension point, run in order. {@link #schedule} is a pure function of
 * the pod and the {@link ClusterView}: it never writes, sleeps or reads a clock, and it breaks score ties by
 * node name so that the same input always picks the same node (kube-scheduler breaks them at random).
 *
 * <p>Not modelled: nominated pods of other preemptors, extenders, and the adaptive
 * {@code percentageOfNodesToScore} (every node is evaluated, as kube-scheduler does below 100 nodes).
 */
public final class Framework {

    private final QueueSortPlugin queueSort;
    private final List<PreEnqueuePlugin> preEnqueue;
    private final List<PreFilterPlugin> preFilters;
    private final List<FilterPlugin> filters;
    private final List<PostFilterPlugin> postFilters;
    private final List<ScorePlugin> scorers;
    private final List<Long> weights;
    private final List<ReservePlugin> reservers;

    private Framework(Builder b) {
        this.queueSort = Objects.requireNonNull(b.queueSort, "a QueueSort plugin");
        this.preEnqueue = List.copyOf(b.preEnqueue);
        this.preFilters = List.copyOf(b.preFilters);
        this.filters = List.copyOf(b.filters);
        this.postFilters = List.copyOf(b.postFilters);
        this.scorers = List.copyOf(b.scorers);
        this.weights = List.copyOf(b.weights);
        this.reservers = List.copyOf(b.reservers);
    }

    /** The default profile of kube-scheduler 1.33, plugins and score weights in D1 order. */
    public static Framework defaults() {
        Builder builder = builder();
        DefaultPlugins.register(builder);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when a PreEnqueue plugin holds the pod back, e.g. it still has {@code spec.schedulingGates}. */
    public boolean gated(JsonNode pod) {
        return preEnqueue.stream().anyMatch(p -> !p.preEnqueue(pod).isSuccess());
    }

    /** The queue order: higher {@code spec.priority} first, then earlier enqueue. */
    public QueueSortPlugin queueOrder() {
        return queueSort;
    }

    /**
     * Picks a node for {@code pod}, or says why there is none and what preemption would evict. The caller keeps
     * {@link #gated} pods and pods with {@code spec.nodeName} already set out of the queue.
     */
    public ScheduleResult schedule(JsonNode pod, ClusterView view) {
        List<NodeInfo> nodes = view.nodes();
        if (nodes.isEmpty()) {
            return new ScheduleResult.Unschedulable(FailureMessage.NO_NODES, false, Map.of(), null, List.of());
        }
        CycleState state = new CycleState();
        PreFilterOutcome pre = preFilter(state, pod, view);
        if (pre.status.code() == Status.Code.ERROR) {
            return new ScheduleResult.Failed(
                    "running PreFilter plugin \"" + pre.status.plugin() + "\": " + pre.status.message());
        }
        Map<String, Status> statuses = new LinkedHashMap<>();
        List<NodeInfo> feasible = new ArrayList<>();
        if (pre.status.isRejected()) {
            nodes.forEach(n -> statuses.put(n.name(), pre.status));
        } else {
            for (NodeInfo node : nodes) {
                Status s = filterNode(state, pod, node, pre);
                if (s.code() == Status.Code.ERROR) {
                    return new ScheduleResult.Failed(
                            "running \"" + s.plugin() + "\" filter plugin: " + s.message());
                }
                if (s.isSuccess()) {
                    feasible.add(node);
                } else {
                    statuses.put(node.name(), s);
                }
            }
        }
        if (feasible.isEmpty()) {
            return unschedulable(pod, view, nodes.size(), pre, statuses);
        }
        String chosen = feasible.size() == 1 ? feasible.get(0).name() : best(state, pod, feasible, view);
        List<String> claims = new ArrayList<>();
        reservers.forEach(r -> claims.addAll(r.claimsAwaitingNode(state, pod, chosen)));
        return new ScheduleResult.Scheduled(chosen, claims);
    }

    private record PreFilterOutcome(Status status, Set<String> nodeNames, Status absent) {
    }

    private PreFilterOutcome preFilter(CycleState state, JsonNode pod, ClusterView view) {
        Status rejection = null;
        Set<String> nodeNames = null;
        Set<String> narrowing = new TreeSet<>();
        for (PreFilterPlugin p : preFilters) {
            PreFilterPlugin.Result r = p.preFilter(state, pod, view);
            Status s = r.status().withPlugin(p.name());
            if (s.code() == Status.Code.ERROR || s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return new PreFilterOutcome(s, null, null);
            }
            if (s.code() == Status.Code.UNSCHEDULABLE) {
                // Later PreFilters still run, so that preemption's dry run finds their state.
                rejection = rejection == null ? s : rejection;
                continue;
            }
            if (r.nodeNames() != null) {
                narrowing.add(p.name());
                if (nodeNames == null) {
                    nodeNames = new HashSet<>(r.nodeNames());
                } else {
                    nodeNames.retainAll(r.nodeNames());
                }
            }
        }
        if (rejection != null) {
            return new PreFilterOutcome(rejection, null, null);
        }
        if (nodeNames == null) {
            return new PreFilterOutcome(Status.success(), null, null);
        }
        String plugins = "[" + String.join(" ", narrowing) + "]";
        if (nodeNames.isEmpty()) {
            return new PreFilterOutcome(
                    Status.unresolvable("node(s) didn't satisfy plugin(s) " + plugins + " simultaneously"), null, null);
        }
        return new PreFilterOutcome(Status.success(), nodeNames,
                Status.unresolvable("node(s) didn't satisfy plugin(s) " + plugins));
    }

    private Status filterNode(CycleState state, JsonNode pod, NodeInfo node, PreFilterOutcome pre) {
        if (pre.nodeNames != null && !pre.nodeNames.contains(node.name())) {
            return pre.absent;
        }
        for (FilterPlugin f : filters) {
            // Like kube-scheduler, a node is reported by the first plugin that rejects it.
            Status s = f.filter(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(f.name());
            }
        }
        return Status.success();
    }

    /** PreFilter and Filter for one node of {@code view}, in a fresh cycle: preemption's dry run. */
    private Status fits(JsonNode pod, ClusterView view, NodeInfo node) {
        CycleState state = new CycleState();
        PreFilterOutcome pre = preFilter(state, pod, view);
        return pre.status.isSuccess() ? filterNode(state, pod, node, pre) : pre.status;
    }

    private ScheduleResult unschedulable(JsonNode pod, ClusterView view, int total, PreFilterOutcome pre,
            Map<String, Status> statuses) {
        String preFilterMessage = pre.status.isRejected() ? pre.status.message() : null;
        String postFilterMessage = null;
        String nominated = null;
        List<JsonNode> victims = List.of();
        for (PostFilterPlugin p : postFilters) {
            PostFilterPlugin.Result r = p.postFilter(pod, view, statuses, this::fits);
            if (r.status().isSuccess()) {
                nominated = r.nominatedNode();
                victims = r.victims();
                postFilterMessage = null;
                break;
            }
            postFilterMessage = r.status().message();
        }
        boolean unresolvable = statuses.values().stream()
                .allMatch(s -> s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        String message = FailureMessage.of(total, preFilterMessage, statuses, postFilterMessage);
        return new ScheduleResult.Unschedulable(message, unresolvable, statuses, nominated, victims);
    }

    private String best(CycleState state, JsonNode pod, List<NodeInfo> feasible, ClusterView view) {
        long[] total = new long[feasible.size()];
        for (int p = 0; p < scorers.size(); p++) {
            ScorePlugin scorer = scorers.get(p);
            scorer.preScore(state, pod, feasible, view);
            long[] scores = new long[feasible.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = scorer.score(state, pod, feasible.get(i));
            }
            scorer.normalize(state, pod, feasible, scores);
            for (int i = 0; i < scores.length; i++) {
                total[i] += scores[i] * weights.get(p);
            }
        }
        int best = 0;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[best]
                    || total[i] == total[best] && feasible.get(i).name().compareTo(feasible.get(best).name()) < 0) {
                best = i;
            }
        }
        return feasible.get(best).name();
    }

    /** Assembles a profile; {@link #add} places a plugin at every extension point it implements. */
    public static final class Builder {
        private QueueSortPlugin queueSort;
        private final List<PreEnqueuePlugin> preEnqueue = new ArrayList<>();
        private final List<PreFilterPlugin> preFilters = new ArrayList<>();
        private final List<FilterPlugin> filters = new ArrayList<>();
        private final List<PostFilterPlugin> postFilters = new ArrayList<>();
        private final List<ScorePlugin> scorers = new ArrayList<>();
        private final List<Long> weights = new ArrayList<>();
        private final List<ReservePlugin> reservers = new ArrayList<>();

        private Builder() {
        }

        /** Adds {@code plugin} with score weight 1. */
        public Builder add(Plugin plugin) {
            return add(plugin, 1);
        }

        /** Adds {@code plugin} to each extension point it implements, scoring with {@code weight}. */
        public Builder add(Plugin plugin, long weight) {
            if (plugin instanceof QueueSortPlugin q) {
                queueSort = q;
            }
            if (plugin instanceof PreEnqueuePlugin p) {
                preEnqueue.add(p);
            }
            if (plugin instanceof PreFilterPlugin p) {
                preFilters.add(p);
            }
            if (plugin instanceof FilterPlugin p) {
                filters.add(p);
            }
            if (plugin instanceof PostFilterPlugin p) {
                postFilters.add(p);
            }
            if (plugin instanceof ScorePlugin p) {
                scorers.add(p);
                weights.add(weight);
            }
            if (plugin instanceof ReservePlugin p) {
                reservers.add(p);
            }
            return this;
        }

        public Framework build() {
            return new Framework(this);
        }
    }
}
