package io.kubepark.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster the scenarios run against: the one whose kubeconfig {@code -Dkubepark.kubeconfig} names, or else
 * a {@code kubepark serve} process started from the runnable jar on a free port.
 */
final class Cluster implements AutoCloseable {
    private final Path kubeconfig;
    private final Process process;
    private final Path dataDir;

    private Cluster(Path kubeconfig, Process process, Path dataDir) {
        this.kubeconfig = kubeconfig;
        this.process = process;
        this.dataDir = dataDir;
    }

    /** The data dir of a started server (its CA and credentials under pki/), or null for a given cluster. */
    Path dataDir() {
        return dataDir;
    }

    static Cluster start() throws IOException {
        return start(List.of());
    }

    /** As {@link #start()}, a started server taking more arguments, such as {@code --authorization rbac}. */
    static Cluster start(List<String> extra) throws IOException {
        String given = System.getProperty("kubepark.kubeconfig");
        if (given != null && !given.isBlank()) {
            return new Cluster(Path.of(given), null, null);
        }
        Path dir = Files.createTempDirectory("kubepark-conformance");
        Path kubeconfig = dir.resolve("kubeconfig");
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--dns-port", "0", "--kubeconfig",
                kubeconfig.toString(), "--data-dir", dir.resolve("data").toString()));
        args.addAll(extra);
        Process process = serve(args).process();
        return new Cluster(kubeconfig, process, dir.resolve("data"));
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /** A {@code kubepark serve} process and what it printed until it was ready. */
    record Serve(Process process, String output) {
    }

    /** Starts {@code kubepark serve ARGS} from the runnable jar and returns once it says it is ready. */
    static Serve serve(List<String> args) throws IOException {
        Path jar = Path.of(System.getProperty("kubepark.jar", "../emulator/target/kubepark.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -B verify` (or `mvn package`)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "serve"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        if (line == null) {
            throw new IllegalStateException("kubepark serve ended before it was ready:\n" + seen);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "kubepark-serve-output");
        drain.setDaemon(true);
        drain.start();
        return new Serve(process, seen.toString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
