package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.FailureMessage;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PostFilterPlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Preemption (D8): finds a node where evicting pods of lower priority lets the pod fit, evicting as few and as
 * unimportant pods as it can. PodDisruptionBudgets count as the default plugin counts them: on each node the victims
 * whose eviction a budget does not allow are put back first, and the node whose victims break the fewest budgets
 * wins before any other criterion. A budget never stops preemption; it only steers it.
 */
final class DefaultPreemption implements PostFilterPlugin {

    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** Importance among victims: higher priority first, then the pod that started earlier. */
    private static final Comparator<JsonNode> MORE_IMPORTANT = Comparator
            .comparingInt((JsonNode p) -> -PodSpecs.priority(p))
            .thenComparing(p -> p.path("status").path("startTime").asText("\uffff"));

    private record Candidate(NodeInfo node, List<JsonNode> victims, int violations) {
        int highestPriority() {
            return victims.stream().mapToInt(PodSpecs::priority).max().orElse(Integer.MIN_VALUE);
        }

        long prioritySum() {
            // Offset so that negative priorities still add up to more victims costing more.
            return victims.stream().mapToLong(p -> (long) PodSpecs.priority(p) + Integer.MAX_VALUE + 1).sum();
        }
    }

    private static final Comparator<Candidate> CHEAPEST = Comparator
            .comparingInt(Candidate::violations)
            .thenComparingInt(Candidate::highestPriority)
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
        Map<String, List<JsonNode>> budgets = new HashMap<>();
        for (NodeInfo node : nodes) {
            Status before = nodeStatuses.get(node.name());
            if (before == null || before.code() != Status.Code.UNSCHEDULABLE) {
                statuses.put(node.name(), Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            Status after = victims(pod, view, node, evaluator, candidates,
                    namespace -> budgets.computeIfAbsent(namespace, view::disruptionBudgets));
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
     * important first, those whose eviction would break a budget before the others, and records the rest as a
     * candidate with the number of budget-breaking victims it could not spare.
     */
    private static Status victims(JsonNode pod, ClusterView view, NodeInfo node, Evaluator evaluator,
            List<Candidate> candidates, Function<String, List<JsonNode>> budgets) {
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
        List<JsonNode> violating = new ArrayList<>();
        List<JsonNode> nonViolating = new ArrayList<>();
        splitByBudgets(lower, budgets, violating, nonViolating);
        List<JsonNode> victims = new ArrayList<>();
        int violations = 0;
        for (JsonNode p : violating) {
            if (!reprieve(pod, view, node, evaluator, kept, p)) {
                victims.add(p);
                violations++;
            }
        }
        for (JsonNode p : nonViolating) {
            if (!reprieve(pod, view, node, evaluator, kept, p)) {
                victims.add(p);
            }
        }
        victims.sort(MORE_IMPORTANT);
        candidates.add(new Candidate(node, victims, violations));
        return Status.success();
    }

    /** Puts {@code victim} back on the node if the pod still fits with it, and says whether it did. */
    private static boolean reprieve(JsonNode pod, ClusterView view, NodeInfo node, Evaluator evaluator,
            List<JsonNode> kept, JsonNode victim) {
        kept.add(victim);
        if (evaluate(pod, view, node, kept, evaluator).isSuccess()) {
            return true;
        }
        kept.remove(kept.size() - 1);
        return false;
    }

    /**
     * Splits the victims, in their order, into those whose eviction would take a matching budget below zero
     * allowed disruptions (counting the victims before them) and the rest. A budget with a missing or empty selector
     * matches nothing here, a pod without labels matches no budget, and a pod already among a budget's
     * {@code disruptedPods} does not count against it.
     */
    private static void splitByBudgets(List<JsonNode> victims, Function<String, List<JsonNode>> budgets,
            List<JsonNode> violating, List<JsonNode> nonViolating) {
        Map<JsonNode, Integer> allowed = new IdentityHashMap<>();
        for (JsonNode victim : victims) {
            Map<String, String> labels = PodSpecs.labels(victim);
            boolean violates = false;
            if (!labels.isEmpty()) {
                for (JsonNode budget : budgets.apply(victim.path("metadata").path("namespace").asText())) {
                    JsonNode selector = budget.path("spec").path("selector");
                    boolean empty = selector.path("matchLabels").isEmpty()
                            && selector.path("matchExpressions").isEmpty();
                    if (empty || !LabelSelectors.matches(selector, labels) || budget.path("status")
                            .path("disruptedPods").has(victim.path("metadata").path("name").asText())) {
                        continue;
                    }
                    int left = allowed.merge(budget, budget.path("status").path("disruptionsAllowed").asInt(0) - 1,
                            (before, initial) -> before - 1);
                    if (left < 0) {
                        violates = true;
                    }
                }
            }
            (violates ? violating : nonViolating).add(victim);
        }
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

        @Override
        public List<JsonNode> disruptionBudgets(String namespace) {
            return view.disruptionBudgets(namespace);
        }
    }
}
