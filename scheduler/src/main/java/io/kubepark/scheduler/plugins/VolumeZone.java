package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A bound volume's zone and region labels must name the node's zone and region. */
final class VolumeZone implements FilterPlugin {

    static final String REASON = "node(s) had no available volume zone";
    private static final List<String> TOPOLOGY_LABELS = List.of(
            "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region");

    @Override
    public String name() {
        return "VolumeZone";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        VolumeBinding.Claims claims = state.read(VolumeBinding.KEY);
        if (claims == null) {
            return Status.success();
        }
        Map<String, String> nodeLabels = PodSpecs.labels(node.node());
        if (TOPOLOGY_LABELS.stream().noneMatch(nodeLabels::containsKey)) {
            // A node without any zone or region label takes every volume.
            return Status.success();
        }
        for (JsonNode pv : claims.boundVolumes()) {
            if (pv == null) {
                continue;
            }
            Map<String, String> pvLabels = PodSpecs.labels(pv);
            for (String key : TOPOLOGY_LABELS) {
                String value = pvLabels.get(key);
                // A volume may span zones, written "a__b".
                if (value != null && !Set.of(value.split("__")).contains(nodeLabels.getOrDefault(key, "\0"))) {
                    return Status.unresolvable(REASON);
                }
            }
        }
        return Status.success();
    }
}
