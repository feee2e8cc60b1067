package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Checks the pod once per attempt and prepares state for {@link FilterPlugin}s. */
public interface PreFilterPlugin extends Plugin {

    /**
     * The outcome of a PreFilter: a status, and optionally the only nodes worth filtering.
     *
     * @param nodeNames the nodes the pod can only go to, or null for all nodes
     */
    record Result(Status status, Set<String> nodeNames) {
        public static Result of(Status status) {
            return new Result(status, null);
        }
    }

    Result preFilter(CycleState state, JsonNode pod, ClusterView view);
}
