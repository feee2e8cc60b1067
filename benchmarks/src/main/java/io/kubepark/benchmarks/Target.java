package io.kubepark.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A server the harness measures: how to start it, and how to learn its URL from its output. */
enum Target {
    /**
     * {@code java -jar kubepark.jar serve --insecure-http}: plain HTTP, as the mock server serves, so both are
     * measured without TLS and the harness's clients need no credentials. Its first line reads
     * {@code KubePark <version> serves the Kubernetes v1.33 API at http://127.0.0.1:<port>}.
     */
    KUBEPARK("kubepark", "KubePark") {
        private final Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");

        @Override
        List<String> command(String java, Options options, Path workDir) {
            Path jar = options.kubeparkJar();
            if (!Files.isRegularFile(jar)) {
                throw new BenchmarkException("KubePark jar not found at " + jar.toAbsolutePath()
                        + "; build it (mvn -pl emulator -am package) or pass --kubepark-jar");
            }
            return List.of(java, "-jar", jar.toAbsolutePath().toString(), "serve",
                    "--host", "127.0.0.1", "--port", "0",
                    "--kubeconfig", workDir.resolve("kubeconfig").toString(), "--insecure-http");
        }

        @Override
        Optional<String> url(String line) {
            if (!line.startsWith("KubePark")) {
                return Optional.empty();
            }
            Matcher m = url.matcher(line);
            return m.find() ? Optional.of(m.group()) : Optional.empty();
        }
    },

    /** {@link MockServerMain} on this module's classpath; it prints {@code READY <port>}. */
    MOCK("mock", "fabric8 mock") {
        @Override
        List<String> command(String java, Options options, Path workDir) {
            return List.of(java, "-cp", absoluteClassPath(), MockServerMain.class.getName());
        }

        /** The harness's own class path, made absolute because the child runs in another directory. */
        private String absoluteClassPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !entry.isEmpty())
                    .map(entry -> Path.of(entry).toAbsolutePath().toString())
                    .collect(Collectors.joining(File.pathSeparator));
        }

        @Override
        Optional<String> url(String line) {
            if (!line.startsWith(MockServerMain.READY)) {
                return Optional.empty();
            }
            int port = Integer.parseInt(line.substring(MockServerMain.READY.length()).trim());
            return Optional.of("http://127.0.0.1:" + port);
        }
    };

    private final String cliName;
    private final String displayName;

    Target(String cliName, String displayName) {
        this.cliName = cliName;
        this.displayName = displayName;
    }

    /** The name used in the table. */
    String displayName() {
        return displayName;
    }

    /** The command line that starts this server, in {@code workDir}, with the JVM {@code java}. */
    abstract List<String> command(String java, Options options, Path workDir);

    /** The server's base URL if {@code line} of its stdout announces it. */
    abstract Optional<String> url(String line);

    /** The target called {@code name} on the command line ({@code kubepark} or {@code mock}). */
    static Target named(String name) {
        for (Target t : values()) {
            if (t.cliName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--only takes kubepark or mock, not " + name);
    }
}
