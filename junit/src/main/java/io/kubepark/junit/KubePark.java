package io.kubepark.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster a test runs against, with the tools a real cluster does not have: a clock to move, a control plane
 * to wait on, its timeline, scripted containers and injected faults. Against a real cluster (a kubeconfig given)
 * those tools are not there: a test that calls one is reported as skipped, not failed.
 */
public interface KubePark {
    /** True for a KubePark cluster, false for the cluster of a given kubeconfig. */
    boolean emulated();

    /** The API server's URL. */
    String url();

    /** A kubeconfig file for the cluster whose context's namespace is {@link #namespace()}. */
    Path kubeconfig();

    /** The test's own namespace ({@code default} outside a test or when isolation is off). */
    String namespace();

    /**
     * Creates the objects of a YAML stream; namespaced ones without a namespace go to {@link #namespace()}.
     * Returns {@code Kind/name} of each. Only on KubePark; use a client on a real cluster.
     */
    List<String> create(String yaml);

    /** The time on the control plane's clock. */
    Instant now();

    /** Moves a virtual clock forward, firing what falls due on the way, and returns when all is settled. */
    void advance(Duration amount);

    /** Returns when the control plane has nothing left to do at the current time. */
    void awaitIdle();

    /** The names of the nodes. */
    List<String> nodes();

    /**
     * Resolves a name as the cluster DNS answers it: the records' data as zone text ({@code 10.244.0.5} for A,
     * {@code 0 100 80 web-0.web.ns.svc.cluster.local.} for SRV), empty for a name without records of that type.
     */
    List<String> resolve(String name, String recordType);

    /** The cluster DNS port on 127.0.0.1 (UDP and TCP), for resolvers and {@code dig}. */
    int dnsPort();

    /**
     * What the control plane did during this test: in the test's own namespace and to cluster-scoped objects
     * (tests running beside it in other namespaces are left out).
     */
    Timeline timeline();

    /** Faults to inject: API errors, dropped and expired watches, silent nodes, failing provisioning. */
    Faults faults();

    /** Scripts how the containers of a pod behave (see {@link Behaviour}); set it before the pod is created. */
    void behave(String pod, String container, Behaviour behaviour);
}
