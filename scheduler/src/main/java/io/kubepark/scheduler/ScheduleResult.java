package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The outcome of {@link Framework#schedule}: a node, a rejection with its message, or an internal error. */
public sealed interface ScheduleResult {

    /**
     * The pod goes to {@code node}.
     *
     * @param node              the chosen node
     * @param claimsAwaitingNode names of the pod's unbound {@code WaitForFirstConsumer} claims (in the pod's
     *                          namespace): before binding the pod, the caller annotates each with
     *                          {@code volume.kubernetes.io/selected-node: <node>} so that a provisioner creates
     *                          its volume there
     */
    record Scheduled(String node, List<String> claimsAwaitingNode) implements ScheduleResult {
        public Scheduled {
            claimsAwaitingNode = List.copyOf(claimsAwaitingNode);
        }
    }

    /**
     * No node fits. The caller sets {@code PodScheduled=False, reason Unschedulable, message} and, when
     * preemption found room, nominates {@code nominatedNode} and evicts the {@code victims}.
     *
     * @param message       the text of the condition and the FailedScheduling event, byte for byte as
     *                      kube-scheduler words it (D4)
     * @param unresolvable  every rejection was UnschedulableAndUnresolvable: only a change to the cluster or
     *                      the pod can help, not the departure of other pods
     * @param nodeReasons   the rejection of each node by name
     * @param nominatedNode the node preemption made room on, or null
     * @param victims       the pods to evict for the nominated node; empty without preemption
     */
    record Unschedulable(String message, boolean unresolvable, Map<String, Status> nodeReasons,
            String nominatedNode, List<JsonNode> victims) implements ScheduleResult {
        public Unschedulable {
            nodeReasons = Map.copyOf(nodeReasons);
            victims = List.copyOf(victims);
        }
    }

    /** A plugin failed unexpectedly; the caller sets {@code PodScheduled=False, reason SchedulerError}. */
    record Failed(String message) implements ScheduleResult {
    }
}
