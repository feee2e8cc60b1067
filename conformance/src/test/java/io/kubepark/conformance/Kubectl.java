package io.kubepark.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One kubectl binary, run against a cluster with a fresh discovery cache. */
record Kubectl(String version, Path binary, Path kubeconfig, Path cacheDir) {
    /** The output of one run. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Asserts that the run exited 0, showing its output when it did not. */
    static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    static Path binaryFor(String version) {
        return Path.of("/usr/lib/google-cloud-sdk/bin/kubectl." + version);
    }

    static Kubectl of(String version, Path kubeconfig) throws IOException {
        return new Kubectl(version, binaryFor(version), kubeconfig, Files.createTempDirectory("kubectl-cache"));
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs kubectl with one more environment variable, such as EDITOR. */
    Result runWithEnv(String name, String value, String... args) throws IOException, InterruptedException {
        return execute(null, java.util.Map.of(name, value), args);
    }

    /** Runs kubectl with {@code stdin} (or none) and waits at most a minute. */
    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return execute(stdin, java.util.Map.of(), args);
    }

    private Result execute(String stdin, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var out = read(p.getInputStream());
        var err = read(p.getErrorStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    /** Starts kubectl without waiting, for commands that stream (get -w). */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads a stream to its end on a thread of its own (the common pool has one thread on two cores). */
    private static java.util.concurrent.CompletableFuture<String> read(InputStream in) {
        java.util.concurrent.CompletableFuture<String> text = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
