package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Everything one sync of one Service reads, as the API server stores it.
 *
 * @param service the Service
 * @param pods the pods of the Service's namespace (the planner applies the selector itself)
 * @param nodes nodes by name, read for the {@code topology.kubernetes.io/zone} label
 * @param slices the EndpointSlices of the namespace labelled {@code kubernetes.io/service-name=<svc>};
 *     the planner only touches the ones its own controller manages
 * @param endpoints the Endpoints named like the Service, or null when there is none
 * @param now the time written into {@code endpoints.kubernetes.io/last-change-trigger-time} (RFC3339Nano)
 */
public record ServiceSnapshot(JsonNode service, List<JsonNode> pods, Map<String, JsonNode> nodes,
        List<JsonNode> slices, JsonNode endpoints, String now) {
    public ServiceSnapshot {
        pods = pods == null ? List.of() : List.copyOf(pods);
        nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
        slices = slices == null ? List.of() : List.copyOf(slices);
    }
}
