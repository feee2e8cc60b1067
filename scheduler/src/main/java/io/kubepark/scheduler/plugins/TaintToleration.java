package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.ScorePlugin;
import io.kubepark.scheduler.Status;
import java.util.List;

/** Untolerated NoSchedule/NoExecute taints reject a node; untolerated PreferNoSchedule taints lower its score. */
final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        JsonNode taint = PodSpecs.firstUntolerated(pod, node.node());
        if (taint == null) {
            return Status.success();
        }
        return Status.unresolvable("node(s) had untolerated taint {" + taint.path("key").asText() + ": "
                + taint.path("value").asText() + "}");
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        long count = 0;
        for (JsonNode taint : node.node().path("spec").path("taints")) {
            if (taint.path("effect").asText().equals("PreferNoSchedule")
                    && !PodSpecs.tolerates(preferNoScheduleTolerations(pod), taint)) {
                count++;
            }
        }
        return count;
    }

    /** Only tolerations with effect PreferNoSchedule or none count for scoring. */
    private static JsonNode preferNoScheduleTolerations(JsonNode pod) {
        var out = io.kubepark.apiserver.Json.NODES.arrayNode();
        for (JsonNode t : pod.path("spec").path("tolerations")) {
            String effect = t.path("effect").asText();
            if (effect.isEmpty() || effect.equals("PreferNoSchedule")) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public void normalize(CycleState state, JsonNode pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.normalizeByMax(scores, true);
    }
}
