package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Status;

/** A cordoned node ({@code spec.unschedulable}) takes only pods that tolerate its unschedulable taint. */
final class NodeUnschedulable implements FilterPlugin {

    static final String REASON = "node(s) were unschedulable";
    private static final JsonNode TAINT = Json.object()
            .put("key", "node.kubernetes.io/unschedulable").put("effect", "NoSchedule");

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        if (!node.node().path("spec").path("unschedulable").asBoolean(false)
                || PodSpecs.tolerates(pod.path("spec").path("tolerations"), TAINT)) {
            return Status.success();
        }
        return Status.unresolvable(REASON);
    }
}
