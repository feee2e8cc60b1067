package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fluent builders for pods, nodes, claims and a fake cluster view, in the style of the scheduler's MakePod(). */
final class Fixtures {

    private Fixtures() {
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    static NodeBuilder node(String name) {
        return new NodeBuilder(name);
    }

    static FakeCluster cluster(JsonNode... nodes) {
        return new FakeCluster(List.of(nodes));
    }

    /** Parses a JSON snippet written with single quotes. */
    static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();
        private final ObjectNode spec;
        private final ObjectNode container;

        private PodBuilder(String name) {
            pod.put("apiVersion", "v1").put("kind", "Pod");
            pod.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "uid-" + name);
            spec = pod.putObject("spec");
            spec.put("schedulerName", "default-scheduler").put("priority", 0);
            container = spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
            // What the DefaultTolerationSeconds admission adds to every pod (A15.1).
            ArrayNode tolerations = spec.putArray("tolerations");
            tolerations.add(json("{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}"));
            tolerations.add(json("{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}"));
        }

        PodBuilder namespace(String namespace) {
            ((ObjectNode) pod.get("metadata")).put("namespace", namespace);
            return this;
        }

        PodBuilder label(String key, String value) {
            Json.child((ObjectNode) pod.get("metadata"), "labels").put(key, value);
            return this;
        }

        PodBuilder request(String resource, String quantity) {
            Json.child(Json.child(container, "resources"), "requests").put(resource, quantity);
            return this;
        }

        PodBuilder cpu(String quantity) {
            return request("cpu", quantity);
        }

        PodBuilder memory(String quantity) {
            return request("memory", quantity);
        }

        PodBuilder container(String cpu) {
            spec.withArray("containers").addObject().put("name", "c" + spec.get("containers").size())
                    .putObject("resources").putObject("requests").put("cpu", cpu);
            return this;
        }

        PodBuilder initContainer(String cpu, boolean sidecar) {
            ObjectNode c = spec.withArray("initContainers").addObject().put("name", "i" + spec.path("initContainers").size());
            if (sidecar) {
                c.put("restartPolicy", "Always");
            }
            c.putObject("resources").putObject("requests").put("cpu", cpu);
            return this;
        }

        PodBuilder overhead(String cpu) {
            spec.putObject("overhead").put("cpu", cpu);
            return this;
        }

        PodBuilder hostPort(int port) {
            container.withArray("ports").addObject().put("containerPort", port).put("hostPort", port).put("protocol", "TCP");
            return this;
        }

        PodBuilder toleration(String key, String operator, String value, String effect) {
            ObjectNode t = spec.withArray("tolerations").addObject().put("key", key).put("operator", operator);
            if (value != null) {
                t.put("value", value);
            }
            if (effect != null) {
                t.put("effect", effect);
            }
            return this;
        }

        PodBuilder nodeName(String node) {
            spec.put("nodeName", node);
            return this;
        }

        PodBuilder nodeSelector(String key, String value) {
            Json.child(spec, "nodeSelector").put(key, value);
            return this;
        }

        PodBuilder affinity(String kind, String json) {
            Json.child(spec, "affinity").set(kind, json(json));
            return this;
        }

        PodBuilder spread(String json) {
            spec.withArray("topologySpreadConstraints").add(json(json));
            return this;
        }

        PodBuilder priority(int priority) {
            spec.put("priority", priority);
            return this;
        }

        PodBuilder preemptionPolicy(String policy) {
            spec.put("preemptionPolicy", policy);
            return this;
        }

        PodBuilder gate(String name) {
            spec.withArray("schedulingGates").addObject().put("name", name);
            return this;
        }

        PodBuilder claim(String claimName) {
            spec.withArray("volumes").addObject().put("name", "v-" + claimName)
                    .putObject("persistentVolumeClaim").put("claimName", claimName);
            return this;
        }

        PodBuilder ownedBy(String kind, String name) {
            ((ObjectNode) pod.get("metadata")).withArray("ownerReferences").addObject()
                    .put("apiVersion", "apps/v1").put("kind", kind).put("name", name).put("uid", "uid-" + name)
                    .put("controller", true);
            return this;
        }

        JsonNode build() {
            return pod.deepCopy();
        }
    }

    static final class NodeBuilder {
        private final ObjectNode node = Json.object();

        private NodeBuilder(String name) {
            node.put("apiVersion", "v1").put("kind", "Node");
            node.putObject("metadata").put("name", name).putObject("labels").put("kubernetes.io/hostname", name);
            node.putObject("spec");
            node.putObject("status").putObject("allocatable").put("cpu", "4").put("memory", "8Gi").put("pods", "110")
                    .put("ephemeral-storage", "100Gi");
        }

        NodeBuilder allocatable(String resource, String quantity) {
            ((ObjectNode) node.path("status").path("allocatable")).put(resource, quantity);
            return this;
        }

        NodeBuilder cpu(String quantity) {
            return allocatable("cpu", quantity);
        }

        NodeBuilder memory(String quantity) {
            return allocatable("memory", quantity);
        }

        NodeBuilder pods(int count) {
            return allocatable("pods", Integer.toString(count));
        }

        NodeBuilder label(String key, String value) {
            ((ObjectNode) node.path("metadata").path("labels")).put(key, value);
            return this;
        }

        NodeBuilder zone(String zone) {
            return label("topology.kubernetes.io/zone", zone);
        }

        NodeBuilder taint(String key, String value, String effect) {
            ObjectNode t = ((ObjectNode) node.get("spec")).withArray("taints").addObject().put("key", key);
            if (value != null) {
                t.put("value", value);
            }
            t.put("effect", effect);
            return this;
        }

        NodeBuilder controlPlane() {
            return label("node-role.kubernetes.io/control-plane", "")
                    .taint("node-role.kubernetes.io/control-plane", null, "NoSchedule");
        }

        NodeBuilder unschedulable() {
            ((ObjectNode) node.get("spec")).put("unschedulable", true);
            return this;
        }

        JsonNode build() {
            return node.deepCopy();
        }
    }

    /** A cluster held in memory; pods are placed on nodes by their {@code spec.nodeName}. */
    static final class FakeCluster implements ClusterView {
        private final List<JsonNode> nodes;
        private final List<JsonNode> pods = new ArrayList<>();
        private final Map<String, JsonNode> claims = new HashMap<>();
        private final Map<String, JsonNode> volumes = new HashMap<>();
        private final Map<String, JsonNode> classes = new HashMap<>();
        private final List<JsonNode> budgets = new ArrayList<>();

        private FakeCluster(List<JsonNode> nodes) {
            this.nodes = nodes;
        }

        /** Places {@code pod} on {@code node}, as if bound. */
        FakeCluster running(JsonNode pod, String node) {
            ObjectNode copy = pod.deepCopy();
            ((ObjectNode) copy.get("spec")).put("nodeName", node);
            pods.add(copy);
            return this;
        }

        FakeCluster claim(String name, String storageClass, String volumeName) {
            ObjectNode pvc = Json.object();
            pvc.putObject("metadata").put("name", name).put("namespace", "default");
            ObjectNode spec = pvc.putObject("spec");
            if (storageClass != null) {
                spec.put("storageClassName", storageClass);
            }
            if (volumeName != null) {
                spec.put("volumeName", volumeName);
            }
            claims.put("default/" + name, pvc);
            return this;
        }

        /** A PodDisruptionBudget in namespace default, as JSON with single quotes. */
        FakeCluster budget(String json) {
            budgets.add(json(json));
            return this;
        }

        @Override
        public List<JsonNode> disruptionBudgets(String namespace) {
            return budgets.stream().filter(b -> b.path("metadata").path("namespace").asText("default")
                    .equals(namespace)).toList();
        }

        FakeCluster volume(String name, String json) {
            volumes.put(name, json(json));
            return this;
        }

        FakeCluster storageClass(String name, String bindingMode) {
            ObjectNode sc = Json.object();
            sc.putObject("metadata").put("name", name);
            sc.put("provisioner", "kubepark.io/hostpath").put("volumeBindingMode", bindingMode);
            classes.put(name, sc);
            return this;
        }

        @Override
        public List<NodeInfo> nodes() {
            List<NodeInfo> out = new ArrayList<>();
            for (JsonNode node : nodes) {
                String name = node.path("metadata").path("name").asText();
                out.add(new NodeInfo(node,
                        pods.stream().filter(p -> p.path("spec").path("nodeName").asText().equals(name)).toList()));
            }
            return out;
        }

        @Override
        public JsonNode claim(String namespace, String name) {
            return claims.get(namespace + "/" + name);
        }

        @Override
        public JsonNode volume(String name) {
            return volumes.get(name);
        }

        @Override
        public JsonNode storageClass(String name) {
            return classes.get(name);
        }
    }
}
