package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads of Services and Pods shared by the three controllers. */
final class KubeObjects {
    private KubeObjects() {
    }

    static String name(JsonNode obj) {
        return Json.text(obj.path("metadata"), "name");
    }

    static String namespace(JsonNode obj) {
        String ns = Json.text(obj.path("metadata"), "namespace");
        return ns == null ? "" : ns;
    }

    static ObjectNode toObject(Map<String, String> map) {
        ObjectNode o = Json.object();
        map.forEach(o::put);
        return o;
    }

    /** B1: a missing or empty selector means the user owns the Service's endpoints. */
    static boolean hasSelector(JsonNode service) {
        JsonNode selector = service.path("spec").get("selector");
        return selector != null && selector.isObject() && selector.size() > 0;
    }

    /** True when the Service has no cluster IP ({@code None} or empty): the headless label applies. */
    static boolean headless(JsonNode service) {
        String ip = Json.text(service.path("spec"), "clusterIP");
        return ip == null || ip.isEmpty() || "None".equals(ip);
    }

    static boolean publishNotReady(JsonNode service) {
        return service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    }

    /** The address types of the Service, one per {@code spec.ipFamilies} entry; IPv4 when none is set. */
    static List<String> addressTypes(JsonNode service) {
        List<String> out = new ArrayList<>();
        for (String family : Json.strings(service.path("spec").get("ipFamilies"))) {
            if (("IPv4".equals(family) || "IPv6".equals(family)) && !out.contains(family)) {
                out.add(family);
            }
        }
        if (out.isEmpty()) {
            out.add("IPv4");
        }
        return out;
    }

    static String family(String ip) {
        return ip.contains(":") ? "IPv6" : "IPv4";
    }

    /** The Service's owner reference as the controllers write it on what they create. */
    static ObjectNode ownerReference(JsonNode service) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", "v1");
        ref.put("kind", "Service");
        ref.put("name", name(service));
        ref.put("uid", Json.text(service.path("metadata"), "uid"));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    /** B2, with whether terminating pods count (slices keep them, legacy Endpoints only when publishing). */
    static List<JsonNode> selectedPods(JsonNode service, List<JsonNode> pods, boolean includeTerminating) {
        LabelSelector selector = LabelSelector.fromSet(ObjectMeta.stringMap(service.path("spec").get("selector")));
        String ns = namespace(service);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode pod : pods) {
            if (!ns.equals(namespace(pod)) || !selector.matches(ObjectMeta.labels(pod))) {
                continue;
            }
            String phase = Json.text(pod.path("status"), "phase");
            if ("Succeeded".equals(phase) || "Failed".equals(phase) || podIps(pod).isEmpty()) {
                continue;
            }
            if (!includeTerminating && terminating(pod)) {
                continue;
            }
            out.add(pod);
        }
        // Sorted so that the same cluster state always plans the same slices.
        out.sort((a, b) -> name(a).compareTo(name(b)));
        return out;
    }

    static List<String> podIps(JsonNode pod) {
        List<String> ips = new ArrayList<>();
        for (JsonNode entry : pod.path("status").path("podIPs")) {
            String ip = Json.text(entry, "ip");
            if (ip != null && !ip.isEmpty() && !ips.contains(ip)) {
                ips.add(ip);
            }
        }
        String single = Json.text(pod.path("status"), "podIP");
        if (ips.isEmpty() && single != null && !single.isEmpty()) {
            ips.add(single);
        }
        return ips;
    }

    /** The pod's first IP of the family, or null. */
    static String ipOf(JsonNode pod, String family) {
        for (String ip : podIps(pod)) {
            if (family(ip).equals(family)) {
                return ip;
            }
        }
        return null;
    }

    static boolean terminating(JsonNode pod) {
        JsonNode ts = pod.path("metadata").get("deletionTimestamp");
        return ts != null && !ts.isNull();
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if ("Ready".equals(Json.text(condition, "type"))) {
                return "True".equals(Json.text(condition, "status"));
            }
        }
        return false;
    }

    /** B4: the pod's hostname is published only to the Service its subdomain names. */
    static String hostname(JsonNode pod, JsonNode service) {
        String hostname = Json.text(pod.path("spec"), "hostname");
        String subdomain = Json.text(pod.path("spec"), "subdomain");
        if (hostname == null || hostname.isEmpty() || !name(service).equals(subdomain)
                || !namespace(service).equals(namespace(pod))) {
            return null;
        }
        return hostname;
    }

    static ObjectNode targetRef(JsonNode pod) {
        ObjectNode ref = Json.object();
        ref.put("kind", "Pod");
        ref.put("namespace", namespace(pod));
        ref.put("name", name(pod));
        String uid = Json.text(pod.path("metadata"), "uid");
        if (uid != null) {
            ref.put("uid", uid);
        }
        return ref;
    }

    static String protocol(JsonNode port) {
        String p = Json.text(port, "protocol");
        return p == null || p.isEmpty() ? "TCP" : p;
    }

    /**
     * B6: the port a Service port targets on this pod, or null when a named target port has no container
     * port of that name and protocol. Restartable init containers (sidecars) count as containers.
     */
    static Integer targetPort(JsonNode servicePort, JsonNode pod) {
        JsonNode target = servicePort.get("targetPort");
        if (target == null || target.isNull()) {
            return servicePort.path("port").asInt();
        }
        if (target.isNumber()) {
            return target.asInt();
        }
        String name = target.asText();
        if (name.isEmpty()) {
            return servicePort.path("port").asInt();
        }
        String protocol = protocol(servicePort);
        List<JsonNode> containers = new ArrayList<>();
        pod.path("spec").path("containers").forEach(containers::add);
        for (JsonNode init : pod.path("spec").path("initContainers")) {
            if ("Always".equals(Json.text(init, "restartPolicy"))) {
                containers.add(init);
            }
        }
        for (JsonNode container : containers) {
            for (JsonNode port : container.path("ports")) {
                if (name.equals(Json.text(port, "name")) && protocol.equals(protocol(port))) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        return null;
    }

    /** A copy with {@code targetRef.resourceVersion} removed, the field no comparison may depend on. */
    static JsonNode withoutRefVersion(JsonNode endpoint) {
        JsonNode ref = endpoint.get("targetRef");
        if (ref == null || !ref.has("resourceVersion")) {
            return endpoint;
        }
        ObjectNode copy = ((ObjectNode) endpoint).deepCopy();
        ((ObjectNode) copy.get("targetRef")).remove("resourceVersion");
        return copy;
    }
}
