package io.kubepark.benchmarks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The API workload, run with one fabric8 client against one server. Each measure uses names of its
 * own, so no measure sees objects another one created (except gets, which read the 1-thread creates).
 */
final class Workload {
    private static final int THREADS = 8;
    private static final int WARMUP = 500;
    private static final int POD_WARMUP = 200;
    private static final int LISTS = 50;
    private static final int WATCH_EVENTS = 300;
    private static final long EVENT_TIMEOUT_MS = 10_000;

    private final KubernetesClient client;
    private final Options options;
    private final Deadline deadline;
    private final Consumer<String> progress;

    Workload(KubernetesClient client, Options options, Deadline deadline, Consumer<String> progress) {
        this.client = client;
        this.options = options;
        this.deadline = deadline;
        this.progress = progress;
    }

    /** Write and read throughput: creates on one and eight threads, then gets. */
    void runThroughput(Map<Measure, Double> results) {
        creates(results, Measure.CREATES_1_THREAD, Measure.CREATES_8_THREADS);
        record(results, Measure.GETS_1_THREAD, getsPerSecond());
    }

    /**
     * Creates on one and eight threads against a server started with {@code --data-dir}, where each write is
     * appended to the log and forced to disk before it is answered.
     */
    void runDurableWrites(Map<Measure, Double> results) {
        creates(results, Measure.DURABLE_CREATES_1_THREAD, Measure.DURABLE_CREATES_8_THREADS);
    }

    /** After the warm-up, ConfigMap creates in namespace {@code bench} on one thread, then on eight. */
    private void creates(Map<Measure, Double> results, Measure oneThread, Measure eightThreads) {
        for (String ns : List.of("warm", "bench")) {
            createNamespace(ns);
        }
        warmUp();
        record(results, oneThread, createsPerSecondOneThread());
        record(results, eightThreads, createsPerSecondEightThreads());
    }

    /**
     * Watch latency, then the label-selected list over {@code --objects} objects. The harness runs this on a fresh
     * server, so neither measure pays for the objects the throughput measures left behind.
     */
    void runWatchAndList(Map<Measure, Double> results) {
        for (String ns : List.of("warm", "big", "watch")) {
            createNamespace(ns);
        }
        warmUp();
        double[] latencies = watchLatenciesMillis();
        record(results, Measure.WATCH_MEDIAN, Stats.median(latencies));
        record(results, Measure.WATCH_P99, Stats.percentile(latencies, 99));
        record(results, Measure.SELECTED_LIST, selectedListMillis());
    }

    /**
     * Pods from create to Running on a server with 100 nodes, after 200 pods of warm-up: one at a time (latency),
     * then 1,000 created by eight threads (throughput and time until the last one runs). A watch on the namespace
     * sees each pod's phase.
     */
    void runPods(Map<Measure, Double> results) {
        createNamespace("pods");
        Map<String, Long> running = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        try (Watch watch = client.pods().inNamespace("pods").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                        && running.putIfAbsent(name, System.nanoTime()) == null) {
                    CountDownLatch latch = waiting.get(name);
                    if (latch != null) {
                        latch.countDown();
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the measure notices missing pods by its timeout
            }
        })) {
            progress.accept("warming up (" + POD_WARMUP + " pods one at a time)");
            for (int i = 0; i < POD_WARMUP; i++) {
                deadline.check("warming up pods");
                String name = "warm-" + i;
                CountDownLatch latch = new CountDownLatch(1);
                waiting.put(name, latch);
                createPod(name);
                awaitLatch(latch, name);
            }
            progress.accept("pods one at a time (100)");
            double[] latencies = new double[100];
            for (int i = 0; i < latencies.length; i++) {
                deadline.check("measuring pod start latency");
                String name = "single-" + i;
                CountDownLatch latch = new CountDownLatch(1);
                waiting.put(name, latch);
                long start = System.nanoTime();
                createPod(name);
                awaitLatch(latch, name);
                latencies[i] = (running.get(name) - start) / 1e6;
            }
            record(results, Measure.POD_RUNNING_MEDIAN, Stats.median(latencies));
            int pods = 1_000;
            CountDownLatch all = new CountDownLatch(pods);
            for (int i = 0; i < pods; i++) {
                waiting.put("burst-" + i, all);
            }
            progress.accept("creating " + pods + " pods with " + THREADS + " threads");
            long start = System.nanoTime();
            inParallel("creating pods", thread -> {
                for (int i = thread; i < pods; i += THREADS) {
                    deadline.check("creating pods");
                    createPod("burst-" + i);
                }
            });
            try {
                if (!all.await(120, TimeUnit.SECONDS)) {
                    throw new BenchmarkException(all.getCount() + " of " + pods + " pods were not Running after 120 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted while waiting for pods", e);
            }
            long last = running.entrySet().stream().filter(e -> e.getKey().startsWith("burst-"))
                    .mapToLong(Map.Entry::getValue).max().orElseThrow();
            double seconds = (last - start) / 1e9;
            record(results, Measure.PODS_PER_SECOND, pods / seconds);
            record(results, Measure.PODS_ALL_RUNNING, seconds);
        }
    }

    /**
     * StatefulSets on the server with 100 nodes: the time from the create until {@code status.readyReplicas} reaches
     * the replica count, for 10 replicas OrderedReady (one pod after the other) and 100 Parallel; median of 3 each.
     */
    void runStatefulSets(Map<Measure, Double> results) {
        createNamespace("sets");
        record(results, Measure.STS_ORDERED_10, Stats.median(new double[] {
                statefulSetReadyMillis("ordered-1", 10, "OrderedReady", false),
                statefulSetReadyMillis("ordered-2", 10, "OrderedReady", false),
                statefulSetReadyMillis("ordered-3", 10, "OrderedReady", false)}));
        record(results, Measure.STS_ORDERED_10_CLAIMS, Stats.median(new double[] {
                statefulSetReadyMillis("claims-1", 10, "OrderedReady", true),
                statefulSetReadyMillis("claims-2", 10, "OrderedReady", true),
                statefulSetReadyMillis("claims-3", 10, "OrderedReady", true)}));
        record(results, Measure.STS_PARALLEL_100, Stats.median(new double[] {
                statefulSetReadyMillis("parallel-1", 100, "Parallel", false),
                statefulSetReadyMillis("parallel-2", 100, "Parallel", false),
                statefulSetReadyMillis("parallel-3", 100, "Parallel", false)}));
        record(results, Measure.DEPLOYMENT_ROLLOUT_100, deploymentRolloutMillis("roll", 100));
    }

    /**
     * A Deployment of {@code replicas} instant containers: once all are available, its image changes three times;
     * each time, the milliseconds from the change until the rollout is complete as {@code kubectl rollout status}
     * judges it (observedGeneration caught up, every replica updated and available). The median of the three.
     */
    private double deploymentRolloutMillis(String name, int replicas) {
        deadline.check("measuring Deployments");
        Map<String, String> labels = Map.of("app", name);
        client.apps().deployments().inNamespace("sets").resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
                .withMatchLabels(labels).endSelector().withNewTemplate().withNewMetadata().withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.26").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        awaitRolledOut(name, replicas);
        double[] millis = new double[3];
        for (int i = 0; i < millis.length; i++) {
            String image = "nginx:1.27." + i;
            long start = System.nanoTime();
            client.apps().deployments().inNamespace("sets").withName(name).edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                return d;
            });
            awaitRolledOut(name, replicas);
            millis[i] = (System.nanoTime() - start) / 1e6;
            progress.accept("Deployment " + name + " rolled to " + image + " in "
                    + String.format(Locale.ROOT, "%.0f", millis[i]) + " ms");
        }
        return Stats.median(millis);
    }

    private void awaitRolledOut(String name, int replicas) {
        try {
            client.apps().deployments().inNamespace("sets").withName(name).waitUntilCondition(d -> {
                var s = d.getStatus();
                return s != null && s.getObservedGeneration() != null
                        && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                        && Integer.valueOf(replicas).equals(s.getUpdatedReplicas())
                        && Integer.valueOf(replicas).equals(s.getReplicas())
                        && Integer.valueOf(replicas).equals(s.getAvailableReplicas());
            }, 120, TimeUnit.SECONDS);
        } catch (KubernetesClientException e) {
            throw new BenchmarkException("Deployment " + name + " did not finish its rollout within 120 s", e);
        }
    }

    private double statefulSetReadyMillis(String name, int replicas, String policy, boolean claims) {
        deadline.check("measuring StatefulSets");
        CountDownLatch ready = new CountDownLatch(1);
        long[] readyAt = new long[1];
        try (Watch watch = client.apps().statefulSets().inNamespace("sets").withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, StatefulSet set) {
                Integer count = set.getStatus() == null ? null : set.getStatus().getReadyReplicas();
                if (count != null && count == replicas && ready.getCount() > 0) {
                    readyAt[0] = System.nanoTime();
                    ready.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the measure notices by its timeout
            }
        })) {
            Map<String, String> labels = Map.of("app", name);
            long start = System.nanoTime();
            StatefulSetBuilder set = new StatefulSetBuilder().withNewMetadata()
                    .withName(name).endMetadata().withNewSpec().withReplicas(replicas).withServiceName(name)
                    .withPodManagementPolicy(policy).withNewSelector().withMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                    .addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec().endTemplate()
                    .endSpec();
            if (claims) {
                set.editSpec().addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                        .addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec().endVolumeClaimTemplate().endSpec();
            }
            client.apps().statefulSets().inNamespace("sets").resource(set.build()).create();
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new BenchmarkException("StatefulSet " + name + " was not Ready within 60 s");
            }
            double millis = (readyAt[0] - start) / 1e6;
            progress.accept("StatefulSet " + name + " (" + replicas + " " + policy + ") Ready after "
                    + String.format(Locale.ROOT, "%.0f", millis) + " ms");
            return millis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for StatefulSet " + name, e);
        }
    }

    /** A port free for both UDP and TCP on loopback now, for the server's DNS. */
    static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(port)) {
                    return port;
                }
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new BenchmarkException("no port free for both UDP and TCP");
    }

    /**
     * DNS throughput: 1,000 ClusterIP Services in namespace {@code dns}, then eight threads each asking A records of
     * random ones over UDP with dnsjava's resolver; every answer must hold one address.
     */
    void runDns(Map<Measure, Double> results, int dnsPort) {
        createNamespace("dns");
        int services = 1_000;
        progress.accept("creating " + services + " Services in namespace dns (8 threads)");
        inParallel("creating services", thread -> {
            for (int i = thread; i < services; i += THREADS) {
                deadline.check("creating services");
                client.services().inNamespace("dns").resource(new ServiceBuilder()
                        .withNewMetadata().withName("svc-" + i).endMetadata().withNewSpec().addNewPort().withPort(80)
                        .endPort().endSpec().build()).create();
            }
        });
        int perThread = 2_500;
        progress.accept("asking " + (perThread * THREADS) + " A queries over UDP (8 threads)");
        long elapsed = inParallel("measuring DNS", thread -> {
            try {
                SimpleResolver resolver = new SimpleResolver("127.0.0.1");
                resolver.setPort(dnsPort);
                resolver.setTimeout(java.time.Duration.ofSeconds(5));
                Random random = new Random(thread);
                for (int i = 0; i < perThread; i++) {
                    if (i % 100 == 0) {
                        deadline.check("measuring DNS");
                    }
                    String name = "svc-" + random.nextInt(services) + ".dns.svc.cluster.local.";
                    Message answer = resolver.send(Message.newQuery(
                            org.xbill.DNS.Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
                    if (answer.getSection(Section.ANSWER).size() != 1) {
                        throw new BenchmarkException("no address for " + name + ": " + answer);
                    }
                }
            } catch (IOException e) {
                throw new BenchmarkException("DNS query failed: " + e.getMessage(), e);
            }
        });
        record(results, Measure.DNS_QUERIES, perSecond((long) perThread * THREADS, elapsed));
    }

    private void awaitLatch(CountDownLatch latch, String name) {
        try {
            if (!latch.await(EVENT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new BenchmarkException("pod " + name + " was not Running within " + EVENT_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for pod " + name, e);
        }
    }

    private void createPod(String name) {
        client.pods().inNamespace("pods").resource(new PodBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27")
                .endContainer().endSpec().build()).create();
    }

    private void record(Map<Measure, Double> results, Measure measure, double value) {
        results.put(measure, value);
        progress.accept(measure.label(options) + ": " + measure.format(value));
    }

    private void warmUp() {
        progress.accept("warming up (" + WARMUP + " creates and gets)");
        for (int i = 0; i < WARMUP; i++) {
            deadline.check("warming up");
            String name = "warm-" + i;
            create("warm", name, Map.of());
            get("warm", name);
        }
    }

    private double createsPerSecondOneThread() {
        int ops = options.ops();
        long start = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            deadline.check("measuring creates with 1 thread");
            create("bench", "one-" + i, Map.of());
        }
        return perSecond(ops, System.nanoTime() - start);
    }

    private double createsPerSecondEightThreads() {
        int ops = options.ops();
        long elapsed = inParallel("measuring creates with 8 threads", thread -> {
            for (int i = 0; i < ops; i++) {
                deadline.check("measuring creates with 8 threads");
                create("bench", "eight-" + thread + "-" + i, Map.of());
            }
        });
        return perSecond((long) ops * THREADS, elapsed);
    }

    private double getsPerSecond() {
        int ops = options.ops();
        long start = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            deadline.check("measuring gets");
            get("bench", "one-" + i);
        }
        return perSecond(ops, System.nanoTime() - start);
    }

    private double selectedListMillis() {
        int objects = options.objects();
        progress.accept("loading " + objects + " ConfigMaps into namespace big (8 threads)");
        inParallel("loading namespace big", thread -> {
            for (int i = thread + 1; i <= objects; i += THREADS) {
                deadline.check("loading namespace big");
                Map<String, String> labels = i % 100 == 0
                        ? Map.of("app", "bench", "pick", "yes")
                        : Map.of("app", "bench");
                create("big", "big-" + i, labels);
            }
        });
        int expected = objects / 100;
        double[] millis = new double[LISTS];
        for (int i = 0; i < LISTS; i++) {
            deadline.check("measuring label-selected lists");
            long start = System.nanoTime();
            ConfigMapList list = client.configMaps().inNamespace("big").withLabel("pick", "yes").list();
            millis[i] = (System.nanoTime() - start) / 1e6;
            int found = list.getItems().size();
            if (found != expected) {
                throw new BenchmarkException("label-selected list returned " + found
                        + " ConfigMaps, expected " + expected + " (pick=yes on every 100th of " + objects + ")");
            }
        }
        return Stats.mean(millis);
    }

    private double[] watchLatenciesMillis() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Watcher<ConfigMap> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                if (action == Action.ADDED) {
                    events.add(new Added(resource.getMetadata().getName(), System.nanoTime()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add(cause);
            }
        };
        try (Watch ignored = client.configMaps().inNamespace("watch").watch(watcher)) {
            create("watch", "primer", Map.of());
            awaitAdded(events, "primer"); // the watch delivers; not timed
            double[] millis = new double[WATCH_EVENTS];
            for (int i = 0; i < WATCH_EVENTS; i++) {
                deadline.check("measuring watch latency");
                String name = "w-" + i;
                long start = System.nanoTime();
                create("watch", name, Map.of());
                millis[i] = (awaitAdded(events, name) - start) / 1e6;
            }
            return millis;
        }
    }

    /** Waits for the ADDED event of {@code name} and returns when it arrived (System.nanoTime). */
    private long awaitAdded(BlockingQueue<Object> events, String name) {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(EVENT_TIMEOUT_MS, deadline.remainingMillis()));
        while (true) {
            long waitNanos = giveUp - System.nanoTime();
            Object event;
            try {
                event = waitNanos > 0 ? events.poll(waitNanos, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted while waiting for a watch event", e);
            }
            if (event == null) {
                deadline.check("waiting for the ADDED event of " + name);
                throw new BenchmarkException("no ADDED event for ConfigMap " + name + " within "
                        + EVENT_TIMEOUT_MS + " ms");
            }
            if (event instanceof WatcherException closed) {
                throw new BenchmarkException("the watch closed: " + closed.getMessage(), closed);
            }
            Added added = (Added) event;
            if (added.name().equals(name)) {
                return added.nanos();
            }
        }
    }

    private record Added(String name, long nanos) {
    }

    /**
     * Runs {@code body} on 8 threads at once (each gets its index) and returns the nanoseconds from
     * the common start to the end of the last one.
     */
    private long inParallel(String step, IntConsumer body) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    body.accept(thread);
                    return null;
                }));
            }
            if (!ready.await(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw deadline.timedOut(step);
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            }
            return System.nanoTime() - start;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new BenchmarkException(step + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw deadline.timedOut(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while " + step, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void createNamespace(String name) {
        try {
            client.namespaces()
                    .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private void create(String namespace, String name, Map<String, String> labels) {
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .addToData("greeting", "hello")
                .addToData("name", name)
                .build();
        client.configMaps().inNamespace(namespace).resource(configMap).create();
    }

    private void get(String namespace, String name) {
        ConfigMap found = client.configMaps().inNamespace(namespace).withName(name).get();
        if (found == null) {
            throw new BenchmarkException("GET of ConfigMap " + namespace + "/" + name + " found nothing");
        }
    }

    private static double perSecond(long operations, long nanos) {
        return operations / (nanos / 1e9);
    }
}
