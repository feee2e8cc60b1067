package io.kubepark.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the conformance report when the test plan finishes: one row per scenario and client, with its result.
 *
 * <p>Against KubePark (no {@code -Dkubepark.kubeconfig}) the report is {@code docs/conformance.md}; against a
 * given kubeconfig it is {@code conformance/target/conformance-CONTEXT.md}, and a run that leaves out scenarios
 * ({@code -Dtest=...}) writes {@code conformance/target/conformance-partial.md}, so that only a whole run
 * against KubePark replaces the published report. Rows are sorted and carry no times, so a rerun that passes
 * the same way leaves the file unchanged. Registered through {@code META-INF/services}.
 */
public final class ConformanceReport implements TestExecutionListener {
    private static final Pattern KUBECTL_VERSION = Pattern.compile("\\b(1\\.\\d+)\\b");
    private static final Pattern INVOCATION_INDEX = Pattern.compile("^\\[\\d+]\\s*");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final int REASON_LENGTH = 200;

    /** One line of the table. */
    record Row(String scenario, String client, String result) {
        static final Comparator<Row> ORDER = Comparator.comparing(Row::scenario).thenComparing(Row::client)
                .thenComparing(Row::result);
    }

    /** Where the scenarios ran, which decides the header and the file. */
    record Target(boolean kubePark, String cluster, Path file) {
        static Target of(boolean whole) {
            Path reports = Path.of(System.getProperty("kubepark.target", "target"));
            String kubeconfig = System.getProperty("kubepark.kubeconfig");
            if (kubeconfig != null && !kubeconfig.isBlank()) {
                return new Target(false, "the cluster of the given kubeconfig",
                        reports.resolve("conformance-" + contextOf(Path.of(kubeconfig)) + ".md"));
            }
            if (!whole) {
                return new Target(true, "KubePark (`kubepark serve`)", reports.resolve("conformance-partial.md"));
            }
            Path docs = Path.of(System.getProperty("kubepark.docs", Path.of("..", "docs").toString()));
            return new Target(true, "KubePark (`kubepark serve`)", docs.resolve("conformance.md"));
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        String result = "skipped: " + oneLine(reason);
        List<TestIdentifier> scenarios = id.isTest() ? List.of(id)
                : plan.getDescendants(id).stream().filter(this::isScenario).toList();
        if (scenarios.isEmpty()) {
            rows.add(row(id, result));
        } else {
            scenarios.forEach(s -> rows.add(row(s, result)));
        }
    }

    /** A test method, parameterized or not, as opposed to a class or one invocation. */
    private boolean isScenario(TestIdentifier id) {
        return isMethod(id) && plan.getParent(id).filter(this::isMethod).isEmpty();
    }

    private boolean isMethod(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).isPresent();
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult outcome) {
        boolean reported = id.isTest() || outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
        if (reported && id.getSource().isPresent()) {
            rows.add(row(id, result(outcome)));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Target target = Target.of(ranEveryScenario(testPlan));
        try {
            Files.createDirectories(target.file().toAbsolutePath().getParent());
            Files.writeString(target.file(), render(target, rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.file(), e);
        }
    }

    /**
     * Whether the plan held every scenario class compiled beside this one (the names Surefire runs by default)
     * and no filter by method.
     */
    private static boolean ranEveryScenario(TestPlan testPlan) {
        String filter = System.getProperty("test");
        if (filter != null && filter.contains("#")) {
            return false;
        }
        Set<String> planned = new HashSet<>();
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier id : testPlan.getDescendants(root)) {
                if (id.getSource().isPresent() && id.getSource().get() instanceof ClassSource c) {
                    planned.add(c.getClassName());
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of(ConformanceReport.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve(ConformanceReport.class.getPackageName().replace('.', '/')))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.matches("(Test\\w*|\\w+(Test|Tests|TestCase))\\.class"))
                    .map(f -> ConformanceReport.class.getPackageName() + "." + f.replace(".class", ""))
                    .allMatch(planned::contains);
        } catch (IOException | URISyntaxException e) {
            return false;
        }
    }

    private static String render(Target target, List<Row> rows) {
        List<Row> sorted = rows.stream().sorted(Row.ORDER).toList();
        long passed = sorted.stream().filter(r -> r.result().equals("passed")).count();
        long failed = sorted.stream().filter(r -> r.result().startsWith("failed")).count();
        long skipped = sorted.stream().filter(r -> r.result().startsWith("skipped")).count();
        StringBuilder md = new StringBuilder();
        md.append("# Conformance\n\n");
        md.append("<!-- Written by conformance/src/test/java/io/kubepark/conformance/ConformanceReport.java; "
                + "do not edit by hand. -->\n\n");
        String clients = sorted.stream().map(Row::client).filter(c -> !c.isEmpty()).distinct().sorted()
                .collect(Collectors.joining(", "));
        md.append("The scenarios of the `conformance` module run real clients (").append(clients)
                .append(") against ").append(target.cluster()).append(".\n");
        if (target.kubePark()) {
            md.append("Regenerate this file with `mvn -B verify -pl conformance -am`. With "
                    + "`-Dkubepark.kubeconfig=FILE` the same scenarios run against that cluster, and their report "
                    + "goes to `conformance/target/conformance-CONTEXT.md` instead.\n\n");
            md.append("A skipped row marks where KubePark differs from a real cluster: its reason is the "
                    + "difference.\n\n");
        } else {
            md.append("Regenerate this file with "
                    + "`mvn -B verify -pl conformance -am -Dkubepark.kubeconfig=FILE`.\n\n");
        }
        md.append(sorted.size()).append(" scenarios: ").append(passed).append(" passed, ").append(failed)
                .append(" failed, ").append(skipped).append(" skipped.\n\n");
        md.append("| scenario | client | result |\n| --- | --- | --- |\n");
        for (Row r : sorted) {
            md.append("| ").append(cell(r.scenario())).append(" | ").append(cell(r.client())).append(" | ")
                    .append(cell(r.result())).append(" |\n");
        }
        return md.toString();
    }

    private Row row(TestIdentifier id, String result) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource c) {
            String className = simpleName(c.getClassName());
            return new Row(className + " (every scenario)", client(className, ""), result);
        }
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            String className = simpleName(m.getClassName());
            Optional<TestIdentifier> parent = plan.getParent(id).filter(this::isMethod);
            if (parent.isPresent()) {
                String invocation = INVOCATION_INDEX.matcher(id.getDisplayName()).replaceFirst("");
                String client = client(className, invocation);
                String rest = KUBECTL_VERSION.matcher(invocation).replaceAll("").trim();
                String title = title(parent.get(), m.getMethodName()) + (rest.isEmpty() ? "" : " [" + rest + "]");
                return new Row(className + ": " + title, client, result);
            }
            return new Row(className + ": " + title(id, m.getMethodName()), client(className, ""), result);
        }
        return new Row(id.getDisplayName(), "", result);
    }

    /** The client a scenario uses, from its class and, for kubectl, the version its invocation was given. */
    private static String client(String className, String invocation) {
        if (className.contains("Fabric8")) {
            return "fabric8";
        }
        if (className.contains("OfficialClient")) {
            return "official Java client";
        }
        Matcher version = KUBECTL_VERSION.matcher(invocation);
        if (className.startsWith("Kubectl")) {
            return version.find() ? "kubectl " + version.group(1) : "kubectl";
        }
        if (className.startsWith("Auth")) {
            return version.find() ? "kubectl " + version.group(1) : "JDK HttpClient";
        }
        return "";
    }

    /** A method's own display name when it has one, else its name as a sentence. */
    private static String title(TestIdentifier method, String methodName) {
        String shown = method.getDisplayName();
        return shown.startsWith(methodName + "(") ? sentence(methodName) : shown;
    }

    /** {@code replacedPodKeepsItsNameAndClaim} reads "replaced pod keeps its name and claim"; V133 stays V133. */
    private static String sentence(String methodName) {
        List<String> words = new ArrayList<>();
        for (String word : WORD_BOUNDARY.split(methodName)) {
            words.add(word.matches("[A-Z][a-z]*") ? word.toLowerCase() : word);
        }
        return String.join(" ", words);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static String result(TestExecutionResult outcome) {
        String message = outcome.getThrowable()
                .map(t -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()).orElse("");
        return switch (outcome.getStatus()) {
            case SUCCESSFUL -> "passed";
            case ABORTED -> "skipped: " + oneLine(message.replaceFirst("^Assumption failed: ", ""));
            case FAILED -> "failed: " + oneLine(message);
        };
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.strip().lines().map(String::strip).filter(l -> !l.isEmpty())
                .findFirst().orElse("");
        return line.length() <= REASON_LENGTH ? line : line.substring(0, REASON_LENGTH) + "…";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** The current context of a kubeconfig, fit for a file name, or "given" when it names none. */
    private static String contextOf(Path kubeconfig) {
        try {
            return Files.readAllLines(kubeconfig).stream()
                    .filter(l -> l.startsWith("current-context:"))
                    .map(l -> l.substring("current-context:".length()).strip().replaceAll("^[\"']|[\"']$", ""))
                    .filter(c -> !c.isEmpty())
                    .map(c -> c.replaceAll("[^A-Za-z0-9._-]", "-"))
                    .findFirst().orElse("given");
        } catch (IOException e) {
            return "given";
        }
    }
}
