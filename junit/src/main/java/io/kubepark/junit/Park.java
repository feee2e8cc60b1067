package io.kubepark.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The {@link KubePark} a test sees: its cluster, its namespace, and the timeline from its start. */
final class Park implements KubePark {
    private final Cluster cluster;
    private final String namespace;
    private final long mark;
    /** The namespace is the test's alone: its timeline leaves out other namespaces (tests beside it). */
    private final boolean own;

    Park(Cluster cluster, String namespace, boolean own) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.own = own;
        this.mark = cluster.emulated() ? cluster.plane("").<Long>call("journalMark") : 0;
    }

    @Override
    public boolean emulated() {
        return cluster.emulated();
    }

    @Override
    public String url() {
        return cluster.url();
    }

    @Override
    public Path kubeconfig() {
        return cluster.kubeconfigFile(namespace);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public List<String> create(String yaml) {
        return cluster.plane("KubePark.create").call("create", yaml, namespace);
    }

    @Override
    public Instant now() {
        return cluster.emulated() ? cluster.plane("").call("now") : Instant.now();
    }

    @Override
    public void advance(Duration amount) {
        ControlPlane plane = cluster.plane("The virtual clock");
        if (!plane.<Boolean>call("virtualClock")) {
            throw new IllegalStateException("advance needs a virtual clock: @KubeParkTest(virtualClock = true)"
                    + " or KubeParkExtension.builder().virtualClock()");
        }
        plane.call("advance", amount);
    }

    @Override
    public void awaitIdle() {
        cluster.plane("Waiting for the control plane (awaitIdle)").call("awaitIdle");
    }

    @Override
    public List<String> nodes() {
        return cluster.plane("The list of fake nodes").call("nodeNames");
    }

    @Override
    public List<String> resolve(String name, String recordType) {
        return cluster.plane("An in-process cluster DNS lookup").call("lookup", name, recordType);
    }

    @Override
    public int dnsPort() {
        return cluster.plane("The cluster DNS port").<Integer>call("dnsPort");
    }

    @Override
    public Timeline timeline() {
        List<Timeline.Entry> entries = Cluster.entries(cluster.plane("The control plane's timeline")
                .call("journalSince", mark));
        if (own) {
            entries.removeIf(e -> !e.namespace().isEmpty() && !e.namespace().equals(namespace));
        }
        return new Timeline(entries);
    }

    /** The timeline for a failure report: empty on a real cluster. */
    Timeline timelineIfAny() {
        return cluster.emulated() ? timeline() : new Timeline(List.of());
    }

    @Override
    public Faults faults() {
        return new Faults() {
            private ControlPlane plane() {
                return cluster.plane("Fault injection");
            }

            @Override
            public void failRequests(String verb, String resource, int status, int times) {
                plane().call("fail", verb, resource, status, times);
            }

            @Override
            public void expireNextWatch(String resource) {
                plane().call("expireNextWatch", resource);
            }

            @Override
            public void dropWatches(String resource) {
                plane().call("dropWatches", resource);
            }

            @Override
            public void stopNode(String node) {
                plane().call("stopHeartbeats", node);
            }

            @Override
            public void restartNode(String node) {
                plane().call("resumeHeartbeats", node);
            }

            @Override
            public void failProvisioning(String storageClass, String message) {
                plane().call("failProvisioning", storageClass, message);
            }

            @Override
            public void healProvisioning(String storageClass) {
                plane().call("healProvisioning", storageClass);
            }

            @Override
            public void clear() {
                ControlPlane plane = plane();
                plane.call("clearFaults");
                for (String node : plane.<List<String>>call("nodeNames")) {
                    plane.call("resumeHeartbeats", node);
                }
            }
        };
    }

    @Override
    public void behave(String pod, String container, Behaviour behaviour) {
        cluster.plane("Scripted containers").call("behave", namespace, pod, container, behaviour.values());
    }

    @Override
    public String toString() {
        return "KubePark " + url() + " namespace " + namespace;
    }
}
