package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.TestObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fluent builders for Services, Pods, Nodes and snapshots, shaped as the API server stores them. */
final class EndpointsFixtures {
    static final String NS = "ns";
    static final String NOW = "2025-01-01T00:00:00.000000001Z";
    static final String LATER = "2025-01-01T00:00:05.000000001Z";

    private EndpointsFixtures() {
    }

    static ServiceBuilder service(String name) {
        return new ServiceBuilder(name);
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    static SnapshotBuilder snapshot(ServiceBuilder service) {
        return new SnapshotBuilder(service.obj());
    }

    static ObjectNode node(String name, String zone) {
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        ObjectNode meta = node.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("topology.kubernetes.io/zone", zone);
        return node;
    }

    /** {@code count} ready pods {@code <prefix>-000..} (names sort like indexes) labelled app=web, IPs 10.0.x.y. */
    static List<PodBuilder> readyPods(String prefix, int count) {
        List<PodBuilder> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(pod(String.format("%s-%03d", prefix, i)).label("app", "web").ip("10.0." + (i / 250) + "." + (i % 250 + 1))
                    .ready(true));
        }
        return pods;
    }

    static final class ServiceBuilder {
        private final ObjectNode svc = Json.object();

        ServiceBuilder(String name) {
            ObjectNode meta = TestObjects.head(svc, "v1", "Service", NS, name);
            meta.put("resourceVersion", "1");
            ObjectNode spec = svc.putObject("spec");
            spec.put("clusterIP", "10.96.0.10");
            spec.putArray("ipFamilies").add("IPv4");
        }

        ServiceBuilder selector(String key, String value) {
            Json.child((ObjectNode) svc.get("spec"), "selector").put(key, value);
            return this;
        }

        ServiceBuilder emptySelector() {
            Json.child((ObjectNode) svc.get("spec"), "selector");
            return this;
        }

        ServiceBuilder label(String key, String value) {
            Json.child((ObjectNode) svc.get("metadata"), "labels").put(key, value);
            return this;
        }

        ServiceBuilder port(String name, int port, Object targetPort) {
            ObjectNode p = ((ObjectNode) svc.get("spec")).withArray("ports").addObject();
            p.put("name", name);
            p.put("protocol", "TCP");
            p.put("port", port);
            if (targetPort instanceof Integer i) {
                p.put("targetPort", i);
            } else {
                p.put("targetPort", (String) targetPort);
            }
            return this;
        }

        ServiceBuilder headless() {
            ((ObjectNode) svc.get("spec")).put("clusterIP", "None");
            return this;
        }

        ServiceBuilder publishNotReady() {
            ((ObjectNode) svc.get("spec")).put("publishNotReadyAddresses", true);
            return this;
        }

        ServiceBuilder ipFamilies(String... families) {
            ArrayNode a = ((ObjectNode) svc.get("spec")).putArray("ipFamilies");
            Arrays.stream(families).forEach(a::add);
            return this;
        }

        ObjectNode obj() {
            return svc.deepCopy();
        }
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();

        PodBuilder(String name) {
            ObjectNode meta = TestObjects.head(pod, "v1", "Pod", NS, name);
            meta.put("resourceVersion", "7");
            ObjectNode spec = pod.putObject("spec");
            spec.putArray("containers").addObject().put("name", "app");
            pod.putObject("status").put("phase", "Running");
        }

        PodBuilder label(String key, String value) {
            Json.child((ObjectNode) pod.get("metadata"), "labels").put(key, value);
            return this;
        }

        PodBuilder namespace(String ns) {
            ((ObjectNode) pod.get("metadata")).put("namespace", ns);
            return this;
        }

        PodBuilder ip(String... ips) {
            ObjectNode status = (ObjectNode) pod.get("status");
            status.put("podIP", ips[0]);
            ArrayNode list = status.putArray("podIPs");
            Arrays.stream(ips).forEach(ip -> list.addObject().put("ip", ip));
            return this;
        }

        PodBuilder ready(boolean ready) {
            ArrayNode conditions = ((ObjectNode) pod.get("status")).putArray("conditions");
            conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "False");
            return this;
        }

        PodBuilder terminating() {
            ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", "2025-01-01T00:00:00Z");
            return this;
        }

        PodBuilder phase(String phase) {
            ((ObjectNode) pod.get("status")).put("phase", phase);
            return this;
        }

        PodBuilder hostname(String hostname) {
            ((ObjectNode) pod.get("spec")).put("hostname", hostname);
            return this;
        }

        PodBuilder subdomain(String subdomain) {
            ((ObjectNode) pod.get("spec")).put("subdomain", subdomain);
            return this;
        }

        PodBuilder node(String node) {
            ((ObjectNode) pod.get("spec")).put("nodeName", node);
            return this;
        }

        PodBuilder containerPort(String name, int port) {
            ObjectNode container = (ObjectNode) pod.get("spec").get("containers").get(0);
            container.withArray("ports").addObject().put("name", name).put("containerPort", port)
                    .put("protocol", "TCP");
            return this;
        }

        PodBuilder sidecarPort(String name, int port) {
            ObjectNode sidecar = ((ObjectNode) pod.get("spec")).withArray("initContainers").addObject();
            sidecar.put("name", "sidecar");
            sidecar.put("restartPolicy", "Always");
            sidecar.putArray("ports").addObject().put("name", name).put("containerPort", port).put("protocol", "TCP");
            return this;
        }

        ObjectNode obj() {
            return pod.deepCopy();
        }
    }

    static final class SnapshotBuilder {
        private final ObjectNode service;
        private final List<JsonNode> pods = new ArrayList<>();
        private final Map<String, JsonNode> nodes = new LinkedHashMap<>();
        private final List<JsonNode> slices = new ArrayList<>();
        private JsonNode endpoints;
        private String now = NOW;

        SnapshotBuilder(ObjectNode service) {
            this.service = service;
        }

        SnapshotBuilder pods(PodBuilder... builders) {
            return pods(Arrays.asList(builders));
        }

        SnapshotBuilder pods(List<PodBuilder> builders) {
            builders.forEach(b -> pods.add(b.obj()));
            return this;
        }

        SnapshotBuilder node(ObjectNode node) {
            nodes.put(node.path("metadata").path("name").asText(), node);
            return this;
        }

        SnapshotBuilder slices(List<JsonNode> stored) {
            slices.addAll(stored);
            return this;
        }

        SnapshotBuilder endpoints(JsonNode stored) {
            endpoints = stored;
            return this;
        }

        SnapshotBuilder now(String time) {
            now = time;
            return this;
        }

        ServiceSnapshot build() {
            return new ServiceSnapshot(service, pods, nodes, slices, endpoints, now);
        }
    }

    /**
     * A fake store for one resource: applies writes to the stored objects the way the API server would,
     * naming created slices from their generateName and bumping resourceVersions.
     */
    static final class Store {
        private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
        private int sequence;

        List<JsonNode> apply(List<EndpointWrite> writes) {
            for (EndpointWrite write : writes) {
                if (write instanceof EndpointWrite.Create c) {
                    ObjectNode obj = c.object().deepCopy();
                    ObjectNode meta = (ObjectNode) obj.get("metadata");
                    if (!meta.has("name")) {
                        meta.put("name", meta.get("generateName").asText() + "x" + (++sequence));
                        meta.remove("generateName");
                    }
                    meta.put("resourceVersion", String.valueOf(++sequence));
                    objects.put(meta.get("name").asText(), obj);
                } else if (write instanceof EndpointWrite.Update u) {
                    ObjectNode obj = u.object().deepCopy();
                    String name = obj.path("metadata").path("name").asText();
                    if (!objects.containsKey(name)) {
                        throw new AssertionError("update of missing " + name);
                    }
                    ((ObjectNode) obj.get("metadata")).put("resourceVersion", String.valueOf(++sequence));
                    objects.put(name, obj);
                } else if (write instanceof EndpointWrite.Delete d) {
                    if (objects.remove(d.name()) == null) {
                        throw new AssertionError("delete of missing " + d.name());
                    }
                }
            }
            return stored();
        }

        List<JsonNode> stored() {
            return new ArrayList<>(objects.values());
        }

        JsonNode single() {
            return objects.isEmpty() ? null : objects.values().iterator().next();
        }
    }
}
