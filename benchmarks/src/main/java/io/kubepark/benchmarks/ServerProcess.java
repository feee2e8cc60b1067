package io.kubepark.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server child process. Its stdout and stderr are merged and read on a daemon thread, which
 * picks out the line announcing the URL and keeps the last lines for error messages.
 */
final class ServerProcess implements AutoCloseable {
    /** Path probed to decide that the server answers. */
    static final String PROBE_PATH = "/api/v1/namespaces/default/configmaps";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int TAIL_LINES = 40;
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    private final Target target;
    private final Process process;
    private final long startNanos;
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private ServerProcess(Target target, Process process, long startNanos) {
        this.target = target;
        this.process = process;
        this.startNanos = startNanos;
        LIVE.add(this);
        Thread reader = new Thread(this::readOutput, target.displayName() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code target} in {@code workDir} with the same JVM that runs the harness. */
    static ServerProcess start(Target target, Options options, Path workDir) {
        return start(target, options, workDir, List.of());
    }

    /** As {@link #start(Target, Options, Path)}, with more arguments on the server's command line. */
    static ServerProcess start(Target target, Options options, Path workDir, List<String> extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(target.command(java, options, workDir));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        long start = System.nanoTime();
        try {
            return new ServerProcess(target, builder.start(), start);
        } catch (IOException e) {
            throw new BenchmarkException("cannot start " + target.displayName() + ": " + String.join(" ", command), e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
                if (!url.isDone()) {
                    target.url(line).ifPresent(url::complete);
                }
            }
        } catch (IOException | RuntimeException e) {
            url.completeExceptionally(e);
        }
        url.completeExceptionally(new IllegalStateException("output ended without announcing a URL"));
    }

    /**
     * Waits for the server to announce its URL, then polls {@link #PROBE_PATH} every 5 ms until it
     * answers 200.
     *
     * @return milliseconds from process start to the first 200 answer
     */
    double awaitFirstAnswer(Deadline deadline) {
        String base = url(deadline);
        URI probe = URI.create(base + PROBE_PATH);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(probe).timeout(PROBE_TIMEOUT).GET().build();
        int lastStatus = -1;
        while (true) {
            deadline.check("waiting for " + target.displayName() + " to answer " + probe
                    + " (last status " + lastStatus + ")");
            requireAlive("waiting for its first answer");
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                lastStatus = response.statusCode();
                if (lastStatus == 200) {
                    return (System.nanoTime() - startNanos) / 1e6;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                lastStatus = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted while probing " + probe, e);
            }
            sleep(PROBE_INTERVAL);
        }
    }

    /** The base URL the server announced; waits for it within the deadline. */
    String url(Deadline deadline) {
        try {
            String announced = url.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            requireLoopback(announced);
            return announced;
        } catch (TimeoutException e) {
            throw deadline.timedOut("waiting for " + target.displayName() + " to print its URL" + tail());
        } catch (ExecutionException e) {
            throw new BenchmarkException(target.displayName() + " did not announce its URL ("
                    + e.getCause().getMessage() + ")" + exitStatus() + tail(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for " + target.displayName(), e);
        }
    }

    /** Throws, with the process's last output, if it has exited. */
    void requireAlive(String step) {
        if (!process.isAlive()) {
            throw new BenchmarkException(target.displayName() + " exited while " + step + exitStatus() + tail());
        }
    }

    private static void requireLoopback(String base) {
        try {
            String host = URI.create(base).getHost();
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new BenchmarkException("refusing non-loopback server URL " + base);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String exitStatus() {
        return process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
    }

    /** The process's last lines of output, formatted for an error message. */
    String tail() {
        synchronized (tail) {
            if (tail.isEmpty()) {
                return "; it printed nothing";
            }
            return "; its last output:" + System.lineSeparator() + "    "
                    + String.join(System.lineSeparator() + "    ", tail);
        }
    }

    /** Closes stdin, then asks the process to stop, and kills it if it has not after 10 seconds. */
    @Override
    public void close() {
        LIVE.remove(this);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it may have exited already
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every server process still running (on Ctrl-C, or when a target overruns its cap). */
    static void closeAll() {
        for (ServerProcess p : List.copyOf(LIVE)) {
            p.close();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
    }
}
