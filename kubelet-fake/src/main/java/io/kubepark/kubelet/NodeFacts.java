package io.kubepark.kubelet;

import java.util.Objects;

/**
 * What the planner needs to know about the node a pod runs on.
 *
 * @param nodeName the node's name
 * @param hostIp the node's internal IP, written to {@code status.hostIP}
 * @param podIp the IP the caller allocated for this pod from the node's {@code spec.podCIDR}; ignored for
 *     {@code hostNetwork} pods, which get {@code hostIp}
 */
public record NodeFacts(String nodeName, String hostIp, String podIp) {
    public NodeFacts {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(hostIp, "hostIp");
    }
}
