package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.has;
import static io.kubepark.apiserver.table.Obj.list;
import static io.kubepark.apiserver.table.Obj.lng;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

// Pods and pod templates: the READY / STATUS / RESTARTS logic of kubectl get pods.
final class PodPrinters {

    private PodPrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("/pods", pods());
        registry.put("/podtemplates", podTemplates());
    }

    static Printer pods() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                Column.str("Status", "The aggregate status of the containers in this pod."),
                Column.str("Restarts", "The number of times the containers in this pod have been restarted and when the "
                        + "last container in this pod has restarted."),
                Column.age(),
                Column.wide("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. "
                        + "Empty if not yet allocated."),
                Column.wide("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod "
                        + "is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, "
                        + "the kubelet for this node becomes responsible for the lifecycle of this pod. This field should "
                        + "not be used to express a desire for the pod to be scheduled on a specific node. "
                        + "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
                Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods "
                        + "on the node, but it cannot be scheduled right away as preemption victims receive their graceful "
                        + "termination periods. This field does not guarantee that the pod will be scheduled on this node. "
                        + "Scheduler may decide to place the pod elsewhere if other nodes become available sooner. "
                        + "Scheduler may also decide to give the resources on this node to a higher priority pod that is "
                        + "created after preemption. As a result, this field may be different than PodSpec.nodeName when "
                        + "the pod is scheduled."),
                Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod "
                        + "readiness. A pod is ready when all its containers are ready AND all conditions specified in the "
                        + "readiness gates have status equal to \"True\" More info: "
                        + "https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates")),
                PodPrinters::podCells)
                .withConditions(PodPrinters::podConditions);
    }

    private static List<Printer.RowCondition> podConditions(JsonNode pod) {
        return switch (str(pod, "status", "phase")) {
            case "Succeeded" -> List.of(new Printer.RowCondition("Completed", "True", "Succeeded",
                    "The pod has completed successfully."));
            case "Failed" -> List.of(new Printer.RowCondition("Completed", "True", "Failed", "The pod failed."));
            default -> List.of();
        };
    }

    // A sidecar: an init container with restartPolicy: Always.
    private static boolean restartable(JsonNode initContainer) {
        return initContainer != null && "Always".equals(str(initContainer, "restartPolicy"));
    }

    private static Instant later(Instant current, JsonNode containerStatus) {
        if (!has(containerStatus, "lastState", "terminated")) {
            return current;
        }
        Instant finished = Obj.time(containerStatus, "lastState", "terminated", "finishedAt");
        if (finished != null && (current == null || current.isBefore(finished))) {
            return finished;
        }
        return current;
    }

    static List<Object> podCells(JsonNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        long restarts = 0;
        long sidecarRestarts = 0;
        List<JsonNode> initSpecs = list(spec, "initContainers");
        int totalContainers = list(spec, "containers").size();
        int readyContainers = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;

        String phase = str(status, "phase");
        String reason = phase;
        if (!str(status, "reason").isEmpty()) {
            reason = str(status, "reason");
        }
        for (JsonNode c : list(status, "conditions")) {
            if ("PodScheduled".equals(str(c, "type")) && "SchedulingGated".equals(str(c, "reason"))) {
                reason = "SchedulingGated";
            }
        }

        Map<String, JsonNode> initByName = new HashMap<>();
        for (JsonNode ic : initSpecs) {
            initByName.put(str(ic, "name"), ic);
            if (restartable(ic)) {
                totalContainers++;
            }
        }

        boolean initializing = false;
        List<JsonNode> initStatuses = list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode cs = initStatuses.get(i);
            restarts += lng(cs, "restartCount");
            lastRestart = later(lastRestart, cs);
            boolean sidecar = restartable(initByName.get(str(cs, "name")));
            if (sidecar) {
                sidecarRestarts += lng(cs, "restartCount");
                lastSidecarRestart = later(lastSidecarRestart, cs);
            }
            JsonNode terminated = cs.path("state").path("terminated");
            JsonNode waiting = cs.path("state").path("waiting");
            boolean isTerminated = terminated.isObject();
            if (isTerminated && lng(terminated, "exitCode") == 0) {
                continue;
            }
            if (sidecar && Obj.bool(cs, false, "started")) {
                if (Obj.bool(cs, false, "ready")) {
                    readyContainers++;
                }
                continue;
            }
            if (isTerminated) {
                String r = str(terminated, "reason");
                if (r.isEmpty()) {
                    long signal = lng(terminated, "signal");
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + lng(terminated, "exitCode");
                } else {
                    reason = "Init:" + r;
                }
            } else if (waiting.isObject() && !str(waiting, "reason").isEmpty()
                    && !"PodInitializing".equals(str(waiting, "reason"))) {
                reason = "Init:" + str(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || "True".equals(str(Obj.condition(status.path("conditions"), "Initialized"), "status"))) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = list(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode cs = statuses.get(i);
                restarts += lng(cs, "restartCount");
                lastRestart = later(lastRestart, cs);
                JsonNode state = cs.path("state");
                JsonNode terminated = state.path("terminated");
                if (state.path("waiting").isObject() && !str(state, "waiting", "reason").isEmpty()) {
                    reason = str(state, "waiting", "reason");
                } else if (terminated.isObject() && !str(terminated, "reason").isEmpty()) {
                    reason = str(terminated, "reason");
                } else if (terminated.isObject()) {
                    long signal = lng(terminated, "signal");
                    reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + lng(terminated, "exitCode");
                } else if (Obj.bool(cs, false, "ready") && state.path("running").isObject()) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                boolean podReady = "True".equals(str(Obj.condition(status.path("conditions"), "Ready"), "status"));
                reason = podReady ? "Running" : "NotReady";
            }
        }

        if (Obj.deleting(pod) && "NodeLost".equals(str(status, "reason"))) {
            reason = "Unknown";
        } else if (Obj.deleting(pod) && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }

        String restartsText = String.valueOf(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartsText = restarts + " (" + Obj.since(lastRestart, now) + " ago)";
        }

        List<JsonNode> podIPs = list(status, "podIPs");
        String podIP = Obj.strOr(podIPs.isEmpty() ? "" : str(podIPs.get(0), "ip"), NONE);
        String nodeName = Obj.strOr(str(spec, "nodeName"), NONE);
        String nominated = Obj.strOr(str(status, "nominatedNodeName"), NONE);
        String gates = NONE;
        List<JsonNode> readinessGates = list(spec, "readinessGates");
        if (!readinessGates.isEmpty()) {
            int trueCount = 0;
            for (JsonNode gate : readinessGates) {
                JsonNode c = Obj.condition(status.path("conditions"), str(gate, "conditionType"));
                if ("True".equals(str(c, "status"))) {
                    trueCount++;
                }
            }
            gates = trueCount + "/" + readinessGates.size();
        }
        return row(Obj.name(pod), readyContainers + "/" + totalContainers, reason, restartsText, Obj.age(pod, now),
                podIP, nodeName, nominated, gates);
    }

    static Printer podTemplates() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Containers", Column.CONTAINERS_DOC),
                Column.str("Images", Column.IMAGES_DOC),
                Column.str("Pod Labels", "The labels for the pod template.")),
                (o, now) -> {
                    String[] c = Obj.containerCells(o.path("template").path("spec").path("containers"));
                    return row(Obj.name(o), c[0], c[1], Obj.formatLabels(o.path("template").path("metadata").path("labels")));
                });
    }
}
