package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A node and the pods assigned to it ({@code spec.nodeName}), including pods the scheduler has assumed but not
 * yet bound. The caller leaves out terminal pods (phase Succeeded or Failed). The sum of the pods' requests
 * is computed once, here.
 */
public final class NodeInfo {

    private final JsonNode node;
    private final List<JsonNode> pods;
    private final Resources requested;
    private final Resources nonZeroRequested;

    public NodeInfo(JsonNode node, List<JsonNode> pods) {
        this.node = node;
        this.pods = List.copyOf(pods);
        Resources sum = Resources.NONE;
        Resources nonZero = Resources.NONE;
        for (JsonNode pod : this.pods) {
            Resources request = Resources.ofPod(pod);
            sum = sum.plus(request);
            nonZero = nonZero.plus(request.nonZero());
        }
        this.requested = sum;
        this.nonZeroRequested = nonZero;
    }

    public JsonNode node() {
        return node;
    }

    public List<JsonNode> pods() {
        return pods;
    }

    /** {@code metadata.name} of the node. */
    public String name() {
        return node.path("metadata").path("name").asText();
    }

    /** The summed requests of the pods on the node (cpu in millicores, everything else in whole units). */
    public Resources requested() {
        return requested;
    }

    /** As {@link #requested()}, but a pod without a cpu or memory request counts the scoring defaults. */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    /** The same node with {@code pods} instead of its pods. */
    public NodeInfo withPods(List<JsonNode> pods) {
        return new NodeInfo(node, pods);
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name() + ", " + pods.size() + " pods]";
    }
}
