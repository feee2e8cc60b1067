package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.kubelet.ContainerRuntime.State;
import io.kubepark.kubelet.ContainerRuntime.Termination;
import io.kubepark.kubelet.PodSimulation.Sim;
import io.kubepark.kubelet.PodSpec.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Writes the pod status the kubelet reports for a simulated pod: phase (pkg/kubelet/kubelet_pods.go
 * {@code getPhase}), conditions (pkg/kubelet/status/generate.go) and container statuses.
 */
final class PodStatusWriter {
    private static final Set<String> KUBELET_FIELDS = Set.of("phase", "conditions", "message", "reason", "hostIP",
            "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses", "containerStatuses");
    private static final List<String> KUBELET_CONDITIONS =
            List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady");

    /** A container's status entry and the facts about it that phase and conditions are decided from. */
    record View(Sim c, ObjectNode json, String state, int exitCode, boolean hasLastTermination, int lastExitCode,
            boolean ready, boolean started) {
        Kind kind() {
            return c.spec.kind();
        }

        String name() {
            return c.spec.name();
        }
    }

    private final PodSimulation sim;
    private final PodSpec spec;
    private final Instant now;

    PodStatusWriter(PodSimulation sim) {
        this.sim = sim;
        this.spec = sim.spec;
        this.now = sim.t;
    }

    List<View> views() {
        boolean terminated = sim.allStopped() && sim.stopping();
        List<View> views = new ArrayList<>();
        for (Sim c : sim.containers.values()) {
            views.add(view(c, terminated && c.spec.kind() == Kind.APP));
        }
        return views;
    }

    /** The pod's phase; Succeeded and Failed are final. */
    String phase(List<View> views) {
        if (sim.terminalPhase != null) {
            return sim.terminalPhase;
        }
        String phase = containerPhase(views, sim.allStopped());
        // A pod the kubelet shut down ends in a terminal phase even when some containers never ran.
        boolean shutDown = sim.stopping() && sim.allStopped();
        return shutDown && !phase.equals("Succeeded") && !phase.equals("Failed") ? "Failed" : phase;
    }

    private String containerPhase(List<View> views, boolean podIsTerminal) {
        int pendingInit = 0;
        int failedInit = 0;
        int pendingSidecars = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (View v : views) {
            switch (v.kind()) {
                case INIT -> {
                    if (v.state().equals("terminated")) {
                        failedInit += v.exitCode() != 0 ? 1 : 0;
                    } else if (v.state().equals("waiting") && v.hasLastTermination()) {
                        failedInit += v.lastExitCode() != 0 ? 1 : 0;
                    } else {
                        pendingInit++;
                    }
                }
                case SIDECAR -> {
                    if (v.state().equals("running")) {
                        pendingSidecars += v.started() ? 0 : 1;
                        running++;
                    } else if (v.state().equals("waiting") && !v.hasLastTermination()) {
                        pendingSidecars++;
                        waiting++;
                    }
                }
                case APP -> {
                    switch (v.state()) {
                        case "running" -> running++;
                        case "terminated" -> {
                            stopped++;
                            succeeded += v.exitCode() == 0 ? 1 : 0;
                        }
                        default -> {
                            if (v.hasLastTermination()) {
                                stopped++;
                            } else {
                                waiting++;
                            }
                        }
                    }
                }
            }
        }
        if (failedInit > 0 && "Never".equals(spec.restartPolicy())) {
            return "Failed";
        }
        if (pendingInit > 0 || pendingSidecars > 0 && !podIsTerminal || waiting > 0 && !podIsTerminal) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if ("Always".equals(spec.restartPolicy())) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "Never".equals(spec.restartPolicy()) ? "Failed" : "Running";
        }
        return "Pending";
    }

    ObjectNode status(JsonNode current, NodeFacts node, List<View> views, String phase) {
        JsonNode old = current == null ? Json.object() : current;
        ObjectNode s = Json.object();
        s.put("phase", phase);
        s.set("conditions", conditions(old.path("conditions"), views, phase));
        if (sim.deadlineExceededAt != null) {
            s.put("message", "Pod was active on the node longer than the specified deadline");
            s.put("reason", "DeadlineExceeded");
        }
        String podIp = spec.hostNetwork() || node.podIp() == null ? node.hostIp() : node.podIp();
        s.put("hostIP", node.hostIp());
        s.putArray("hostIPs").addObject().put("ip", node.hostIp());
        s.put("podIP", podIp);
        s.putArray("podIPs").addObject().put("ip", podIp);
        s.put("startTime", time(sim.startTime));
        if (spec.hasInitContainers()) {
            ArrayNode init = s.putArray("initContainerStatuses");
            views.stream().filter(v -> v.kind() != Kind.APP).forEach(v -> init.add(v.json()));
        }
        ArrayNode apps = s.putArray("containerStatuses");
        views.stream().filter(v -> v.kind() == Kind.APP).sorted(Comparator.comparing(View::name))
                .forEach(v -> apps.add(v.json()));
        old.properties().forEach(e -> {
            if (!KUBELET_FIELDS.contains(e.getKey())) {
                s.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return s;
    }

    private ArrayNode conditions(JsonNode old, List<View> views, String phase) {
        ArrayNode out = Json.NODES.arrayNode();
        boolean sandbox = !(sim.allStopped() && (phase.equals("Succeeded") || phase.equals("Failed")));
        out.add(condition(old, "PodReadyToStartContainers", sandbox, null, null));
        initialized(out, old, views, phase);
        String[] containersReady = containersReady(views, phase);
        if (containersReady != null) {
            out.add(condition(old, "Ready", false, containersReady[0], containersReady[1]));
            out.add(condition(old, "ContainersReady", false, containersReady[0], containersReady[1]));
        } else {
            List<String> gates = new ArrayList<>();
            for (String gate : spec.readinessGates()) {
                JsonNode c = find(old, gate);
                if (c == null) {
                    gates.add("corresponding condition of pod readiness gate \"" + gate + "\" does not exist.");
                } else if (!"True".equals(c.path("status").asText())) {
                    gates.add("the status of pod readiness gate \"" + gate + "\" is not \"True\", but "
                            + c.path("status").asText());
                }
            }
            out.add(gates.isEmpty() ? condition(old, "Ready", true, null, null)
                    : condition(old, "Ready", false, "ReadinessGatesNotReady", String.join(", ", gates)));
            out.add(condition(old, "ContainersReady", true, null, null));
        }
        for (JsonNode c : old) {
            if (!KUBELET_CONDITIONS.contains(c.path("type").asText())) {
                out.add(c.deepCopy());
            }
        }
        return out;
    }

    private void initialized(ArrayNode out, JsonNode old, List<View> views, String phase) {
        if (phase.equals("Succeeded")) {
            out.add(condition(old, "Initialized", true, "PodCompleted", null));
            return;
        }
        boolean appStarted = views.stream().anyMatch(v -> v.kind() == Kind.APP
                && (!v.state().equals("waiting") || v.hasLastTermination()));
        List<String> incomplete = views.stream()
                .filter(v -> v.kind() == Kind.INIT && !v.ready() || v.kind() == Kind.SIDECAR && !v.started())
                .map(View::name).toList();
        if (appStarted || incomplete.isEmpty()) {
            out.add(condition(old, "Initialized", true, null, null));
        } else {
            out.add(condition(old, "Initialized", false, "ContainersNotInitialized",
                    "containers with incomplete status: " + goList(incomplete)));
        }
    }

    /** Reason and message of a ContainersReady that is False; null when it is True. */
    private String[] containersReady(List<View> views, String phase) {
        if (phase.equals("Succeeded")) {
            return new String[] {"PodCompleted", null};
        }
        if (phase.equals("Failed")) {
            return new String[] {"PodFailed", null};
        }
        List<String> unready = views.stream().filter(v -> v.kind() != Kind.INIT && !v.ready())
                .map(View::name).toList();
        return unready.isEmpty() ? null
                : new String[] {"ContainersNotReady", "containers with unready status: " + goList(unready)};
    }

    private ObjectNode condition(JsonNode old, String type, boolean status, String reason, String message) {
        String value = status ? "True" : "False";
        JsonNode previous = find(old, type);
        String since = previous != null && value.equals(previous.path("status").asText())
                && previous.hasNonNull("lastTransitionTime")
                ? previous.get("lastTransitionTime").asText() : time(now);
        ObjectNode c = Json.object();
        c.put("type", type).put("status", value).putNull("lastProbeTime");
        c.put("lastTransitionTime", since);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        return c;
    }

    private static JsonNode find(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    private View view(Sim c, boolean podTerminated) {
        ObjectNode json = Json.object();
        json.put("name", c.spec.name());
        ObjectNode state = json.putObject("state");
        String kind;
        int exitCode = 0;
        Termination last = c.lastTermination;
        boolean ready = false;
        switch (c.state) {
            case RUNNING -> {
                kind = "running";
                state.putObject("running").put("startedAt", time(c.startedAt));
                Instant readyAt = c.readyAt();
                ready = c.spec.kind() != Kind.INIT && readyAt != null && !now.isBefore(readyAt);
            }
            case EXITED -> {
                if (c.restartAt != null) {
                    kind = "waiting";
                    last = c.termination;
                    waiting(state, "CrashLoopBackOff", "back-off "
                            + GoDuration.format(Duration.between(c.termination.finishedAt(), c.restartAt))
                            + " restarting failed container=" + c.spec.name() + " pod=" + spec.name() + "_"
                            + spec.namespace() + "(" + spec.uid() + ")");
                } else {
                    kind = "terminated";
                    exitCode = c.termination.exitCode();
                    state.set("terminated", terminated(c.termination));
                    ready = c.completedInit();
                }
            }
            default -> {
                kind = "waiting";
                waiting(c, state);
            }
        }
        if (podTerminated && !kind.equals("terminated")) {
            kind = "terminated";
            exitCode = 137;
            state.removeAll();
            state.putObject("terminated").put("exitCode", 137).put("reason", "ContainerStatusUnknown")
                    .put("message", "The container could not be located when the pod was terminated");
        }
        ObjectNode lastState = json.putObject("lastState");
        if (last != null) {
            lastState.set("terminated", terminated(last));
        }
        boolean started = c.state == State.RUNNING;
        json.put("ready", ready);
        json.put("restartCount", c.restartCount);
        String id = c.containerId != null ? c.containerId : last == null ? null : last.containerId();
        json.put("image", id == null ? c.spec.image() : Images.normalized(c.spec.image()));
        json.put("imageID", id == null ? "" : Images.id(c.spec.image()));
        if (id != null) {
            json.put("containerID", id);
        }
        json.put("started", started);
        return new View(c, json, kind, exitCode, last != null, last == null ? 0 : last.exitCode(), ready, started);
    }

    private void waiting(Sim c, ObjectNode state) {
        Behaviour b = c.behaviour();
        switch (c.state) {
            case CONFIG_ERROR -> waiting(state, "CreateContainerConfigError", b.configError());
            case PULL_FAILED -> {
                if (now.isBefore(c.lastPullAt.plus(PodSimulation.PULL_ERROR_SHOWN))) {
                    waiting(state, "ErrImagePull", b.imagePullError());
                } else {
                    waiting(state, "ImagePullBackOff", "Back-off pulling image \"" + c.spec.image() + "\"");
                }
            }
            default -> {
                boolean initializing = c.spec.kind() == Kind.APP ? !sim.initialized
                        : c.state == State.PENDING && c.restartCount == 0 && !sim.eligible(c);
                waiting(state, initializing ? "PodInitializing" : "ContainerCreating", null);
            }
        }
    }

    private static void waiting(ObjectNode state, String reason, String message) {
        ObjectNode w = state.putObject("waiting").put("reason", reason);
        if (message != null) {
            w.put("message", message);
        }
    }

    private static ObjectNode terminated(Termination t) {
        ObjectNode o = Json.object();
        o.put("exitCode", t.exitCode()).put("reason", t.reason());
        o.put("startedAt", time(t.startedAt())).put("finishedAt", time(t.finishedAt()));
        if (t.containerId() != null) {
            o.put("containerID", t.containerId());
        }
        return o;
    }

    /** How Go prints a []string with %s: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    static String time(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }
}
