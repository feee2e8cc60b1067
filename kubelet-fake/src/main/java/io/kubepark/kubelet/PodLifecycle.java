package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fake kubelet's decisions for one pod, without I/O: given the pod as stored, the kubelet's memory of it and
 * the time, what its status is now, what the containers logged, when to look again and whether to delete it.
 * Containers behave as the pod's {@code kubepark.io/} annotations say (see {@code docs/behaviour.md}).
 *
 * <p>The result depends only on the arguments: calling again with the same arguments gives the same plan, and a
 * call made late applies the events it missed in time order, at their own instants.
 */
public final class PodLifecycle {
    private PodLifecycle() {}

    /** {@link #plan(JsonNode, PodRuntime, NodeFacts, Instant, Map)} with behaviour from annotations only. */
    public static Plan plan(JsonNode pod, PodRuntime runtime, NodeFacts node, Instant now) {
        return plan(pod, runtime, node, now, Map.of());
    }

    /**
     * Decides what the kubelet does for a pod bound to {@code node} at instant {@code now}.
     *
     * @param pod the pod object as stored (metadata, spec, status)
     * @param runtime the {@link Plan#runtime()} of the previous call for this pod, or null on first sight
     * @param node the node and the pod IP allocated for the pod
     * @param now the current time; a time before the previous call's is taken as the previous call's
     * @param overrides per container name, behaviour that takes precedence over the annotations
     */
    public static Plan plan(JsonNode pod, PodRuntime runtime, NodeFacts node, Instant now,
            Map<String, ContainerBehaviour> overrides) {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(now, "now");
        PodSpec spec = PodSpec.of(pod, overrides);
        PodSimulation sim = new PodSimulation(spec, runtime, now);
        sim.advanceTo(now);

        PodStatusWriter writer = new PodStatusWriter(sim);
        List<PodStatusWriter.View> views = writer.views();
        String phase = writer.phase(views);
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            sim.terminalPhase = phase;
        }
        JsonNode current = pod.get("status");
        ObjectNode status = writer.status(current, node, views, phase);
        boolean delete = sim.deletionFinished();
        return new Plan(status.equals(current) ? null : status, sim.freeze(), delete,
                delete ? null : sim.nextEvent(), sim.logs);
    }
}
