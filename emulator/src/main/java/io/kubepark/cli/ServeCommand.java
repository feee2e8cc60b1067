package io.kubepark.cli;

import io.kubepark.KubePark;
import io.kubepark.KubeParkOptions;
import io.kubepark.Manifests;
import io.kubepark.Security;
import io.kubepark.apiserver.auth.Access;
import io.kubepark.kubelet.NodeShape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubepark serve}: runs a cluster until Ctrl-C and writes a kubeconfig for it. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the Kubernetes API until interrupted, and write a kubeconfig for it.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = KubeParkOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "6443",
            description = "Port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--nodes", defaultValue = "3",
            description = "How many nodes with fake kubelets to start (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--node-cpu", defaultValue = "4", description = "Cpu of every node (default: ${DEFAULT-VALUE}).")
    String nodeCpu;

    @Option(names = "--node-memory", defaultValue = "16Gi",
            description = "Memory of every node (default: ${DEFAULT-VALUE}).")
    String nodeMemory;

    @Option(names = "--node-pods", defaultValue = "110",
            description = "Pods every node takes (default: ${DEFAULT-VALUE}).")
    int nodePods;

    @Option(names = "--feature-gates", split = ",", paramLabel = "GATE=true|false",
            description = "Feature gates to switch away from their v1.33 default, such as "
                    + "MaxUnavailableStatefulSet=true.")
    Map<String, Boolean> featureGates = new LinkedHashMap<>();

    @Option(names = "--default-storage-classes", defaultValue = "true", arity = "1",
            description = "Create the StorageClasses standard (the default) and local (default: ${DEFAULT-VALUE}).")
    boolean storageClasses;

    @Option(names = "--dns-port", defaultValue = "" + KubeParkOptions.DEFAULT_SERVE_DNS_PORT,
            description = "UDP and TCP port of the cluster DNS; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Option(names = "--cluster-domain", defaultValue = KubeParkOptions.DEFAULT_CLUSTER_DOMAIN,
            description = "DNS domain of the cluster (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--dns-ttl", defaultValue = "" + KubeParkOptions.DEFAULT_DNS_TTL,
            description = "TTL of DNS answers in seconds (default: ${DEFAULT-VALUE}).")
    int dnsTtl;

    @Option(names = "--kubeconfig", defaultValue = "kubeconfig",
            description = "Where to write the kubeconfig (default: ${DEFAULT-VALUE} in the working directory).")
    Path kubeconfig;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the cluster's state in DIR across restarts: every write is logged and forced to "
                    + "disk before it is acknowledged (default: in memory only).")
    Path dataDir;

    @Option(names = "--import", paramLabel = "FILE",
            description = "Create the objects of a YAML file (such as one `kubepark export` wrote) at start.")
    Path importFile;

    @Option(names = "--init-dir", paramLabel = "DIR",
            description = "Create the objects of every *.yaml, *.yml and *.json file in DIR at start, in name order.")
    Path initDir;

    @Option(names = "--insecure-http",
            description = "Serve plain HTTP without TLS; requests without credentials are then the admin's.")
    boolean insecureHttp;

    @Option(names = "--authorization", defaultValue = "AlwaysAllow", paramLabel = "AlwaysAllow|rbac",
            description = "How requests are authorized: AlwaysAllow, or rbac for Roles, ClusterRoles and their "
                    + "bindings (default: ${DEFAULT-VALUE}).")
    String authorization;

    /** Where the CA and the admin's credentials live: the data dir, else {@code .kubepark} in the working dir. */
    static final Path DEFAULT_PKI_DIR = Path.of(".kubepark");

    /** How this command line guards the API. */
    Security security() {
        Access.Mode mode = switch (authorization.toLowerCase(java.util.Locale.ROOT)) {
            case "alwaysallow" -> Access.Mode.ALWAYS_ALLOW;
            case "rbac" -> Access.Mode.RBAC;
            default -> throw new IllegalArgumentException("--authorization must be AlwaysAllow or rbac: "
                    + authorization);
        };
        return Security.serve(insecureHttp, dataDir != null ? dataDir : DEFAULT_PKI_DIR, mode);
    }

    /** Builds the options this command line describes. */
    KubeParkOptions options() {
        return new KubeParkOptions(host, port, KubeParkOptions.DEFAULT_HISTORY, false, nodes,
                new NodeShape(nodeCpu, nodeMemory, nodePods), featureGates, storageClasses, dnsPort, clusterDomain,
                dnsTtl, dataDir, KubeParkOptions.DEFAULT_SNAPSHOT_EVERY, manifests());
    }

    private List<Path> manifests() {
        List<Path> files = new ArrayList<>();
        if (importFile != null) {
            files.add(importFile);
        }
        if (initDir != null) {
            files.addAll(Manifests.initFiles(initDir));
        }
        return files;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KubePark park;
        try {
            park = KubePark.start(options(), security());
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("kubepark: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            park.close();
            stopped.countDown();
        }, "kubepark-shutdown"));
        Path file = park.writeKubeconfig(kubeconfig).toAbsolutePath();
        out.println("KubePark " + Main.VERSION + " serves the Kubernetes v1.33 API at " + park.url() + " with "
                + park.nodeNames().size() + (park.nodeNames().size() == 1 ? " node" : " nodes"));
        out.println("kubeconfig (context kubepark) written to " + file);
        out.println("cluster DNS (" + park.options().clusterDomain() + ") on " + park.options().host() + ":"
                + park.dnsPort() + " (UDP and TCP), e.g. dig @" + park.options().host() + " -p " + park.dnsPort()
                + " kubernetes.default.svc." + park.options().clusterDomain());
        out.println("UI: " + park.url() + "/ui#token=" + park.adminToken() + " (the cluster drawn live as a park)");
        out.println("metrics: " + park.url() + "/metrics (Prometheus text, kube-apiserver names)");
        if (park.options().dataDir() != null) {
            out.println("state kept in " + park.options().dataDir().toAbsolutePath());
            for (String line : park.recoveryReport()) {
                out.println("  " + line);
            }
        }
        if (initDir != null && park.applied().stream().noneMatch(a -> a.file().startsWith(initDir))) {
            out.println("init dir " + initDir.toAbsolutePath() + " holds no *.yaml, *.yml or *.json files");
        }
        for (Manifests.Applied a : park.applied()) {
            out.println(a);
        }
        out.println();
        out.println("  export KUBECONFIG=" + file);
        out.println("  kubectl get namespaces");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
