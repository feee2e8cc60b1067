package io.kubepark.benchmarks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Measures KubePark against fabric8's {@code KubernetesMockServer} in CRUD mode and prints a
 * Markdown table comparing them.
 *
 * <p>Each server runs as a child JVM (they need different Vert.x major versions); the client, the
 * same fabric8 {@code kubernetes-client} with its JDK HTTP client for both, runs here. Per target:
 * three cold starts timed from process start to the first 200 answer, then, on the third process,
 * a warm-up and the API measures of {@link Workload}. Each target has a hard cap of five minutes.
 *
 * <p>Run it with {@code benchmarks/run.sh} from the repository root; {@code --help} lists the
 * options. Progress goes to stderr, the table to stdout (and to {@code --out FILE} if given). The
 * exit status is 0 if every target completed, 1 if one failed, 2 for a wrong command line.
 */
public final class Harness {
    /** The most one target may take, cold starts included. */
    static final Duration CAP_PER_TARGET = Duration.ofMinutes(5);
    /** Time granted beyond the cap for requests in flight to fail before the target is abandoned. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final int COLD_STARTS = 3;

    private Harness() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link Options#USAGE}
     * @throws IOException if the scratch directory or the {@code --out} file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::closeAll, "stop-servers"));

        Path work = Files.createTempDirectory("kubepark-bench-");
        Map<Target, Map<Measure, Double>> results = new EnumMap<>(Target.class);
        Map<Target, String> failures = new EnumMap<>(Target.class);
        try {
            for (Target target : options.targets()) {
                Map<Measure, Double> values = Collections.synchronizedMap(new EnumMap<>(Measure.class));
                results.put(target, values);
                String failure = measureWithCap(target, options, work, values);
                if (failure != null) {
                    System.err.println("[" + target.displayName() + "] FAILED: " + failure);
                    failures.put(target, failure);
                }
            }
        } finally {
            deleteTree(work);
        }

        String report = Report.render(options, results, failures, command(args));
        System.out.println();
        System.out.print(report);
        if (options.out() != null) {
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
            System.err.println("Table written to " + options.out().toAbsolutePath());
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * Measures {@code target} on a worker thread, abandoning it (and killing its server) if it
     * overruns the cap even though every loop checks the deadline.
     *
     * @return null on success, else why it failed
     */
    private static String measureWithCap(Target target, Options options, Path work, Map<Measure, Double> values) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                measure(target, options, work, values);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, target.displayName() + "-benchmark");
        worker.start();
        try {
            worker.join(CAP_PER_TARGET.plus(GRACE).toMillis());
            if (worker.isAlive()) {
                ServerProcess.closeAll();
                worker.interrupt();
                worker.join(GRACE.toMillis());
                return target.displayName() + " did not finish within the " + CAP_PER_TARGET.toMinutes()
                        + "-minute cap; its server was stopped and the run aborted.";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        Throwable t = failure.get();
        if (t == null) {
            return null;
        }
        if (t instanceof BenchmarkException) {
            return t.getMessage();
        }
        t.printStackTrace();
        return causeChain(t);
    }

    /** "Outer: message <- Cause: message <- ...", since client exceptions often say little on top. */
    private static String causeChain(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 5; c = c.getCause()) {
            parts.add(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
        return String.join(" <- ", parts);
    }

    private static void measure(Target target, Options options, Path work, Map<Measure, Double> values)
            throws IOException {
        Consumer<String> progress = line -> System.err.println("[" + target.displayName() + "] " + line);
        Deadline deadline = Deadline.in(target.displayName(), CAP_PER_TARGET);
        Path dir = Files.createDirectories(work.resolve(target.name().toLowerCase(Locale.ROOT)));

        double[] firstAnswer = new double[COLD_STARTS];
        ServerProcess server = null;
        try {
            for (int i = 0; i < COLD_STARTS; i++) {
                server = ServerProcess.start(target, options, dir);
                firstAnswer[i] = server.awaitFirstAnswer(deadline);
                progress.accept(String.format(Locale.ROOT, "cold start %d: first answer after %.0f ms",
                        i + 1, firstAnswer[i]));
                if (i < COLD_STARTS - 1) {
                    server.close();
                    server = null;
                }
            }
            values.put(Measure.FIRST_ANSWER, Stats.median(firstAnswer));

            runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                    .runThroughput(values));
            server.close();
            server = ServerProcess.start(target, options, dir);
            server.awaitFirstAnswer(deadline);
            runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                    .runWatchAndList(values));
            if (target == Target.KUBEPARK) {
                server.close();
                Path data = Files.createDirectories(dir.resolve("data"));
                server = ServerProcess.start(target, options, dir, List.of("--data-dir", data.toString()));
                server.awaitFirstAnswer(deadline);
                runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                        .runDurableWrites(values));
                // pods run only where a scheduler and kubelets exist; the mock stores them and nothing more
                server.close();
                server = ServerProcess.start(target, options, dir, List.of("--nodes", "100"));
                server.awaitFirstAnswer(deadline);
                runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                        .runPods(values));
                runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                        .runStatefulSets(values));
                server.close();
                int dnsPort = Workload.freePort();
                server = ServerProcess.start(target, options, dir, List.of("--dns-port", Integer.toString(dnsPort)));
                server.awaitFirstAnswer(deadline);
                runOn(server, deadline, progress, client -> new Workload(client, options, deadline, progress)
                        .runDns(values, dnsPort));
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Runs one phase of the workload against a server, naming its exit when it died under the load. */
    private static void runOn(ServerProcess server, Deadline deadline, Consumer<String> progress,
            Consumer<KubernetesClient> phase) {
        String url = server.url(deadline);
        progress.accept("measuring the API at " + url);
        try (KubernetesClient client = newClient(url)) {
            phase.accept(client);
        } catch (RuntimeException e) {
            if (!server.isAlive()) {
                throw new BenchmarkException(e.getMessage() + "; the server had exited" + server.tail(), e);
            }
            throw e;
        }
    }

    /** A fabric8 client for {@code url} that ignores any kubeconfig and never retries. */
    private static KubernetesClient newClient(String url) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder()
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(config)
                .build();
    }

    /** The command line, as run.sh reports it, or as this JVM was started. */
    private static String command(String[] args) {
        String fromScript = System.getProperty("kubepark.bench.command");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript.strip();
        }
        return String.join(" ", Stream.concat(
                Stream.of("java", "-cp", "<classpath>", Harness.class.getName()), Stream.of(args)).toList());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
