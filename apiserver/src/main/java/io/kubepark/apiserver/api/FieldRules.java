package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.FieldSelector;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which fields each kind can be selected by (A10), and how their values are read. */
final class FieldRules {
    private static final Map<String, Set<String>> EXTRA = Map.ofEntries(
            Map.entry("/pods", Set.of("spec.nodeName", "spec.host", "spec.restartPolicy", "spec.schedulerName",
                    "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
                    "status.nominatedNodeName")),
            Map.entry("/nodes", Set.of("spec.unschedulable")),
            Map.entry("/namespaces", Set.of("status.phase")),
            Map.entry("/secrets", Set.of("type")),
            Map.entry("/services", Set.of("spec.clusterIP", "spec.type")),
            Map.entry("/replicationcontrollers", Set.of("status.replicas")),
            Map.entry("apps/replicasets", Set.of("status.replicas")),
            Map.entry("batch/jobs", Set.of("status.successful")),
            Map.entry("certificates.k8s.io/certificatesigningrequests", Set.of("spec.signerName")),
            Map.entry("/events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type")),
            // events.k8s.io names the same fields after its own schema (AddFieldLabelConversionsForEvent)
            Map.entry("events.k8s.io/events", Set.of("regarding.kind", "regarding.namespace", "regarding.name",
                    "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath",
                    "reason", "reportingController", "source", "type")));

    private FieldRules() {}

    static Set<String> supported(ResourceType type) {
        Set<String> fields = new HashSet<>();
        fields.add("metadata.name");
        if (type.namespaced()) {
            fields.add("metadata.namespace");
        }
        fields.addAll(EXTRA.getOrDefault(type.storageKey(), Set.of()));
        if (type.isCustom()) {
            fields.addAll(type.custom().selectableFields());
        }
        return fields;
    }

    static String value(ResourceType type, JsonNode obj, String field) {
        if (field.equals("source")) {
            // the source component, else the reporting controller
            if (type.storageKey().equals("/events")) {
                String component = obj.path("source").path("component").asText("");
                return component.isEmpty() ? obj.path("reportingComponent").asText("") : component;
            }
            if (type.storageKey().equals("events.k8s.io/events")) {
                String component = obj.path("deprecatedSource").path("component").asText("");
                return component.isEmpty() ? obj.path("reportingController").asText("") : component;
            }
        }
        if (type.isCustom() && type.custom().selectableFields().contains(field)) {
            JsonNode v = Scales.at(obj, field);
            return v.isMissingNode() || v.isNull() ? "" : v.asText();
        }
        return FieldSelector.fieldValue(obj, field);
    }
}
