package io.kubepark.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Computes {@link FieldSelector#fieldValue}; the rules are listed there. */
final class ObjectFields {

    private static final Map<String, String> DEFAULTS = Map.of(
            "spec.unschedulable", "false",
            "spec.hostNetwork", "false",
            "status.replicas", "0",
            "status.successful", "0");

    private ObjectFields() {
    }

    static String value(JsonNode object, String field) {
        if (object == null || field == null) {
            return "";
        }
        return switch (field) {
            case "spec.host" -> value(object, "spec.nodeName");
            case "status.podIP" -> podIP(object);
            case "status.successful" -> scalar(object.path("status").path("succeeded"), field);
            case "source" -> eventSource(object);
            default -> scalar(path(object, field), field);
        };
    }

    private static JsonNode path(JsonNode object, String field) {
        JsonNode node = object;
        for (String name : field.split("\\.", -1)) {
            node = node.path(name);
        }
        return node;
    }

    private static String scalar(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return DEFAULTS.getOrDefault(field, "");
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean() || node.isNumber()) {
            return node.asText();
        }
        return "";
    }

    /** Kubernetes keeps status.podIP authoritative when it differs from podIPs[0]. */
    private static String podIP(JsonNode pod) {
        JsonNode status = pod.path("status");
        String primary = scalar(status.path("podIP"), "status.podIP");
        if (!primary.isEmpty()) {
            return primary;
        }
        JsonNode ips = status.path("podIPs");
        return ips.isArray() && !ips.isEmpty() ? scalar(ips.get(0).path("ip"), "ip") : "";
    }

    private static String eventSource(JsonNode event) {
        JsonNode source = event.path("source");
        if (!source.isObject() && !source.isMissingNode() && !source.isNull()) {
            return scalar(source, "source");
        }
        String component = scalar(source.path("component"), "source.component");
        return component.isEmpty() ? scalar(event.path("reportingComponent"), "reportingComponent") : component;
    }
}
