package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Ranks the nodes that passed filtering; the framework multiplies normalised scores by the plugin's weight. */
public interface ScorePlugin extends Plugin {

    /** The highest score a plugin hands back after normalisation. */
    long MAX_NODE_SCORE = 100;

    /** Prepares state from all feasible nodes before {@link #score} is called per node. */
    default void preScore(CycleState state, JsonNode pod, List<NodeInfo> feasible, ClusterView view) {
    }

    long score(CycleState state, JsonNode pod, NodeInfo node);

    /** Brings {@code scores} (aligned with {@code nodes}) into 0..{@link #MAX_NODE_SCORE}, in place. */
    default void normalize(CycleState state, JsonNode pod, List<NodeInfo> nodes, long[] scores) {
    }

    /**
     * Kubernetes' DefaultNormalizeScore: scales to 0..100 by the highest score; {@code reverse} makes fewer
     * better (all 100 when every score is 0).
     */
    static void normalizeByMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_NODE_SCORE : scores[i];
                continue;
            }
            long s = MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_NODE_SCORE - s : s;
        }
    }
}
