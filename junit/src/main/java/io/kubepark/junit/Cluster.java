package io.kubepark.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/** The cluster behind a test: a KubePark control plane, or the cluster of a given kubeconfig. */
abstract class Cluster implements AutoCloseable {
    /** The system property and environment variable that name a real cluster's kubeconfig. */
    static final String KUBECONFIG_PROPERTY = "kubepark.kubeconfig";
    static final String KUBECONFIG_VARIABLE = "KUBEPARK_KUBECONFIG";

    private final Path dir;

    Cluster() {
        try {
            this.dir = Files.createTempDirectory("kubepark-junit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubeconfig a real cluster is named by, or null to start KubePark. */
    static Path givenKubeconfig() {
        String given = System.getProperty(KUBECONFIG_PROPERTY);
        if (given == null || given.isBlank()) {
            given = System.getenv(KUBECONFIG_VARIABLE);
        }
        return given == null || given.isBlank() ? null : Path.of(given);
    }

    abstract boolean emulated();

    abstract String url();

    /** The kubeconfig's text with its current context's namespace set to {@code namespace}. */
    abstract String kubeconfig(String namespace);

    /** Writes {@link #kubeconfig(String)} to a file of its own. */
    Path kubeconfigFile(String namespace) {
        Path file = dir.resolve("kubeconfig-" + namespace);
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, kubeconfig(namespace));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    abstract void createNamespace(String name);

    abstract void deleteNamespace(String name);

    /** The KubePark control plane, or an abort (reported as skipped) on a real cluster. */
    abstract ControlPlane plane(String feature);

    @Override
    public abstract void close();

    /** A KubePark control plane started for the test. */
    static final class Emulated extends Cluster {
        private final ControlPlane plane;
        private final String kubeconfig;

        Emulated(Settings settings) {
            long started = System.nanoTime();
            this.plane = ControlPlane.start(settings.options());
            this.kubeconfig = plane.call("kubeconfig");
            for (String manifest : settings.manifests()) {
                plane.call("create", Settings.read(manifest), "default");
            }
            Settings.LOG.fine(() -> "KubePark started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }

        @Override
        boolean emulated() {
            return true;
        }

        @Override
        String url() {
            return plane.call("url");
        }

        @Override
        String kubeconfig(String namespace) {
            return kubeconfig.replace("    namespace: default\n", "    namespace: " + namespace + "\n");
        }

        @Override
        void createNamespace(String name) {
            plane.call("create", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n", "default");
        }

        @Override
        void deleteNamespace(String name) {
            plane.call("deleteNamespace", name);
        }

        @Override
        ControlPlane plane(String feature) {
            return plane;
        }

        Set<String> clusterScoped() {
            return plane.call("clusterScoped");
        }

        void reset(Set<String> baseline) {
            plane.call("reset", baseline);
        }

        @Override
        public void close() {
            plane.close();
        }
    }

    /** The cluster of a kubeconfig the run was given: no virtual clock, no faults, no control plane to wait on. */
    static final class Real extends Cluster {
        private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");
        private final Path file;
        private final String text;

        Real(Path file) {
            this.file = file;
            try {
                this.text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kubeconfig " + file, e);
            }
        }

        @Override
        boolean emulated() {
            return false;
        }

        @Override
        String url() {
            Matcher m = SERVER.matcher(text);
            return m.find() ? m.group(1).replaceAll("^[\"']|[\"']$", "") : "";
        }

        @Override
        String kubeconfig(String namespace) {
            return text;
        }

        @Override
        Path kubeconfigFile(String namespace) {
            return file;
        }

        @Override
        void createNamespace(String name) {
            Clients.createNamespace(text, name);
        }

        @Override
        void deleteNamespace(String name) {
            Clients.deleteNamespace(text, name);
        }

        @Override
        ControlPlane plane(String feature) {
            throw new TestAbortedException(feature + " needs a KubePark cluster; this run uses the cluster of "
                    + file);
        }

        @Override
        public void close() {
        }
    }

    /** The options of a cluster, from {@link KubeParkTest} or the extension's builder. */
    record Settings(int nodes, String nodeCpu, String nodeMemory, int nodePods, boolean virtualClock,
            List<String> manifests, List<String> featureGates, Isolation isolation, Lifecycle lifecycle) {
        static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.kubepark.junit");

        static Settings of(KubeParkTest a) {
            return new Settings(a.nodes(), a.nodeCpu(), a.nodeMemory(), a.nodePods(), a.virtualClock(),
                    List.of(a.manifests()), List.of(a.featureGates()), a.isolation(), a.lifecycle());
        }

        Map<String, String> options() {
            return Map.of("nodes", Integer.toString(nodes), "nodeCpu", nodeCpu, "nodeMemory", nodeMemory,
                    "nodePods", Integer.toString(nodePods), "virtualClock", Boolean.toString(virtualClock),
                    "featureGates", String.join(",", featureGates), "dnsPort", "0");
        }

        /** A manifest's text: a classpath resource, else a file. */
        static String read(String manifest) {
            String resource = manifest.startsWith("/") ? manifest.substring(1) : manifest;
            try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                return Files.readString(Path.of(manifest));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the manifest " + manifest
                        + " (neither a classpath resource nor a file)", e);
            }
        }
    }

    /** Journal rows from the bridge as timeline entries. */
    static List<Timeline.Entry> entries(List<List<String>> rows) {
        List<Timeline.Entry> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            out.add(new Timeline.Entry(Long.parseLong(r.get(0)), Instant.parse(r.get(1)), r.get(2), r.get(3),
                    r.get(4), r.get(5), r.get(6), Long.parseLong(r.get(7)), r.get(8)));
        }
        return out;
    }

}
