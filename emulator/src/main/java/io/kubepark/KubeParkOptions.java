package io.kubepark;

import io.kubepark.kubelet.NodeShape;
import java.util.Objects;

/**
 * Everything a KubePark cluster is started with. The builder and the {@code kubepark serve} command both
 * produce one of these.
 *
 * @param host          address the API server listens on
 * @param port          port of the API server; 0 picks a free one
 * @param historyLimit  events each resource keeps for watch resumption and list continuation
 * @param virtualClock  whether the control plane runs on a virtual clock that only
 *                      {@link KubePark#advance(java.time.Duration)} moves, instead of wall time
 * @param nodes         how many nodes, each with a fake kubelet, the cluster starts with
 * @param nodeShape     capacity and allocatable of every node
 */
public record KubeParkOptions(String host, int port, int historyLimit, boolean virtualClock, int nodes,
                              NodeShape nodeShape) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HISTORY = 10_000;
    public static final int DEFAULT_NODES = 3;

    public KubeParkOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(nodeShape, "nodeShape");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be positive: " + historyLimit);
        }
        if (nodes < 0 || nodes > 5000) {
            throw new IllegalArgumentException("nodes must be between 0 and 5000: " + nodes);
        }
    }

    /** Loopback, a free port, wall time, three nodes of the default shape. */
    public static KubeParkOptions defaults() {
        return new KubeParkOptions(DEFAULT_HOST, 0, DEFAULT_HISTORY, false, DEFAULT_NODES, NodeShape.DEFAULT);
    }
}
