package io.kubepark.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods as the API server stores them once scheduled, and a fake kubelet loop that applies plans to them. */
final class TestPods {
    static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");
    static final NodeFacts NODE = new NodeFacts("node-1", "172.18.0.2", "10.244.1.7");
    static final String UID = "5c0e1a52-8b0f-4a8e-9a57-0c1b2f5d6e7a";

    private TestPods() {}

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    /** {@code MakePod}-style builder: one app container {@code app} unless containers are added. */
    static final class PodBuilder {
        private final ObjectNode pod = Json.object();
        private final ObjectNode spec;
        private boolean containers;

        PodBuilder(String name) {
            pod.put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode meta = pod.putObject("metadata");
            meta.put("name", name).put("namespace", "default").put("uid", UID);
            meta.put("creationTimestamp", PodStatusWriter.time(T0.minusSeconds(1)));
            spec = pod.putObject("spec");
            spec.put("restartPolicy", "Always").put("terminationGracePeriodSeconds", 30).put("nodeName", "node-1");
            ObjectNode status = pod.putObject("status");
            status.put("phase", "Pending").put("qosClass", "BestEffort");
            status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True")
                    .putNull("lastProbeTime").put("lastTransitionTime", PodStatusWriter.time(T0.minusSeconds(1)));
        }

        PodBuilder container(String name) {
            return container(name, "nginx:1.27");
        }

        PodBuilder container(String name, String image) {
            containers = true;
            spec.withArray("containers").addObject().put("name", name).put("image", image);
            return this;
        }

        PodBuilder initContainer(String name) {
            spec.withArray("initContainers").addObject().put("name", name).put("image", "busybox:1.36");
            return this;
        }

        PodBuilder sidecar(String name) {
            spec.withArray("initContainers").addObject().put("name", name).put("image", "envoyproxy/envoy:v1.33")
                    .put("restartPolicy", "Always");
            return this;
        }

        PodBuilder annotation(String key, String value) {
            ((ObjectNode) pod.get("metadata")).withObjectProperty("annotations").put(key, value);
            return this;
        }

        PodBuilder restartPolicy(String policy) {
            spec.put("restartPolicy", policy);
            return this;
        }

        PodBuilder grace(long seconds) {
            spec.put("terminationGracePeriodSeconds", seconds);
            return this;
        }

        PodBuilder activeDeadlineSeconds(long seconds) {
            spec.put("activeDeadlineSeconds", seconds);
            return this;
        }

        PodBuilder hostNetwork() {
            spec.put("hostNetwork", true);
            return this;
        }

        PodBuilder readinessGate(String conditionType) {
            spec.withArray("readinessGates").addObject().put("conditionType", conditionType);
            return this;
        }

        PodBuilder condition(String type, String status) {
            ((ObjectNode) pod.get("status")).withArray("conditions").addObject().put("type", type)
                    .put("status", status).putNull("lastProbeTime")
                    .put("lastTransitionTime", PodStatusWriter.time(T0.minusSeconds(1)));
            return this;
        }

        ObjectNode obj() {
            if (!containers) {
                container("app");
            }
            return pod.deepCopy();
        }

        Kubelet start() {
            return new Kubelet(obj(), Map.of());
        }

        Kubelet start(Map<String, ContainerBehaviour> overrides) {
            return new Kubelet(obj(), overrides);
        }
    }

    /**
     * The kubelet loop the real caller runs, without I/O: plans, writes the status into the pod, keeps the runtime
     * and the logs. After every plan it checks that planning again at the same instant changes nothing.
     */
    static final class Kubelet {
        final ObjectNode pod;
        private final Map<String, ContainerBehaviour> overrides;
        PodRuntime runtime;
        Instant now = T0;
        Plan plan;
        final List<LogLine> logs = new ArrayList<>();
        int writes;
        boolean deleted;

        Kubelet(ObjectNode pod, Map<String, ContainerBehaviour> overrides) {
            this.pod = pod;
            this.overrides = new HashMap<>(overrides);
            sync();
        }

        /** Plans at the current instant and applies the plan. */
        Kubelet sync() {
            plan = PodLifecycle.plan(pod, runtime, NODE, now, overrides);
            if (plan.status() != null) {
                pod.set("status", plan.status());
                writes++;
            }
            runtime = plan.runtime();
            logs.addAll(plan.logs());
            deleted |= plan.delete();
            Plan again = PodLifecycle.plan(pod, runtime, NODE, now, overrides);
            assertThat(again.status()).as("status after a second plan at the same instant").isNull();
            assertThat(again.logs()).isEmpty();
            assertThat(again.runtime()).isEqualTo(runtime);
            assertThat(again.wakeAt()).isEqualTo(plan.wakeAt());
            return this;
        }

        /** Moves to {@code T0 + offset} and plans. */
        Kubelet at(Duration offset) {
            now = T0.plus(offset);
            return sync();
        }

        Kubelet atSeconds(double seconds) {
            return at(Duration.ofMillis((long) (seconds * 1000)));
        }

        /** Moves to the plan's wake-up time and plans, as the caller's timer does. */
        Kubelet wake() {
            assertThat(plan.wakeAt()).as("wakeAt").isNotNull();
            now = plan.wakeAt();
            return sync();
        }

        /** What the API server does on DELETE with a grace period, then the kubelet sees the change. */
        Kubelet delete(long graceSeconds) {
            ObjectNode meta = (ObjectNode) pod.get("metadata");
            meta.put("deletionTimestamp", PodStatusWriter.time(now.plusSeconds(graceSeconds)));
            meta.put("deletionGracePeriodSeconds", graceSeconds);
            return sync();
        }

        Kubelet setCondition(String type, String status) {
            ObjectNode st = (ObjectNode) pod.get("status");
            for (JsonNode c : st.withArray("conditions")) {
                if (c.path("type").asText().equals(type)) {
                    ((ObjectNode) c).put("status", status);
                    return sync();
                }
            }
            st.withArray("conditions").addObject().put("type", type).put("status", status).putNull("lastProbeTime")
                    .put("lastTransitionTime", PodStatusWriter.time(now));
            return sync();
        }

        JsonNode status() {
            return pod.get("status");
        }

        String phase() {
            return status().path("phase").asText();
        }

        JsonNode container(String name) {
            for (String list : List.of("containerStatuses", "initContainerStatuses")) {
                for (JsonNode c : status().path(list)) {
                    if (c.path("name").asText().equals(name)) {
                        return c;
                    }
                }
            }
            throw new AssertionError("no status for container " + name + " in " + status());
        }

        /** The container's state as {@code running}, {@code waiting:Reason} or {@code terminated:Reason:code}. */
        String state(String name) {
            JsonNode s = container(name).path("state");
            if (s.has("running")) {
                return "running";
            }
            if (s.has("waiting")) {
                return "waiting:" + s.path("waiting").path("reason").asText();
            }
            JsonNode t = s.path("terminated");
            return "terminated:" + t.path("reason").asText() + ":" + t.path("exitCode").asInt();
        }

        JsonNode condition(String type) {
            for (JsonNode c : status().path("conditions")) {
                if (c.path("type").asText().equals(type)) {
                    return c;
                }
            }
            throw new AssertionError("no condition " + type + " in " + status());
        }

        /** {@code True}, or {@code False:Reason:message} without the empty parts. */
        String conditionSummary(String type) {
            JsonNode c = condition(type);
            StringBuilder sb = new StringBuilder(c.path("status").asText());
            if (c.has("reason")) {
                sb.append(':').append(c.path("reason").asText());
            }
            if (c.has("message")) {
                sb.append(':').append(c.path("message").asText());
            }
            return sb.toString();
        }

        List<String> logTexts(String container) {
            return logs.stream().filter(l -> l.container().equals(container)).map(LogLine::text).toList();
        }
    }

    /** JSON written with single quotes, for readable expectations. */
    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String time(long secondsAfterT0) {
        return PodStatusWriter.time(T0.plusSeconds(secondsAfterT0));
    }
}
