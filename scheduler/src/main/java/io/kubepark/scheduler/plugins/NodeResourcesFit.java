package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Resources;
import io.kubepark.scheduler.ScorePlugin;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod's requests must fit in the node's allocatable minus what its pods request, and the node must have
 * room for one more pod. Scores with LeastAllocated over cpu and memory (weight 1 each).
 */
final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    static final String TOO_MANY_PODS = "Too many pods";

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        Resources allocatable = Resources.of(node.node().path("status").path("allocatable"));
        Resources request = Resources.ofPod(pod);
        Resources used = node.requested();
        List<String> reasons = new ArrayList<>();
        if (node.pods().size() + 1 > allocatable.get(Resources.PODS)) {
            reasons.add(TOO_MANY_PODS);
        }
        List<String> order = new ArrayList<>(List.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE));
        for (String name : request.names()) {
            if (!order.contains(name) && !name.equals(Resources.PODS)) {
                order.add(name);
            }
        }
        for (String name : order) {
            long wanted = request.get(name);
            if (wanted > 0 && wanted > allocatable.get(name) - used.get(name)) {
                reasons.add("Insufficient " + name);
            }
        }
        return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        Resources allocatable = Resources.of(node.node().path("status").path("allocatable"));
        Resources requested = node.nonZeroRequested().plus(Resources.ofPod(pod).nonZero());
        return (leastAllocated(requested.get(Resources.CPU), allocatable.get(Resources.CPU))
                + leastAllocated(requested.get(Resources.MEMORY), allocatable.get(Resources.MEMORY))) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
