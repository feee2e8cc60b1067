package io.kubepark.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The wording of kube-scheduler's FitError (1.31+ form): {@code 0/3 nodes are available: …}. */
public final class FailureMessage {

    /** What the scheduler says when the cluster has no node at all. */
    public static final String NO_NODES = "no nodes available to schedule pods";

    private FailureMessage() {
    }

    /**
     * @param totalNodes       all nodes in the cluster
     * @param preFilterMessage the PreFilter rejection, or null when PreFilter passed; it replaces the per-node
     *                         histogram
     * @param nodeStatuses     each rejected node's status
     * @param postFilterMessage the PostFilter (preemption) message, or null
     */
    public static String of(int totalNodes, String preFilterMessage, Map<String, Status> nodeStatuses,
            String postFilterMessage) {
        StringBuilder message = new StringBuilder().append("0/").append(totalNodes).append(" nodes are available:");
        if (preFilterMessage != null) {
            message.append(' ').append(preFilterMessage).append('.');
        } else {
            Map<String, Integer> counts = new TreeMap<>();
            nodeStatuses.values().forEach(s -> s.reasons().forEach(r -> counts.merge(r, 1, Integer::sum)));
            List<String> histogram = new ArrayList<>();
            counts.forEach((reason, count) -> histogram.add(count + " " + reason));
            if (!histogram.isEmpty()) {
                histogram.sort(null);
                message.append(' ').append(String.join(", ", histogram)).append('.');
            }
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            message.append(' ').append(postFilterMessage).append('.');
        }
        return message.toString();
    }
}
