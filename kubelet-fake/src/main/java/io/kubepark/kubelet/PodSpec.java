package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the planner reads from a pod object, defaults applied. */
record PodSpec(String uid, String name, String namespace, String restartPolicy, long gracePeriodSeconds,
        Long activeDeadlineSeconds, boolean hostNetwork, List<String> readinessGates, Instant deletionTimestamp,
        Instant deletionRequestedAt, List<ContainerSpec> containers) {

    enum Kind { INIT, SIDECAR, APP }

    /** One container; {@code index} is its position among the init containers or among the app containers. */
    record ContainerSpec(String name, String image, Kind kind, int index, Behaviour behaviour) {
        boolean regular() {
            return kind != Kind.SIDECAR;
        }
    }

    boolean hasInitContainers() {
        return containers.stream().anyMatch(c -> c.kind() != Kind.APP);
    }

    static PodSpec of(JsonNode pod, Map<String, ContainerBehaviour> overrides) {
        JsonNode meta = pod.path("metadata");
        JsonNode spec = pod.path("spec");
        JsonNode annotations = meta.path("annotations");
        List<ContainerSpec> containers = new ArrayList<>();
        int i = 0;
        for (JsonNode c : spec.path("initContainers")) {
            Kind kind = "Always".equals(Json.text(c, "restartPolicy")) ? Kind.SIDECAR : Kind.INIT;
            containers.add(container(c, kind, i++, annotations, overrides));
        }
        i = 0;
        for (JsonNode c : spec.path("containers")) {
            containers.add(container(c, Kind.APP, i++, annotations, overrides));
        }
        List<String> gates = new ArrayList<>();
        spec.path("readinessGates").forEach(g -> gates.add(g.path("conditionType").asText()));
        String restartPolicy = Json.text(spec, "restartPolicy");
        long grace = spec.path("terminationGracePeriodSeconds").asLong(30);
        Instant deletionTimestamp = instant(Json.text(meta, "deletionTimestamp"));
        Instant deletionRequestedAt = deletionTimestamp == null ? null
                : deletionTimestamp.minusSeconds(meta.path("deletionGracePeriodSeconds").asLong(0));
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        return new PodSpec(meta.path("uid").asText(""), meta.path("name").asText(""),
                meta.path("namespace").asText(""), restartPolicy == null ? "Always" : restartPolicy, grace,
                deadline != null && deadline.canConvertToLong() ? deadline.asLong() : null,
                spec.path("hostNetwork").asBoolean(false), List.copyOf(gates), deletionTimestamp,
                deletionRequestedAt, List.copyOf(containers));
    }

    private static ContainerSpec container(JsonNode c, Kind kind, int index, JsonNode annotations,
            Map<String, ContainerBehaviour> overrides) {
        String name = c.path("name").asText();
        return new ContainerSpec(name, c.path("image").asText(""), kind, index,
                Behaviour.resolve(name, annotations, overrides.get(name)));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
