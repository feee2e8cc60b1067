package io.kubepark;

import io.kubepark.kubelet.NodeShape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * @param featureGates  feature gates switched away from their v1.33 default, by name; so far KubePark knows
 *                      {@code MaxUnavailableStatefulSet} (alpha, off by default)
 * @param storageClasses whether the cluster starts with the StorageClasses {@code standard} (the default) and
 *                      {@code local}
 * @param dnsPort       UDP and TCP port of the cluster DNS; 0 picks a free one
 * @param clusterDomain the DNS domain of the cluster, {@code cluster.local} by default
 * @param dnsTtl        TTL of the cluster DNS's answers in seconds, 30 as in kind (0 to 3600)
 * @param dataDir       where the cluster keeps its state across restarts (a log of every write plus snapshots), or
 *                      null to keep it in memory only; see docs/persistence.md
 * @param snapshotEvery with a data dir, how many logged writes lead to a new snapshot and a new log segment
 * @param manifests     YAML or JSON files whose objects are created at start, in order (namespaces, then
 *                      CustomResourceDefinitions, then the rest of each file); objects that exist are left alone
 */
public record KubeParkOptions(String host, int port, int historyLimit, boolean virtualClock, int nodes,
                              NodeShape nodeShape, Map<String, Boolean> featureGates, boolean storageClasses,
                              int dnsPort, String clusterDomain, int dnsTtl, Path dataDir, int snapshotEvery,
                              List<Path> manifests) {
    public static final int DEFAULT_DNS_TTL = 30;
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    /** The DNS port of {@code kubepark serve}: one that needs no root. */
    public static final int DEFAULT_SERVE_DNS_PORT = 10053;

    /** The gates KubePark knows, with their v1.33 defaults. */
    public static final Map<String, Boolean> KNOWN_GATES = Map.of("MaxUnavailableStatefulSet", false);

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HISTORY = 10_000;
    public static final int DEFAULT_NODES = 3;
    public static final int DEFAULT_SNAPSHOT_EVERY = 10_000;

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
        featureGates = Map.copyOf(featureGates);
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        if (dnsTtl < 0 || dnsTtl > 3600) {
            throw new IllegalArgumentException("dnsTtl must be between 0 and 3600: " + dnsTtl);
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be positive: " + snapshotEvery);
        }
        if (dnsPort < 0 || dnsPort > 65535) {
            throw new IllegalArgumentException("dnsPort must be between 0 and 65535: " + dnsPort);
        }
        if (!clusterDomain.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("clusterDomain is not a DNS name: " + clusterDomain);
        }
        for (String gate : featureGates.keySet()) {
            if (!KNOWN_GATES.containsKey(gate)) {
                throw new IllegalArgumentException("unrecognized feature gate: " + gate + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_GATES.keySet())) + ")");
            }
        }
    }

    /** Whether a gate is on: as set, else its v1.33 default. */
    public boolean enabled(String gate) {
        return featureGates.getOrDefault(gate, KNOWN_GATES.getOrDefault(gate, false));
    }

    /** Loopback, a free port, wall time, three nodes of the default shape. */
    public static KubeParkOptions defaults() {
        return new KubeParkOptions(DEFAULT_HOST, 0, DEFAULT_HISTORY, false, DEFAULT_NODES, NodeShape.DEFAULT, Map.of(),
                true, 0, DEFAULT_CLUSTER_DOMAIN, DEFAULT_DNS_TTL, null, DEFAULT_SNAPSHOT_EVERY, List.of());
    }
}
