package io.kubepark;

import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.auth.Access;
import io.kubepark.apiserver.auth.ClusterRoleAggregation;
import io.kubepark.apiserver.auth.DefaultRoles;
import io.kubepark.apiserver.auth.RootCaPublisher;
import io.kubepark.apiserver.auth.ServiceAccountTokens;
import io.kubepark.apiserver.auth.UserInfo;
import io.kubepark.apiserver.discovery.Discovery;
import io.kubepark.apiserver.http.Faults;
import io.kubepark.apiserver.http.HttpApi;
import io.kubepark.apiserver.journal.Journal;
import io.kubepark.apiserver.logs.ContainerLogs;
import io.kubepark.apiserver.persist.DataDir;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.apiextensions.CrdCleanupController;
import io.kubepark.controllers.cronjob.CronJobController;
import io.kubepark.controllers.disruption.DisruptionController;
import io.kubepark.controllers.daemonset.DaemonSetController;
import io.kubepark.controllers.garbagecollector.GarbageCollector;
import io.kubepark.controllers.job.JobController;
import io.kubepark.controllers.namespace.NamespaceController;
import io.kubepark.controllers.nodelifecycle.NodeLifecycleController;
import io.kubepark.controllers.nodelifecycle.PodGarbageCollector;
import io.kubepark.controllers.nodelifecycle.TaintEvictionController;
import io.kubepark.controllers.deployment.DeploymentController;
import io.kubepark.controllers.replicaset.ReplicaKind;
import io.kubepark.controllers.replicaset.ReplicaSetController;
import io.kubepark.controllers.runtime.PodsByNode;
import io.kubepark.controllers.statefulset.StatefulSetController;
import io.kubepark.controllers.ttlafterfinished.TtlAfterFinishedController;
import io.kubepark.controllers.volume.PersistentVolumeController;
import io.kubepark.controllers.volume.ProtectionController;
import io.kubepark.controllers.volume.Provisioner;
import io.kubepark.controllers.volume.VolumeResizer;
import io.kubepark.controllers.dns.ClusterDns;
import io.kubepark.controllers.dns.DnsServer;
import io.kubepark.controllers.dns.StoreDnsView;
import io.kubepark.controllers.endpoints.EndpointsController;
import io.kubepark.kubelet.ContainerBehaviour;
import io.kubepark.kubelet.Kubelet;
import io.kubepark.kubelet.Kubelets;
import io.kubepark.kubelet.NodeShape;
import io.kubepark.scheduler.Framework;
import io.kubepark.scheduler.Scheduler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running KubePark cluster: an API server on a local port, the controllers that give objects their lifecycle,
 * and nodes with fake kubelets. Start one with {@link #builder()}; close it to stop it. Nothing is static, so any
 * number of clusters can run side by side in one JVM.
 *
 * <p>On a virtual clock ({@link Builder#virtualClock()}) time stands still until {@link #advance(Duration)} moves
 * it, and {@link #awaitIdle()} waits until the control plane has nothing left to do at the current time: a test
 * of a five-minute timeout takes milliseconds and needs no sleep.
 *
 * <pre>{@code
 * try (KubePark park = KubePark.builder().start()) {
 *     Files.writeString(kubeconfig, park.kubeconfig());
 *     // point any client at park.url()
 * }
 * }</pre>
 */
public final class KubePark implements AutoCloseable {
    private final KubeParkOptions options;
    private final Vertx vertx;
    private final HttpServer server;
    private final ApiServer api;
    private final Timeline timeline;
    private Kubelets kubelets;
    private final NamespaceController namespaceController;
    private final GarbageCollector garbageCollector;
    private final CrdCleanupController crdCleanup;
    private final PodsByNode podsByNode;
    private final NodeLifecycleController nodeLifecycle;
    private final TaintEvictionController taintEviction;
    private final PodGarbageCollector podGc;
    private final Scheduler scheduler;
    private final StatefulSetController statefulSets;
    private final JobController jobs;
    private final CronJobController cronJobs;
    private final TtlAfterFinishedController ttlAfterFinished;
    private final DisruptionController disruption;
    private final ReplicaSetController replicaSets;
    private final ReplicaSetController replicationControllers;
    private final DeploymentController deployments;
    private final DaemonSetController daemonSets;
    private final ProtectionController protection;
    private final PersistentVolumeController volumes;
    private final VolumeResizer resizer;
    private final EndpointsController endpoints;
    private final StoreDnsView dnsView;
    private final ClusterDns dns;
    private final DnsServer dnsServer;
    private final Provisioner provisioner;
    private final HttpApi http;
    private final DataDir dataDir;
    private final List<Manifests.Applied> applied;
    private volatile Journal journal;
    private volatile boolean ready;
    private final Security security;
    private final Pki pki;
    private final String adminToken;
    private final ClusterRoleAggregation aggregation;
    private final RootCaPublisher rootCa;

    private KubePark(KubeParkOptions options, Security security) {
        this.options = options;
        this.security = security;
        // The control plane is built on its own thread while this one starts Vert.x and the HTTP server: both
        // are mostly class loading, which two cores do side by side.
        this.timeline = options.virtualClock() ? Timeline.virtual() : Timeline.wall();
        CompletableFuture<Built> building = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            DataDir persisted = null;
            try {
                Store store = new Store(options.historyLimit());
                ApiServer built = new ApiServer(ResourceRegistry.builtIn(), store, timeline.clock());
                if (options.dataDir() != null) {
                    persisted = DataDir.open(options.dataDir(), store, built.registry(), options.snapshotEvery());
                    built.recovered();
                }
                // kube-apiserver ensures its namespaces, Services and PriorityClasses on every start; the
                // StorageClasses are installed once, as kind does, so a restored cluster keeps what its users did.
                Bootstrap.apply(built, options.storageClasses() && store.revision() == 0);
                if (security.checked()) {
                    DefaultRoles.apply(built);
                }
                List<Manifests.Applied> applied = new java.util.ArrayList<>();
                for (Path file : options.manifests()) {
                    applied.add(Manifests.apply(built, file));
                }
                building.complete(new Built(built, persisted, List.copyOf(applied)));
            } catch (RuntimeException | Error e) {
                if (persisted != null) {
                    persisted.close();
                }
                building.completeExceptionally(e);
            }
        }, "kubepark-start");
        builder.start();
        // the server's key is made on this thread meanwhile
        this.pki = security.tls() ? Pki.load(security.dataDir(), options.host()) : null;
        this.adminToken = pki != null ? pki.adminToken : "kubepark";
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        HttpServerOptions httpOptions = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setCompressionSupported(true).setMaxWebSocketFrameSize(Integer.MAX_VALUE)
                .setMaxWebSocketMessageSize(Integer.MAX_VALUE);
        if (pki != null) {
            httpOptions.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(io.vertx.core.buffer.Buffer.buffer(
                            pki.serverKeyPem)).setCertValue(io.vertx.core.buffer.Buffer.buffer(pki.serverCertPem)))
                    .setTrustOptions(new PemTrustOptions().addCertValue(io.vertx.core.buffer.Buffer.buffer(pki.caPem)))
                    .setClientAuth(ClientAuth.REQUEST);
        }
        HttpServer created = vertx.createHttpServer(httpOptions);
        AtomicReference<HttpApi> handler = new AtomicReference<>();
        created.requestHandler(req -> {
            HttpApi h = handler.get();
            if (h == null) {
                req.response().setStatusCode(503).end();
            } else {
                h.handle(req);
            }
        });
        var listening = created.listen();
        Built built = join(building);
        this.api = built.api();
        this.dataDir = built.dataDir();
        this.applied = built.applied();
        ResourceRegistry registry = api.registry();
        this.namespaceController = new NamespaceController(api, timeline);
        namespaceController.start();
        this.garbageCollector = new GarbageCollector(api, timeline);
        garbageCollector.start();
        this.crdCleanup = new CrdCleanupController(api, timeline);
        crdCleanup.start();
        AtomicReference<TaintEvictionController> evictions = new AtomicReference<>();
        this.podsByNode = new PodsByNode(api, (node, pod) -> {
            TaintEvictionController e = evictions.get();
            if (e != null) {
                e.podChanged(node);
            }
        });
        this.taintEviction = new TaintEvictionController(api, timeline, podsByNode);
        evictions.set(taintEviction);
        taintEviction.start();
        this.nodeLifecycle = new NodeLifecycleController(api, timeline, podsByNode);
        nodeLifecycle.start();
        this.podGc = new PodGarbageCollector(api, timeline, podsByNode);
        podGc.start();
        this.statefulSets = new StatefulSetController(api, timeline, options.enabled("MaxUnavailableStatefulSet"));
        statefulSets.start();
        this.jobs = new JobController(api, timeline);
        jobs.start();
        this.cronJobs = new CronJobController(api, timeline);
        cronJobs.start();
        this.ttlAfterFinished = new TtlAfterFinishedController(api, timeline);
        ttlAfterFinished.start();
        this.disruption = new DisruptionController(api, timeline);
        disruption.start();
        this.replicaSets = new ReplicaSetController(api, timeline, ReplicaKind.REPLICA_SET);
        replicaSets.start();
        this.replicationControllers = new ReplicaSetController(api, timeline, ReplicaKind.REPLICATION_CONTROLLER);
        replicationControllers.start();
        this.deployments = new DeploymentController(api, timeline);
        deployments.start();
        this.daemonSets = new DaemonSetController(api, timeline);
        daemonSets.start();
        this.protection = new ProtectionController(api, timeline);
        protection.start();
        this.volumes = new PersistentVolumeController(api, timeline);
        volumes.start();
        this.resizer = new VolumeResizer(api, timeline);
        resizer.start();
        this.endpoints = new EndpointsController(api, timeline);
        endpoints.start();
        this.dnsView = new StoreDnsView(api, timeline);
        this.dns = new ClusterDns(options.clusterDomain(), options.dnsTtl(), Bootstrap.DNS_SERVICE_IP);
        this.dnsServer = new DnsServer(vertx, dns, dnsView);
        dnsServer.start(options.host(), options.dnsPort());
        this.provisioner = new Provisioner(api, timeline);
        provisioner.start();
        this.kubelets = new Kubelets(api, timeline, options.nodes(), options.nodeShape());
        this.scheduler = new Scheduler(api, timeline, Framework.defaults());
        scheduler.start();
        int port = await(listening).actualPort();
        Discovery discovery = new Discovery(registry, options.host() + ":" + port);
        this.aggregation = security.checked() ? new ClusterRoleAggregation(api) : null;
        this.rootCa = pki != null ? new RootCaPublisher(api, pki.caPem) : null;
        this.http = new HttpApi(vertx, api, discovery, () -> ready, access(security));
        handler.set(http);
        this.server = created;
        this.ready = true;
    }

    private record Built(ApiServer api, DataDir dataDir, List<Manifests.Applied> applied) {}

    /**
     * With a data dir, what its recovery found: the snapshot and log records read, and any torn last record that
     * was dropped; empty without one.
     */
    public List<String> recoveryReport() {
        return dataDir == null ? List.of() : dataDir.report();
    }

    /** What the manifests given at start ({@code --import}, {@code --init-dir}) created, file by file. */
    public List<Manifests.Applied> applied() {
        return applied;
    }

    /** The admin's bearer token, as the kubeconfig carries it. */
    public String adminToken() {
        return adminToken;
    }

    private Access access(Security security) {
        if (!security.checked()) {
            return Access.open();
        }
        java.security.KeyPair signer;
        if (pki != null) {
            signer = pki.caKey;
        } else {
            try {
                // EC P-256 (ES256): made in milliseconds, where an RSA key costs a cold JVM most of a second
                var generator = java.security.KeyPairGenerator.getInstance("EC");
                generator.initialize(256);
                signer = generator.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot make a ServiceAccount token key", e);
            }
        }
        return Access.checked(api, Map.of(adminToken, UserInfo.ADMIN), new ServiceAccountTokens(signer),
                security.tls(), security.authorization());
    }

    /** A builder on loopback, a free port and wall time. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a cluster with the given options. */
    public static KubePark start(KubeParkOptions options) {
        return new KubePark(options, Security.none());
    }

    /** Starts a cluster with the given options, guarding its API as {@code security} says. */
    public static KubePark start(KubeParkOptions options, Security security) {
        return new KubePark(options, security);
    }

    /** How this cluster guards its API. */
    public Security security() {
        return security;
    }

    public KubeParkOptions options() {
        return options;
    }

    /** The port the API server listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The API server's URL, such as {@code http://127.0.0.1:6443} ({@code https} with TLS). */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return (pki != null ? "https://" : "http://") + host + ":" + port();
    }

    /** A kubeconfig (context {@code kubepark}) that kubectl and every client use unchanged. */
    public String kubeconfig() {
        return Kubeconfig.render(url(), pki == null ? null : pki.caData(), adminToken);
    }

    /** Writes {@link #kubeconfig()} to a file, creating its folders, and returns the file. */
    public Path writeKubeconfig(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, kubeconfig());
        return file;
    }

    /** The API, in process: the same write path as HTTP, without a socket. */
    public ApiServer api() {
        return api;
    }

    /** The time on the control plane's clock. */
    public Instant now() {
        return timeline.now();
    }

    /** The control plane's clock, wall or virtual. */
    public Clock clock() {
        return timeline.clock();
    }

    /**
     * Moves the virtual clock forward, firing in order everything that falls due on the way (heartbeats, grace
     * periods, back-offs, delays) and letting each one's consequences settle; returns when the clock stands at its
     * new time and the control plane is idle. Only for a cluster started with {@link Builder#virtualClock()}.
     */
    public void advance(Duration amount) {
        timeline.advance(amount);
    }

    /**
     * Waits until no controller, scheduler or kubelet has work left at the current time. Changes made by clients
     * before this call are fully processed when it returns.
     */
    public void awaitIdle() {
        timeline.awaitIdle();
    }

    /** The port of the cluster DNS, UDP and TCP. */
    public int dnsPort() {
        return dnsServer.port();
    }

    /**
     * Resolves a name in process, as the cluster DNS would answer it: the records of the answer section, empty for
     * a name that does not exist or has no records of that type ({@code org.xbill.DNS.Type.A}, {@code SRV}, ...).
     */
    public List<org.xbill.DNS.Record> lookup(String name, int type) {
        return dns.lookup(name, type, dnsView);
    }

    /** The names of the nodes that have a fake kubelet, in order. */
    public List<String> nodeNames() {
        return kubelets.names();
    }

    /**
     * Fault injection: the node stops renewing its Lease and posting status, as if it lost power. After the
     * node monitor grace period the node turns Unknown and is tainted; its pods are evicted 300 s later.
     */
    public void stopHeartbeats(String node) {
        kubelet(node).stopHeartbeats();
    }

    /** The node's kubelet heartbeats again. */
    public void resumeHeartbeats(String node) {
        kubelet(node).resumeHeartbeats();
    }

    /**
     * Sets how the containers of a pod on a KubePark node behave, ahead of its {@code kubepark.io/} annotations
     * (see docs/behaviour.md): for example {@code ContainerBehaviour.UNSET.withExit(Duration.ofSeconds(5), 1)}.
     */
    public void behave(String namespace, String pod, Map<String, ContainerBehaviour> byContainer) {
        kubelets.behave(namespace, pod, byContainer);
    }

    /**
     * Writes a line to the log of a container's current run, as if the container printed it; {@code kubectl logs}
     * and followers see it. IllegalArgumentException when the pod or container does not exist.
     */
    public void writeLog(String namespace, String pod, String container, String line) {
        var stored = api.store().get(api.type("", "v1", "pods"), namespace, pod);
        if (stored == null) {
            throw new IllegalArgumentException("no pod " + namespace + "/" + pod);
        }
        int restarts = -1;
        for (String field : List.of("containers", "initContainers")) {
            for (var c : stored.node().path("spec").path(field)) {
                if (c.path("name").asText().equals(container)) {
                    restarts = 0;
                }
            }
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("pod " + namespace + "/" + pod + " has no container " + container);
        }
        for (String field : List.of("containerStatuses", "initContainerStatuses")) {
            for (var c : stored.node().path("status").path(field)) {
                if (c.path("name").asText().equals(container)) {
                    restarts = c.path("restartCount").asInt(0);
                }
            }
        }
        api.logs().append(new ContainerLogs.Instance(stored.uid(), container, restarts), timeline.now(), line);
    }

    /**
     * Fault injection: KubePark's provisioner fails every volume of {@code storageClass} with {@code message}
     * (a {@code ProvisioningFailed} event on the claim, its selected node handed back to the scheduler) until
     * {@link #healProvisioning(String)}. A single claim fails the same way when annotated
     * {@code kubepark.io/provisioning-error: <message>}.
     */
    public void failProvisioning(String storageClass, String message) {
        provisioner.failClass(storageClass, message);
    }

    public void healProvisioning(String storageClass) {
        provisioner.healClass(storageClass);
    }

    private Kubelet kubelet(String node) {
        return kubelets.get(node);
    }

    /**
     * Fault injection over HTTP: answer chosen verbs and resources with an error status, end open watches, or
     * expire the next watch with 410 Gone. KubePark's own controllers are not affected.
     */
    public Faults faults() {
        return http.faults();
    }

    /**
     * The journal of what the control plane did from now on: which controller, kubelet, scheduler or client
     * created, changed or deleted which object, at what time on the control plane's clock. It starts recording
     * on the first call.
     */
    public synchronized Journal journal() {
        if (journal == null) {
            journal = new Journal(timeline.clock());
            api.store().addCommitListener(journal);
        }
        return journal;
    }

    /** Stops serving and releases every thread. */
    @Override
    public void close() {
        ready = false;
        if (aggregation != null) {
            aggregation.close();
        }
        if (rootCa != null) {
            rootCa.close();
        }
        scheduler.close();
        kubelets.close();
        statefulSets.close();
        cronJobs.close();
        jobs.close();
        ttlAfterFinished.close();
        disruption.close();
        deployments.close();
        replicaSets.close();
        replicationControllers.close();
        daemonSets.close();
        protection.close();
        volumes.close();
        resizer.close();
        endpoints.close();
        dnsServer.close();
        dnsView.close();
        provisioner.close();
        podGc.close();
        nodeLifecycle.close();
        taintEviction.close();
        podsByNode.close();
        namespaceController.close();
        garbageCollector.close();
        crdCleanup.close();
        timeline.close();
        if (dataDir != null) {
            dataDir.close();
        }
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            // closing is best effort
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting KubePark", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("KubePark could not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("KubePark did not start within 60 s", e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting KubePark", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("KubePark could not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("KubePark did not start within 30 s", e);
        }
    }

    /** Options for a new cluster; {@link #start()} starts it. */
    public static final class Builder {
        private String host = KubeParkOptions.DEFAULT_HOST;
        private int port;
        private int historyLimit = KubeParkOptions.DEFAULT_HISTORY;
        private boolean virtualClock;
        private int nodes = KubeParkOptions.DEFAULT_NODES;
        private NodeShape nodeShape = NodeShape.DEFAULT;
        private final Map<String, Boolean> featureGates = new java.util.HashMap<>();
        private boolean storageClasses = true;
        private int dnsPort;
        private String clusterDomain = KubeParkOptions.DEFAULT_CLUSTER_DOMAIN;
        private int dnsTtl = KubeParkOptions.DEFAULT_DNS_TTL;
        private Path dataDir;
        private int snapshotEvery = KubeParkOptions.DEFAULT_SNAPSHOT_EVERY;
        private final List<Path> manifests = new java.util.ArrayList<>();

        private Builder() {}

        /** Address to listen on; loopback by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Events each resource keeps for watches that resume and lists that continue. */
        public Builder historyLimit(int events) {
            this.historyLimit = events;
            return this;
        }

        /**
         * Runs the control plane on a virtual clock that starts at the current second and moves only when
         * {@link KubePark#advance(Duration)} is called. Wall time is the default.
         */
        public Builder virtualClock() {
            this.virtualClock = true;
            return this;
        }

        /** How many nodes, each with a fake kubelet, to start: {@code node-1} to {@code node-N}; 3 by default. */
        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /** The capacity of every node; 4 cpu, 16Gi memory and 110 pods by default. */
        public Builder nodeShape(NodeShape shape) {
            this.nodeShape = shape;
            return this;
        }

        /**
         * Whether the cluster starts with the StorageClasses {@code standard} (the default class) and {@code local};
         * true by default.
         */
        public Builder defaultStorageClasses(boolean create) {
            this.storageClasses = create;
            return this;
        }

        /** UDP and TCP port of the cluster DNS; 0 (the default) picks a free one. */
        public Builder dnsPort(int port) {
            this.dnsPort = port;
            return this;
        }

        /** TTL of the cluster DNS's answers, in seconds; 30 by default, as in kind. */
        public Builder dnsTtl(int seconds) {
            this.dnsTtl = seconds;
            return this;
        }

        /** The cluster's DNS domain; {@code cluster.local} by default. */
        public Builder clusterDomain(String domain) {
            this.clusterDomain = domain;
            return this;
        }

        /**
         * Keeps the cluster's state in {@code dir}: every write is logged and forced to disk before it is
         * acknowledged, and a cluster started later on the same folder has every object with its uid and
         * resourceVersion. See docs/persistence.md.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** With a data dir, how many logged writes lead to a new snapshot; 10,000 by default. */
        public Builder snapshotEvery(int records) {
            this.snapshotEvery = records;
            return this;
        }

        /**
         * Creates the objects of a YAML or JSON file at start, after the cluster's own: namespaces first, then
         * CustomResourceDefinitions, then the rest. Objects that already exist (in a restored data dir) are left as
         * they are. Files are applied in the order given.
         */
        public Builder apply(Path file) {
            manifests.add(file);
            return this;
        }

        /** Switches a feature gate, such as {@code MaxUnavailableStatefulSet}, away from its v1.33 default. */
        public Builder featureGate(String gate, boolean enabled) {
            featureGates.put(gate, enabled);
            return this;
        }

        public KubeParkOptions options() {
            return new KubeParkOptions(host, port, historyLimit, virtualClock, nodes, nodeShape, featureGates,
                    storageClasses, dnsPort, clusterDomain, dnsTtl, dataDir, snapshotEvery, manifests);
        }

        public KubePark start() {
            return KubePark.start(options());
        }
    }
}
