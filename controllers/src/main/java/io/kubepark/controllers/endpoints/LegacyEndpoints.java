package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Endpoints controller's decision (B8). */
final class LegacyEndpoints {
    static final int MAX_CAPACITY = 1000;

    private LegacyEndpoints() {
    }

    /** One pod address and the ports it serves, on its way into a subset. */
    private static final class Member {
        final ObjectNode address;
        final boolean ready;
        final TreeMap<String, ObjectNode> ports = new TreeMap<>();

        Member(ObjectNode address, boolean ready) {
            this.address = address;
            this.ready = ready;
        }
    }

    static List<EndpointWrite> plan(ServiceSnapshot s) {
        JsonNode service = s.service();
        if (!KubeObjects.hasSelector(service)) {
            return List.of();
        }
        boolean publishNotReady = KubeObjects.publishNotReady(service);
        String family = KubeObjects.addressTypes(service).get(0);
        JsonNode servicePorts = service.path("spec").path("ports");
        List<Member> members = new ArrayList<>();
        for (JsonNode pod : KubeObjects.selectedPods(service, s.pods(), publishNotReady)) {
            String ip = KubeObjects.ipOf(pod, family);
            if (ip == null) {
                continue;
            }
            Member member = new Member(address(service, pod, ip), publishNotReady || KubeObjects.ready(pod));
            for (JsonNode servicePort : servicePorts) {
                Integer target = KubeObjects.targetPort(servicePort, pod);
                if (target != null) {
                    ObjectNode port = endpointPort(servicePort, target);
                    member.ports.put(portKey(port), port);
                }
            }
            // A pod none of whose ports resolve is left out, except that a headless Service without
            // ports publishes bare addresses.
            if (!member.ports.isEmpty() || (servicePorts.size() == 0 && KubeObjects.headless(service))) {
                members.add(member);
            }
        }
        ArrayNode subsets = repack(members);
        boolean truncated = truncate(subsets);
        return List.copyOf(writes(s, subsets, truncated));
    }

    private static List<EndpointWrite> writes(ServiceSnapshot s, ArrayNode subsets, boolean truncated) {
        JsonNode service = s.service();
        Map<String, String> labels = new LinkedHashMap<>(ObjectMeta.labels(service));
        if (KubeObjects.headless(service)) {
            labels.put(Keys.HEADLESS, "");
        } else {
            labels.remove(Keys.HEADLESS);
        }
        JsonNode current = s.endpoints();
        if (current == null) {
            ObjectNode created = Json.object();
            created.put("apiVersion", "v1");
            created.put("kind", "Endpoints");
            ObjectNode metadata = created.putObject("metadata");
            metadata.put("name", KubeObjects.name(service));
            metadata.put("namespace", KubeObjects.namespace(service));
            fill(created, labels, subsets, truncated, s.now());
            return List.of(new EndpointWrite.Create(Keys.ENDPOINTS, created));
        }
        Map<String, String> annotations = ObjectMeta.stringMap(current.path("metadata").get("annotations"));
        boolean capacityCurrent = truncated == annotations.containsKey(Keys.OVER_CAPACITY);
        if (capacityCurrent && labels.equals(ObjectMeta.labels(current))
                && withoutRefVersions(current.get("subsets")).equals(withoutRefVersions(subsets))) {
            return List.of();
        }
        ObjectNode updated = current.deepCopy();
        fill(updated, labels, subsets, truncated, s.now());
        return List.of(new EndpointWrite.Update(Keys.ENDPOINTS, updated));
    }

    private static void fill(ObjectNode endpoints, Map<String, String> labels, ArrayNode subsets, boolean truncated,
            String now) {
        ObjectNode metadata = Json.child(endpoints, "metadata");
        metadata.set("labels", KubeObjects.toObject(labels));
        ObjectNode annotations = Json.child(metadata, "annotations");
        annotations.put(Keys.TRIGGER_TIME, now);
        if (truncated) {
            annotations.put(Keys.OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(Keys.OVER_CAPACITY);
        }
        if (subsets.isEmpty()) {
            // Go omits an empty subsets list; so does the stored object.
            endpoints.remove("subsets");
        } else {
            endpoints.set("subsets", subsets);
        }
    }

    private static ArrayNode withoutRefVersions(JsonNode subsets) {
        ArrayNode out = Json.NODES.arrayNode();
        if (subsets == null || !subsets.isArray()) {
            return out;
        }
        for (JsonNode subset : subsets) {
            ObjectNode copy = subset.deepCopy();
            for (String field : List.of("addresses", "notReadyAddresses")) {
                JsonNode list = copy.get(field);
                if (list != null && list.isArray()) {
                    for (JsonNode address : list) {
                        JsonNode ref = address.get("targetRef");
                        if (ref instanceof ObjectNode o) {
                            o.remove("resourceVersion");
                        }
                    }
                }
            }
            out.add(copy);
        }
        return out;
    }

    private static ObjectNode address(JsonNode service, JsonNode pod, String ip) {
        ObjectNode address = Json.object();
        address.put("ip", ip);
        String hostname = KubeObjects.hostname(pod, service);
        if (hostname != null) {
            address.put("hostname", hostname);
        }
        String nodeName = Json.text(pod.path("spec"), "nodeName");
        if (nodeName != null && !nodeName.isEmpty()) {
            address.put("nodeName", nodeName);
        }
        address.set("targetRef", KubeObjects.targetRef(pod));
        return address;
    }

    private static ObjectNode endpointPort(JsonNode servicePort, int target) {
        ObjectNode port = Json.object();
        String name = Json.text(servicePort, "name");
        if (name != null && !name.isEmpty()) {
            port.put("name", name);
        }
        port.put("port", target);
        port.put("protocol", KubeObjects.protocol(servicePort));
        String appProtocol = Json.text(servicePort, "appProtocol");
        if (appProtocol != null) {
            port.put("appProtocol", appProtocol);
        }
        return port;
    }

    private static String portKey(JsonNode port) {
        return String.valueOf(Json.text(port, "name")) + "/" + port.path("port").asInt() + "/"
                + KubeObjects.protocol(port);
    }

    private static final Comparator<JsonNode> BY_IP_THEN_UID = Comparator
            .comparing((JsonNode a) -> Json.text(a, "ip"))
            .thenComparing(a -> String.valueOf(Json.text(a.path("targetRef"), "uid")));

    /**
     * The canonical form: addresses serving exactly the same ports share one subset; subsets ordered by
     * their ports, ports ordered by name, addresses ordered by IP then pod UID. Any two controllers that
     * agree on the members agree on the bytes, so an unchanged Service is never rewritten.
     */
    private static ArrayNode repack(List<Member> members) {
        TreeMap<String, List<Member>> bySet = new TreeMap<>();
        for (Member member : members) {
            bySet.computeIfAbsent(String.join(",", member.ports.keySet()), k -> new ArrayList<>()).add(member);
        }
        ArrayNode subsets = Json.NODES.arrayNode();
        for (List<Member> group : bySet.values()) {
            List<JsonNode> ready = new ArrayList<>();
            List<JsonNode> notReady = new ArrayList<>();
            for (Member member : group) {
                (member.ready ? ready : notReady).add(member.address);
            }
            ready.sort(BY_IP_THEN_UID);
            notReady.sort(BY_IP_THEN_UID);
            ObjectNode subset = subsets.addObject();
            if (!ready.isEmpty()) {
                subset.putArray("addresses").addAll(ready);
            }
            if (!notReady.isEmpty()) {
                subset.putArray("notReadyAddresses").addAll(notReady);
            }
            if (!group.get(0).ports.isEmpty()) {
                subset.putArray("ports").addAll(group.get(0).ports.values());
            }
        }
        return subsets;
    }

    /**
     * Keeps at most {@link #MAX_CAPACITY} addresses. Ready addresses win: when they alone exceed the cap,
     * every not-ready address goes and the ready ones are cut; otherwise only not-ready ones are cut. Each
     * subset keeps a share proportional to its size, rounded up, so later subsets may get less.
     */
    static boolean truncate(ArrayNode subsets) {
        int totalReady = 0;
        int totalNotReady = 0;
        for (JsonNode subset : subsets) {
            totalReady += subset.path("addresses").size();
            totalNotReady += subset.path("notReadyAddresses").size();
        }
        if (totalReady + totalNotReady <= MAX_CAPACITY) {
            return false;
        }
        boolean cutReady = totalReady > MAX_CAPACITY;
        int max = cutReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
        int total = cutReady ? totalReady : totalNotReady;
        int room = max;
        for (JsonNode node : subsets) {
            ObjectNode subset = (ObjectNode) node;
            String field = cutReady ? "addresses" : "notReadyAddresses";
            int inSubset = subset.path(field).size();
            int keep = Math.min(room, (int) Math.ceil((double) inSubset / total * max));
            if (inSubset > 0) {
                ArrayNode kept = Json.NODES.arrayNode();
                for (int i = 0; i < keep; i++) {
                    kept.add(subset.get(field).get(i));
                }
                if (kept.isEmpty()) {
                    subset.remove(field);
                } else {
                    subset.set(field, kept);
                }
            }
            if (cutReady) {
                subset.remove("notReadyAddresses");
            }
            room -= keep;
        }
        // A subset left without any address would only carry ports; drop it.
        for (int i = subsets.size() - 1; i >= 0; i--) {
            if (!subsets.get(i).has("addresses") && !subsets.get(i).has("notReadyAddresses")) {
                subsets.remove(i);
            }
        }
        return true;
    }
}
