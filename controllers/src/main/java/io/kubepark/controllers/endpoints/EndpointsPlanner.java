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

/**
 * The decisions of the Endpoints, EndpointSlice and EndpointSlice mirroring controllers for one Service:
 * each method reads a {@link ServiceSnapshot} and returns the writes that bring the stored objects in line,
 * in the order to apply them (creates, updates, deletes). Nothing is written, read from a clock or cached;
 * planning the result of applying a plan again returns no writes, apart from changes in the snapshot.
 */
public final class EndpointsPlanner {
    private EndpointsPlanner() {
    }

    /**
     * The EndpointSlice controller: one slice family per {@code spec.ipFamilies} entry, pods grouped by how
     * the Service's ports resolve on them, at most 100 endpoints a slice, an empty placeholder slice when no
     * pod matches, and no writes for slices that would not change. A Service without a selector gets its
     * controller-managed slices deleted.
     */
    public static List<EndpointWrite> slices(ServiceSnapshot s) {
        JsonNode service = s.service();
        List<JsonNode> managed = managedSlices(s.slices(), Keys.SLICE_CONTROLLER);
        if (!KubeObjects.hasSelector(service)) {
            return deleteAll(managed);
        }
        List<String> types = KubeObjects.addressTypes(service);
        Map<String, SliceReconciler.Group> groups = new LinkedHashMap<>();
        for (String type : types) {
            for (JsonNode pod : KubeObjects.selectedPods(service, s.pods(), true)) {
                String ip = KubeObjects.ipOf(pod, type);
                if (ip == null) {
                    continue;
                }
                ArrayNode ports = slicePorts(service, pod);
                SliceReconciler.Group group = groups.computeIfAbsent(SliceReconciler.groupKey(type, ports),
                        k -> new SliceReconciler.Group(type, ports, new ArrayList<>()));
                group.endpoints().add(sliceEndpoint(service, pod, ip, s.nodes()));
            }
        }
        SliceReconciler.SliceMeta meta = new SliceReconciler.SliceMeta(KubeObjects.namespace(service),
                generateName(KubeObjects.name(service)), KubeObjects.ownerReference(service), sliceLabels(service),
                        Map.of(),
                s.now(), types.get(0));
        List<SliceReconciler.Group> desired = new ArrayList<>(groups.values());
        return SliceReconciler.reconcile(meta, desired, managed, EndpointsPlanner::podKey);
    }

    /**
     * The Endpoints controller: the Endpoints named like the Service, ready and not-ready addresses packed
     * into canonical subsets, capped at 1000 addresses. A Service without a selector gets no writes: its
     * Endpoints belong to the user.
     */
    public static List<EndpointWrite> endpoints(ServiceSnapshot s) {
        return LegacyEndpoints.plan(s);
    }

    /**
     * The EndpointSlice mirroring controller: the user's Endpoints of a selector-less Service copied into
     * slices managed by {@code endpointslicemirroring-controller.k8s.io}; {@code s.slices()} are read as the
     * mirrored slices (others are ignored). Mirrored slices are deleted once the Service gains a selector,
     * the Endpoints go away, or they carry {@code endpointslice.kubernetes.io/skip-mirror: "true"}.
     */
    public static List<EndpointWrite> mirror(ServiceSnapshot s) {
        return Mirroring.plan(s);
    }

    static List<JsonNode> managedSlices(List<JsonNode> slices, String controller) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode slice : slices) {
            if (controller.equals(ObjectMeta.labels(slice).get(Keys.MANAGED_BY))) {
                out.add(slice);
            }
        }
        return out;
    }

    static List<EndpointWrite> deleteAll(List<JsonNode> slices) {
        List<EndpointWrite> writes = new ArrayList<>();
        for (JsonNode slice : slices) {
            writes.add(new EndpointWrite.Delete(Keys.SLICES, KubeObjects.name(slice)));
        }
        return List.copyOf(writes);
    }

    static String generateName(String service) {
        // The prefix must itself leave room for the random suffix within a DNS subdomain name.
        String prefix = service + "-";
        return prefix.length() > 248 ? service : prefix;
    }

    private static String podKey(JsonNode endpoint) {
        JsonNode ref = endpoint.path("targetRef");
        return Json.text(ref, "namespace") + "/" + Json.text(ref, "name");
    }

    private static Map<String, String> sliceLabels(JsonNode service) {
        Map<String, String> labels = new LinkedHashMap<>(ObjectMeta.labels(service));
        labels.remove(Keys.SERVICE_NAME);
        labels.remove(Keys.MANAGED_BY);
        if (KubeObjects.headless(service)) {
            labels.put(Keys.HEADLESS, "");
        } else {
            labels.remove(Keys.HEADLESS);
        }
        labels.put(Keys.SERVICE_NAME, KubeObjects.name(service));
        labels.put(Keys.MANAGED_BY, Keys.SLICE_CONTROLLER);
        return labels;
    }

    /** B6: the Service's ports as they resolve on this pod; a port that does not resolve is left out. */
    private static ArrayNode slicePorts(JsonNode service, JsonNode pod) {
        ArrayNode ports = Json.NODES.arrayNode();
        for (JsonNode servicePort : service.path("spec").path("ports")) {
            Integer target = KubeObjects.targetPort(servicePort, pod);
            if (target == null) {
                continue;
            }
            ObjectNode port = ports.addObject();
            String name = Json.text(servicePort, "name");
            port.put("name", name == null ? "" : name);
            port.put("port", target);
            port.put("protocol", KubeObjects.protocol(servicePort));
            String appProtocol = Json.text(servicePort, "appProtocol");
            if (appProtocol != null) {
                port.put("appProtocol", appProtocol);
            }
        }
        return ports;
    }

    /** B3 and B4. */
    private static ObjectNode sliceEndpoint(JsonNode service, JsonNode pod, String ip, Map<String, JsonNode> nodes) {
        ObjectNode endpoint = Json.object();
        endpoint.putArray("addresses").add(ip);
        boolean serving = KubeObjects.ready(pod);
        boolean terminating = KubeObjects.terminating(pod);
        ObjectNode conditions = endpoint.putObject("conditions");
        conditions.put("ready", KubeObjects.publishNotReady(service) || (serving && !terminating));
        conditions.put("serving", serving);
        conditions.put("terminating", terminating);
        String hostname = KubeObjects.hostname(pod, service);
        if (hostname != null) {
            endpoint.put("hostname", hostname);
        }
        endpoint.set("targetRef", KubeObjects.targetRef(pod));
        String nodeName = Json.text(pod.path("spec"), "nodeName");
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.put("nodeName", nodeName);
            JsonNode node = nodes.get(nodeName);
            String zone = node == null ? null : ObjectMeta.labels(node).get(Keys.ZONE);
            if (zone != null) {
                endpoint.put("zone", zone);
            }
        }
        return endpoint;
    }
}
