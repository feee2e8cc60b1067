package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Runs after no node fitted, to make the pod fit in a later attempt (preemption). */
public interface PostFilterPlugin extends Plugin {

    /** Re-runs PreFilter and Filter for one node of a (modified) view, as preemption's dry run needs. */
    interface Evaluator {
        Status fits(JsonNode pod, ClusterView view, NodeInfo node);
    }

    /**
     * @param status        success when the pod can fit after the victims are gone; otherwise the message
     *                      that the failure message appends
     * @param nominatedNode the node to nominate, or null
     * @param victims       the pods to evict from that node
     */
    record Result(Status status, String nominatedNode, List<JsonNode> victims) {
        public Result {
            victims = List.copyOf(victims);
        }
    }

    /**
     * @param nodeStatuses the rejection of every node by name (from PreFilter or Filter)
     */
    Result postFilter(JsonNode pod, ClusterView view, Map<String, Status> nodeStatuses, Evaluator evaluator);
}
