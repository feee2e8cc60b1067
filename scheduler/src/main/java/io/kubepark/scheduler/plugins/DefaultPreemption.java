package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.FailureMessage;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PostFilterPlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preemption (D8): finds a node where evicting pods of lower priority lets the pod fit, evicting as few and as
 * unimportant pods as it can. PodDisruptionBudgets are not consulted: every victim counts as not violating one.
 */
final class DefaultPreemption implements PostFilterPlugin {

    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** Importance among victims: higher priority first, then the pod that started earlier. */
    private static final Comparator<JsonNode> MORE_IMPORTANT = Comparator
            .comparingInt((JsonNode p) -> -PodSpecs.priority(p))
            .thenComparing(p -> p.path("status").path("startTime").asText("\uffff"));

    private record Candidate(NodeInfo node, List<JsonNode> victims) {
        int highestPriority() {
            return victims.stream().mapToInt(PodSpecs::priority).max().orElse(Integer.MIN_VALUE);
        }

        long prioritySum() {
            // Offset so that negative priorities still add up to more victims costing more.
            return victims.stream().mapToLong(p -> (long) PodSpecs.priority(p) + Integer.MAX_VALUE + 1).sum();
        }
    }

    private static final Comparator<Candidate> CHEAPEST = Comparator
            .comparingInt(Candidate::highestPriority)
            .thenComparingLong(Candidate::prioritySum)
            .thenComparingInt(c -> c.victims().size())
            .thenComparing(c -> c.node().name());

    @Override
    public String name() {
        return "DefaultPreemption";
    }

    @Override
    public Result postFilter(JsonNode pod, ClusterView view, Map<String, Status> nodeStatuses, Evaluator evaluator) {
        if (pod.path("spec").path("preemptionPolicy").asText().equals("Never")) {
            return rejected("not eligible due to preemptionPolicy=Never.");
        }
        List<NodeInfo> nodes = view.nodes();
        Map<String, Status> statuses = new LinkedHashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (NodeInfo node : nodes) {
            Status before = nodeStatuses.get(node.name());
            if (before == null || before.code() != Status.Code.UNSCHEDULABLE) {
                statuses.put(node.name(), Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            Status after = victims(pod, view, node, evaluator, candidates);
            if (!after.isSuccess()) {
                statuses.put(node.name(), after);
            }
        }
        if (candidates.isEmpty()) {
            return rejected(FailureMessage.of(nodes.size(), null, statuses, null));
        }
        Candidate best = candidates.stream().min(CHEAPEST).orElseThrow();
        return new Result(Status.success(), best.node().name(), best.victims());
    }

    private static Result rejected(String message) {
        return new Result(Status.unschedulable("preemption: " + message), null, List.of());
    }

    /**
     * Removes every lower-priority pod; if the pod then fits, puts back as many as still let it fit, the most
     * important first, and records the rest as a candidate.
     */
    private static Status victims(JsonNode pod, ClusterView view, NodeInfo node, Evaluator evaluator,
            List<Candidate> candidates) {
        int priority = PodSpecs.priority(pod);
        List<JsonNode> kept = new ArrayList<>();
        List<JsonNode> lower = new ArrayList<>();
        for (JsonNode p : node.pods()) {
            (PodSpecs.priority(p) < priority ? lower : kept).add(p);
        }
        if (lower.isEmpty()) {
            return Status.unresolvable(NO_VICTIMS);
        }
        Status fits = evaluate(pod, view, node, kept, evaluator);
        if (!fits.isSuccess()) {
            return fits;
        }
        lower.sort(MORE_IMPORTANT);
        List<JsonNode> victims = new ArrayList<>();
        for (JsonNode p : lower) {
            kept.add(p);
            if (!evaluate(pod, view, node, kept, evaluator).isSuccess()) {
                kept.remove(kept.size() - 1);
                victims.add(p);
            }
        }
        candidates.add(new Candidate(node, victims));
        return Status.success();
    }

    private static Status evaluate(JsonNode pod, ClusterView view, NodeInfo node, List<JsonNode> pods,
            Evaluator evaluator) {
        NodeInfo reduced = node.withPods(pods);
        return evaluator.fits(pod, new WithNode(view, reduced), reduced);
    }

    /** The view with one node's pods replaced. */
    private record WithNode(ClusterView view, NodeInfo replacement) implements ClusterView {
        @Override
        public List<NodeInfo> nodes() {
            return view.nodes().stream().map(n -> n.name().equals(replacement.name()) ? replacement : n).toList();
        }

        @Override
        public JsonNode claim(String namespace, String name) {
            return view.claim(namespace, name);
        }

        @Override
        public JsonNode volume(String name) {
            return view.volume(name);
        }

        @Override
        public JsonNode storageClass(String name) {
            return view.storageClass(name);
        }

        @Override
        public JsonNode namespace(String name) {
            return view.namespace(name);
        }
    }
}
