package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Resources;
import io.kubepark.scheduler.ScorePlugin;

/** Favours nodes whose cpu and memory would be used in equal fractions: 100 × (1 − standard deviation). */
final class NodeResourcesBalancedAllocation implements ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        Resources allocatable = Resources.of(node.node().path("status").path("allocatable"));
        Resources requested = node.requested().plus(Resources.ofPod(pod));
        long cpuCapacity = allocatable.get(Resources.CPU);
        long memoryCapacity = allocatable.get(Resources.MEMORY);
        if (cpuCapacity == 0 || memoryCapacity == 0) {
            // A resource the node does not offer is left out, and one fraction has no deviation.
            return MAX_NODE_SCORE;
        }
        double cpu = Math.min(1.0, (double) requested.get(Resources.CPU) / cpuCapacity);
        double memory = Math.min(1.0, (double) requested.get(Resources.MEMORY) / memoryCapacity);
        // The standard deviation of two values is half their distance.
        double std = Math.abs(cpu - memory) / 2;
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }
}
