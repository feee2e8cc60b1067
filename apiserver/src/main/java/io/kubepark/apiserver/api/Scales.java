package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.apiserver.store.StoredObject;
import java.util.Map;
import java.util.TreeMap;

/** The {@code autoscaling/v1 Scale} view of deployments, replicasets, statefulsets and replicationcontrollers. */
final class Scales {
    private Scales() {}

    static ObjectNode of(ResourceType type, StoredObject o) {
        ObjectNode obj = o.node();
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        meta.put("name", o.name());
        if (o.namespace() != null) {
            meta.put("namespace", o.namespace());
        }
        meta.set("uid", m.path("uid"));
        meta.put("resourceVersion", Long.toString(o.resourceVersion()));
        meta.set("creationTimestamp", m.path("creationTimestamp"));
        ObjectNode status;
        if (type.isCustom()) {
            JsonNode paths = type.custom().scale();
            scale.putObject("spec").put("replicas", at(obj, paths.path("specReplicasPath").asText()).asInt(0));
            status = scale.putObject("status");
            status.put("replicas", at(obj, paths.path("statusReplicasPath").asText()).asInt(0));
            String selectorPath = paths.path("labelSelectorPath").asText("");
            status.put("selector", selectorPath.isEmpty() ? "" : at(obj, selectorPath).asText(""));
            return scale;
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        status.put("selector", selector(type, obj.path("spec").path("selector")));
        return scale;
    }

    /** The node at a simple JSON path such as {@code .spec.replicas}. */
    static JsonNode at(JsonNode obj, String path) {
        JsonNode node = obj;
        for (String part : path.split("\\.")) {
            if (!part.isEmpty()) {
                node = node.path(part);
            }
        }
        return node;
    }

    /** Sets the replicas at the spec path of the object's scale subresource. */
    static void setReplicas(ResourceType type, ObjectNode obj, int replicas) {
        String path = type.isCustom() ? type.custom().scale().path("specReplicasPath").asText(".spec.replicas")
                : ".spec.replicas";
        String[] parts = path.substring(path.startsWith(".") ? 1 : 0).split("\\.");
        ObjectNode node = obj;
        for (int i = 0; i < parts.length - 1; i++) {
            node = Json.child(node, parts[i]);
        }
        node.put(parts[parts.length - 1], replicas);
    }

    private static String selector(ResourceType type, JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return "";
        }
        try {
            if (type.storageKey().equals("/replicationcontrollers")) {
                Map<String, String> labels = new TreeMap<>();
                selector.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                ObjectNode asSelector = Json.object();
                asSelector.set("matchLabels", Json.MAPPER.valueToTree(labels));
                return LabelSelector.fromLabelSelectorNode(asSelector).toString();
            }
            return LabelSelector.fromLabelSelectorNode(selector).toString();
        } catch (SelectorException e) {
            return "";
        }
    }
}
