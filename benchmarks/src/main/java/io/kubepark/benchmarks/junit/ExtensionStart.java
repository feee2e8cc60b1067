package io.kubepark.benchmarks.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Time to a usable cluster under each test framework's JUnit 5 extension, as a test suite meets it: a cluster
 * per test class ({@code @KubeParkTest}, fabric8's {@code @EnableKubernetesMockClient} with a static client)
 * and per test (a {@code KubeParkExtension} in an instance field, the mock with an instance client). Each side
 * runs in a JVM of its own ({@code kubepark} or {@code mock} as the argument): the first class of a JVM is
 * reported alone (cold: class loading included), then the median of the classes and tests after it.
 *
 * <p>Prints one line per figure, {@code name=milliseconds}, for {@link ExtensionStartHarness}.
 */
public final class ExtensionStart {
    /** Tests in each per-test class. */
    static final int TESTS = 10;
    /** Runs of the per-class class after the first. */
    static final int CLASS_RUNS = 10;

    private ExtensionStart() {
    }

    public static void main(String[] args) {
        boolean kubepark = args.length > 0 && args[0].equals("kubepark");
        Class<?> perClass = kubepark ? KubeParkPerClass.class : MockPerClass.class;
        Class<?> perTest = kubepark ? KubeParkPerTest.class : MockPerTest.class;
        Launcher launcher = LauncherFactory.create();

        List<Double> classes = new ArrayList<>();
        for (int i = 0; i <= CLASS_RUNS; i++) {
            classes.add(run(launcher, perClass).classMillis);
        }
        Durations tests = run(launcher, perTest);
        System.out.printf(Locale.ROOT, "class.cold=%.1f%n", classes.get(0));
        System.out.printf(Locale.ROOT, "class.warm=%.1f%n", median(classes.subList(1, classes.size())));
        System.out.printf(Locale.ROOT, "test.median=%.1f%n", median(tests.testMillis));
    }

    /** How long the class and each of its tests took, from the listener's events. */
    private static final class Durations implements TestExecutionListener {
        final Map<String, Long> started = new ConcurrentHashMap<>();
        final List<Double> testMillis = Collections.synchronizedList(new ArrayList<>());
        double classMillis;
        String failure;

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            double ms = (System.nanoTime() - started.get(id.getUniqueId())) / 1e6;
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && failure == null) {
                failure = id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?");
            }
            if (id.isTest()) {
                testMillis.add(ms);
            } else if (id.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
                    .orElse(false)) {
                classMillis = ms;
            }
        }
    }

    private static Durations run(Launcher launcher, Class<?> testClass) {
        Durations d = new Durations();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), d);
        if (d.failure != null) {
            throw new IllegalStateException(testClass.getSimpleName() + " failed: " + d.failure);
        }
        return d;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
