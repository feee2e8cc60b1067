package io.kubepark.benchmarks.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link ExtensionStart} for KubePark and for fabric8's mock server, each in a fresh JVM on this class path
 * (KubePark's control plane in its own class loader beside the mock's Vert.x 4), and prints a Markdown table.
 */
public final class ExtensionStartHarness {
    private ExtensionStartHarness() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, Double> kubepark = measure("kubepark");
        Map<String, Double> mock = measure("mock");
        List<String> lines = new ArrayList<>();
        lines.add("| JUnit 5 extension, time to a usable cluster | KubePark (3 nodes Ready) | fabric8 mock (CRUD) |"
                + " mock / KubePark |");
        lines.add("|---|---:|---:|---:|");
        row(lines, "first test class of a JVM (cold), ms", "class.cold", kubepark, mock);
        row(lines, "each further test class (cluster per class), median ms of " + ExtensionStart.CLASS_RUNS,
                "class.warm", kubepark, mock);
        row(lines, "each test (cluster per test), median ms of " + ExtensionStart.TESTS, "test.median", kubepark,
                mock);
        lines.add("");
        lines.add("- Per class: `@KubeParkTest(nodes = 3)` against `@EnableKubernetesMockClient(crud = true)` with a"
                + " static client; per test: `KubeParkExtension` in an instance field against the mock with an"
                + " instance client. Times are the JUnit class or test execution, from the Launcher's events, so"
                + " they include the extension's start and stop and, for KubePark, the test's namespace. The"
                + " KubePark test lists its nodes and requires 3 Ready; the mock has no nodes and answers an"
                + " empty list.");
        lines.add("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "; each side in its own JVM; date " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        lines.add("- Command: `benchmarks/extension-start.sh`");
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static void row(List<String> lines, String label, String key, Map<String, Double> kubepark,
            Map<String, Double> mock) {
        double k = kubepark.get(key);
        double m = mock.get(key);
        lines.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |", label, k, m, m / k));
    }

    private static Map<String, Double> measure(String side) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExtensionStart.class.getName(), side).redirectErrorStream(true).start();
        Map<String, Double> values = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.matches("[a-z.]+=[0-9.]+")) {
                    values.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
                }
            }
        }
        if (p.waitFor() != 0 || values.size() < 3) {
            Files.writeString(Path.of("extension-start-" + side + ".log"), output);
            throw new IllegalStateException(side + " failed (exit " + p.exitValue() + "):\n" + output);
        }
        return values;
    }
}
