package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.ClusterView;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.PreFilterPlugin;
import io.kubepark.scheduler.ScorePlugin;
import io.kubepark.scheduler.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code nodeSelector} and required node affinity filter; preferred terms score by their summed weights. A
 * pod whose every required term names nodes by {@code metadata.name} is filtered on those nodes only, the
 * others reported as not satisfying the plugin (as DaemonSet pods see it).
 */
final class NodeAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {

    static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    static final String CONFLICT = "pod affinity terms conflict";

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public Result preFilter(CycleState state, JsonNode pod, ClusterView view) {
        JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        if (terms.size() == 0) {
            return Result.of(Status.success());
        }
        Set<String> names = new HashSet<>();
        for (JsonNode term : terms) {
            Set<String> termNames = null;
            for (JsonNode r : term.path("matchFields")) {
                if (r.path("key").asText().equals("metadata.name") && r.path("operator").asText().equals("In")) {
                    Set<String> values = new HashSet<>();
                    r.path("values").forEach(v -> values.add(v.asText()));
                    if (termNames == null) {
                        termNames = values;
                    } else {
                        termNames.retainAll(values);
                    }
                }
            }
            if (termNames == null) {
                return Result.of(Status.success());
            }
            names.addAll(termNames);
        }
        if (names.isEmpty()) {
            return Result.of(Status.unresolvable(CONFLICT));
        }
        return new Result(Status.success(), names);
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        return NodeSelectors.requiredMatch(pod, node.node()) ? Status.success() : Status.unresolvable(REASON);
    }

    @Override
    public long score(CycleState state, JsonNode pod, NodeInfo node) {
        long sum = 0;
        for (JsonNode term : pod.path("spec").path("affinity").path("nodeAffinity")
                .path("preferredDuringSchedulingIgnoredDuringExecution")) {
            if (NodeSelectors.termMatches(term.path("preference"), node.node())) {
                sum += term.path("weight").asLong();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, JsonNode pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.normalizeByMax(scores, false);
    }
}
