package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Instant;
import java.util.function.Consumer;

/** Small builders for sets, nodes and pods, shaped as the API server stores them. */
final class DaemonSetFixtures {
    static final String NS = "ns";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private DaemonSetFixtures() {
    }

    /** A set {@code name} selecting {@code app: name}, RollingUpdate with the defaults, template generation 1. */
    static ObjectNode ds(String name) {
        ObjectNode ds = Json.object();
        ds.put("apiVersion", "apps/v1").put("kind", "DaemonSet");
        ObjectNode meta = ds.putObject("metadata");
        meta.put("name", name).put("namespace", NS).put("uid", name + "-uid").put("generation", 1);
        meta.putObject("annotations").put(DaemonPods.GENERATION_ANNOTATION, "1");
        ObjectNode spec = ds.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "img:1");
        ObjectNode strategy = spec.putObject("updateStrategy").put("type", "RollingUpdate");
        strategy.putObject("rollingUpdate").put("maxUnavailable", 1).put("maxSurge", 0);
        spec.put("revisionHistoryLimit", 10);
        ds.putObject("status");
        return ds;
    }

    static ObjectNode ds(String name, Consumer<ObjectNode> spec) {
        ObjectNode ds = ds(name);
        spec.accept((ObjectNode) ds.get("spec"));
        return ds;
    }

    static ObjectNode templateSpec(ObjectNode ds) {
        return (ObjectNode) ds.get("spec").get("template").get("spec");
    }

    static ObjectNode node(String name) {
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).put("uid", name + "-uid").putObject("labels")
                .put("kubernetes.io/hostname", name);
        node.putObject("spec");
        return node;
    }

    static ObjectNode label(ObjectNode node, String key, String value) {
        ((ObjectNode) node.get("metadata").get("labels")).put(key, value);
        return node;
    }

    static ObjectNode taint(ObjectNode node, String key, String value, String effect) {
        ArrayNode taints = ((ObjectNode) node.get("spec")).withArray("taints");
        ObjectNode t = taints.addObject().put("key", key);
        if (value != null) {
            t.put("value", value);
        }
        t.put("effect", effect);
        return node;
    }

    static ObjectNode toleration(String key, String operator, String value, String effect) {
        ObjectNode t = Json.object().put("key", key).put("operator", operator);
        if (value != null) {
            t.put("value", value);
        }
        if (effect != null) {
            t.put("effect", effect);
        }
        return t;
    }

    /** A running, ready pod of {@code ds} bound to {@code node}, created at {@code created}. */
    static ObjectNode pod(ObjectNode ds, String name, String node, String hash, Instant created) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name).put("namespace", NS).put("uid", name + "-uid")
                .put("creationTimestamp", created.toString());
        ObjectNode labels = meta.putObject("labels");
        ds.get("spec").get("template").get("metadata").get("labels").fields()
                .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
        labels.put(DaemonPods.HASH_LABEL, hash);
        meta.putArray("ownerReferences").add(Refs.controllerRef(ds));
        pod.putObject("spec").put("nodeName", node);
        running(pod, created);
        return pod;
    }

    static ObjectNode running(ObjectNode pod, Instant readySince) {
        ObjectNode status = pod.putObject("status").put("phase", "Running");
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                .put("lastTransitionTime", readySince.toString());
        return pod;
    }

    static ObjectNode phase(ObjectNode pod, String phase) {
        ((ObjectNode) pod.get("status")).put("phase", phase);
        ((ObjectNode) pod.get("status").get("conditions").get(0)).put("status", "False");
        return pod;
    }

    static ObjectNode deleting(ObjectNode obj) {
        ((ObjectNode) obj.get("metadata")).put("deletionTimestamp", T0.toString());
        return obj;
    }
}
