package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Status;

/** A pod that names a node ({@code spec.nodeName}) fits only there. */
final class NodeName implements FilterPlugin {

    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        String wanted = pod.path("spec").path("nodeName").asText();
        return wanted.isEmpty() || wanted.equals(node.name()) ? Status.success() : Status.unresolvable(REASON);
    }
}
