package io.kubepark.junit;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link KubeParkTest}. Registered with {@code @RegisterExtension} it is configured
 * by its {@link #builder()}: in a static field one cluster serves the whole class, in an instance field every test
 * gets its own.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KubeParkExtension KUBE = KubeParkExtension.builder().nodes(2).virtualClock().build();
 * }</pre>
 *
 * With the system property {@code kubepark.kubeconfig} (or the environment variable {@code KUBEPARK_KUBECONFIG})
 * set, no KubePark starts: the tests run against that kubeconfig's cluster, and what only KubePark can do
 * (the virtual clock, faults, the timeline) makes a test skipped.
 */
public final class KubeParkExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {
    /** Entries of the timeline printed with a failure, the newest. */
    static final int REPORTED_ENTRIES = 300;

    private final Cluster.Settings given;

    /** The extension as {@link KubeParkTest} registers it: configured by the annotation. */
    public KubeParkExtension() {
        this(null);
    }

    private KubeParkExtension(Cluster.Settings given) {
        this.given = given;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------ lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        Cluster.Settings settings = settings(context);
        if (settings.lifecycle() == Lifecycle.PER_CLASS) {
            Shared shared = new Shared(start(settings), settings);
            store(context).put(Shared.class, shared);
            injectFields(context, null, shared.classPark, store(context));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // the Shared resource closes with the class's store
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = store(context);
        Shared shared = store.get(Shared.class, Shared.class);
        Cluster.Settings settings = shared != null ? shared.settings : settings(context);
        Cluster cluster;
        if (shared != null) {
            cluster = shared.cluster;
            shared.enter();
        } else {
            cluster = start(settings);
            store.put(Cluster.class, (ExtensionContext.Store.CloseableResource) cluster::close);
        }
        String namespace = "default";
        if (settings.isolation() == Isolation.NAMESPACE_PER_TEST) {
            namespace = namespaceFor(context);
            cluster.createNamespace(namespace);
        }
        boolean own = settings.isolation() == Isolation.NAMESPACE_PER_TEST;
        TestState state = new TestState(new Park(cluster, namespace, own), cluster, namespace, settings, shared);
        store.put(TestState.class, state);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, state.park, store);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestState state = store(context).remove(TestState.class, TestState.class);
        if (state == null) {
            return;
        }
        try {
            state.closeClients();
            if (state.settings.isolation() == Isolation.NAMESPACE_PER_TEST) {
                state.cluster.deleteNamespace(state.namespace);
            }
        } finally {
            if (state.shared != null) {
                state.shared.leave();
            }
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        TestState state = store(context).get(TestState.class, TestState.class);
        if (state != null && state.cluster.emulated()) {
            List<Timeline.Entry> entries = state.park.timelineIfAny().entries();
            int from = Math.max(0, entries.size() - REPORTED_ENTRIES);
            StringBuilder report = new StringBuilder("What the KubePark control plane did during "
                    + context.getDisplayName() + " (namespace " + state.namespace + ")");
            if (from > 0) {
                report.append(", the last ").append(REPORTED_ENTRIES).append(" of ").append(entries.size());
            }
            report.append(":\n");
            for (Timeline.Entry e : entries.subList(from, entries.size())) {
                report.append(e).append('\n');
            }
            failure.addSuppressed(new TimelineReport(report.toString()));
            System.err.println(report);
        }
        throw failure;
    }

    /** The timeline of a failed test, attached to its failure. */
    static final class TimelineReport extends Exception {
        TimelineReport(String report) {
            super(report, null, false, false);
        }
    }

    // ------------------------------------------------------------ injection

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injectable(parameter.getParameter().getType(), parameter.isAnnotated(Kubeconfig.class),
                parameter.isAnnotated(ApiUrl.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = store(context);
        TestState state = store.get(TestState.class, TestState.class);
        Park park;
        if (state != null) {
            park = state.park;
        } else {
            Shared shared = store.get(Shared.class, Shared.class);
            if (shared == null) {
                throw new ParameterResolutionException("no KubePark cluster here: with one cluster per test,"
                        + " inject into test methods or instance fields");
            }
            park = shared.classPark;
        }
        return value(parameter.getParameter().getType(), parameter.isAnnotated(Kubeconfig.class),
                parameter.isAnnotated(ApiUrl.class), park, state == null ? store.get(Shared.class, Shared.class)
                        .clients : state.clients);
    }

    private static boolean injectable(Class<?> type, boolean kubeconfig, boolean url) {
        if (kubeconfig) {
            return type == Path.class || type == File.class || type == String.class;
        }
        if (url) {
            return type == String.class || type == URI.class || type == java.net.URL.class;
        }
        return type == KubePark.class || type.getName().equals(Clients.FABRIC8)
                || type.getName().equals(Clients.OFFICIAL);
    }

    private static Object value(Class<?> type, boolean kubeconfig, boolean url, Park park, List<Object> clients) {
        if (kubeconfig) {
            Path file = park.kubeconfig();
            return type == Path.class ? file : type == File.class ? file.toFile() : file.toString();
        }
        if (url) {
            if (type == String.class) {
                return park.url();
            }
            URI uri = URI.create(park.url());
            try {
                return type == URI.class ? uri : uri.toURL();
            } catch (MalformedURLException e) {
                throw new ParameterResolutionException("the API URL is not a URL: " + park.url(), e);
            }
        }
        if (type == KubePark.class) {
            return park;
        }
        Object client = Clients.build(type.getName(), readKubeconfig(park), park.namespace());
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    private static String readKubeconfig(Park park) {
        try {
            return java.nio.file.Files.readString(park.kubeconfig());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fills the injectable fields: static ones when {@code instance} is null, else the instance's own. */
    private static void injectFields(ExtensionContext context, Object instance, Park park,
            ExtensionContext.Store store) {
        Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
        List<Object> clients = instance == null ? store.get(Shared.class, Shared.class).clients
                : store.get(TestState.class, TestState.class).clients;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                boolean isStatic = Modifier.isStatic(f.getModifiers());
                if (isStatic != (instance == null) || Modifier.isFinal(f.getModifiers())) {
                    continue;
                }
                boolean kubeconfig = f.isAnnotationPresent(Kubeconfig.class);
                boolean url = f.isAnnotationPresent(ApiUrl.class);
                if (!injectable(f.getType(), kubeconfig, url)) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(instance, value(f.getType(), kubeconfig, url, park, clients));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot inject " + f, e);
                }
            }
        }
    }

    // ------------------------------------------------------------ state

    private ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(KubeParkExtension.class, this));
    }

    private Cluster.Settings settings(ExtensionContext context) {
        if (given != null) {
            return given;
        }
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), KubeParkTest.class)
                .map(Cluster.Settings::of).orElseGet(() -> builder().settings());
    }

    private static Cluster start(Cluster.Settings settings) {
        Path real = Cluster.givenKubeconfig();
        return real != null ? new Cluster.Real(real) : new Cluster.Emulated(settings);
    }

    /** {@code kp-<test name>-<5 random>}: a DNS label of at most 63 characters. */
    static String namespaceFor(ExtensionContext context) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse("test");
        String base = method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() > 48) {
            base = base.substring(0, 48).replaceAll("-+$", "");
        }
        StringBuilder suffix = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            suffix.append("bcdfghjklmnpqrstvwxz2456789".charAt(random.nextInt(27)));
        }
        return "kp-" + (base.isEmpty() ? "test" : base) + "-" + suffix;
    }

    /** One cluster for a test class; cluster-scoped state is reset whenever its last running test ends. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        final Cluster cluster;
        final Cluster.Settings settings;
        final Park classPark;
        final List<Object> clients = new ArrayList<>();
        private int running;
        private Set<String> baseline;

        Shared(Cluster cluster, Cluster.Settings settings) {
            this.cluster = cluster;
            this.settings = settings;
            this.classPark = new Park(cluster, "default", false);
        }

        synchronized void enter() {
            if (running++ == 0 && resets()) {
                baseline = ((Cluster.Emulated) cluster).clusterScoped();
            }
        }

        synchronized void leave() {
            if (--running == 0 && resets() && baseline != null) {
                ((Cluster.Emulated) cluster).reset(baseline);
            }
        }

        private boolean resets() {
            return cluster.emulated() && settings.isolation() == Isolation.NAMESPACE_PER_TEST;
        }

        @Override
        public void close() {
            TestState.close(clients);
            cluster.close();
        }
    }

    /** What one test holds: its view of the cluster, its namespace, the clients made for it. */
    private static final class TestState {
        final Park park;
        final Cluster cluster;
        final String namespace;
        final Cluster.Settings settings;
        final Shared shared;
        final List<Object> clients = new ArrayList<>();

        TestState(Park park, Cluster cluster, String namespace, Cluster.Settings settings, Shared shared) {
            this.park = park;
            this.cluster = cluster;
            this.namespace = namespace;
            this.settings = settings;
            this.shared = shared;
        }

        void closeClients() {
            close(clients);
        }

        static void close(List<Object> clients) {
            synchronized (clients) {
                for (Object c : clients) {
                    if (c instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            // a client that fails to close does not fail the test
                        }
                    }
                }
                clients.clear();
            }
        }
    }

    // ------------------------------------------------------------ builder

    /** Options for a programmatically registered extension; the defaults are those of {@link KubeParkTest}. */
    public static final class Builder {
        private int nodes = 3;
        private String nodeCpu = "4";
        private String nodeMemory = "16Gi";
        private int nodePods = 110;
        private boolean virtualClock;
        private final List<String> manifests = new ArrayList<>();
        private final List<String> featureGates = new ArrayList<>();
        private Isolation isolation = Isolation.NAMESPACE_PER_TEST;

        private Builder() {
        }

        public Builder nodes(int nodes) {
            if (nodes < 0) {
                throw new IllegalArgumentException("nodes must not be negative");
            }
            this.nodes = nodes;
            return this;
        }

        /** Allocatable CPU, memory and pod count of every node. */
        public Builder nodeShape(String cpu, String memory, int pods) {
            this.nodeCpu = cpu;
            this.nodeMemory = memory;
            this.nodePods = pods;
            return this;
        }

        public Builder virtualClock() {
            this.virtualClock = true;
            return this;
        }

        /** YAML created before the first test: a classpath resource, or a file. */
        public Builder manifest(String... manifests) {
            this.manifests.addAll(List.of(manifests));
            return this;
        }

        public Builder featureGate(String gate, boolean enabled) {
            featureGates.add(gate + "=" + enabled);
            return this;
        }

        public Builder isolation(Isolation isolation) {
            this.isolation = isolation;
            return this;
        }

        Cluster.Settings settings() {
            return new Cluster.Settings(nodes, nodeCpu, nodeMemory, nodePods, virtualClock, List.copyOf(manifests),
                    List.copyOf(featureGates), isolation, Lifecycle.PER_CLASS);
        }

        public KubeParkExtension build() {
            return new KubeParkExtension(settings());
        }
    }
}
