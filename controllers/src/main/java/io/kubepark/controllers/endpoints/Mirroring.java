package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The EndpointSlice mirroring controller's decision (B9). */
final class Mirroring {
    /** Addresses mirrored from one subset; the rest of a larger subset is not mirrored. */
    static final int MAX_ENDPOINTS_PER_SUBSET = 1000;

    private Mirroring() {
    }

    static List<EndpointWrite> plan(ServiceSnapshot s) {
        JsonNode service = s.service();
        JsonNode endpoints = s.endpoints();
        List<JsonNode> mirrored = EndpointsPlanner.managedSlices(s.slices(), Keys.MIRROR_CONTROLLER);
        if (KubeObjects.hasSelector(service) || endpoints == null
                || "true".equals(ObjectMeta.labels(endpoints).get(Keys.SKIP_MIRROR))) {
            return EndpointsPlanner.deleteAll(mirrored);
        }
        Map<String, SliceReconciler.Group> groups = new LinkedHashMap<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            ArrayNode ports = slicePorts(subset.path("ports"));
            int taken = 0;
            for (String field : List.of("addresses", "notReadyAddresses")) {
                boolean ready = "addresses".equals(field);
                for (JsonNode address : subset.path(field)) {
                    String ip = Json.text(address, "ip");
                    if (ip == null || ip.isEmpty() || taken >= MAX_ENDPOINTS_PER_SUBSET) {
                        continue;
                    }
                    taken++;
                    String type = KubeObjects.family(ip);
                    // Subsets with the same ports end up in the same slices.
                    SliceReconciler.Group group = groups.computeIfAbsent(SliceReconciler.groupKey(type, ports),
                            k -> new SliceReconciler.Group(type, ports, new ArrayList<>()));
                    group.endpoints().add(endpoint(address, ready));
                }
            }
        }
        SliceReconciler.SliceMeta meta = new SliceReconciler.SliceMeta(KubeObjects.namespace(service),
                EndpointsPlanner.generateName(KubeObjects.name(endpoints)), KubeObjects.ownerReference(service),
                labels(endpoints), annotations(endpoints), s.now(), null);
        return SliceReconciler.reconcile(meta, new ArrayList<>(groups.values()), mirrored, Mirroring::key);
    }

    private static String key(JsonNode endpoint) {
        JsonNode ref = endpoint.path("targetRef");
        return endpoint.path("addresses").path(0).asText() + "/" + Json.text(ref, "kind") + "/"
                + Json.text(ref, "namespace") + "/" + Json.text(ref, "name");
    }

    private static Map<String, String> labels(JsonNode endpoints) {
        Map<String, String> labels = new LinkedHashMap<>(ObjectMeta.labels(endpoints));
        labels.remove(Keys.SERVICE_NAME);
        labels.remove(Keys.MANAGED_BY);
        labels.put(Keys.SERVICE_NAME, KubeObjects.name(endpoints));
        labels.put(Keys.MANAGED_BY, Keys.MIRROR_CONTROLLER);
        return labels;
    }

    /** The Endpoints' annotations except the ones that describe that object itself. */
    private static Map<String, String> annotations(JsonNode endpoints) {
        Map<String, String> annotations = ObjectMeta.stringMap(endpoints.path("metadata").get("annotations"));
        annotations.remove(Keys.TRIGGER_TIME);
        annotations.remove(Keys.LAST_APPLIED);
        return annotations;
    }

    private static ArrayNode slicePorts(JsonNode ports) {
        ArrayNode out = Json.NODES.arrayNode();
        for (JsonNode p : ports) {
            ObjectNode port = out.addObject();
            String name = Json.text(p, "name");
            port.put("name", name == null ? "" : name);
            port.put("port", p.path("port").asInt());
            port.put("protocol", KubeObjects.protocol(p));
            String appProtocol = Json.text(p, "appProtocol");
            if (appProtocol != null) {
                port.put("appProtocol", appProtocol);
            }
        }
        return out;
    }

    private static ObjectNode endpoint(JsonNode address, boolean ready) {
        ObjectNode endpoint = Json.object();
        endpoint.putArray("addresses").add(Json.text(address, "ip"));
        endpoint.putObject("conditions").put("ready", ready);
        String hostname = Json.text(address, "hostname");
        if (hostname != null && !hostname.isEmpty()) {
            endpoint.put("hostname", hostname);
        }
        JsonNode ref = address.get("targetRef");
        if (ref != null && ref.isObject()) {
            endpoint.set("targetRef", ref.deepCopy());
        }
        String nodeName = Json.text(address, "nodeName");
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.put("nodeName", nodeName);
        }
        return endpoint;
    }
}
