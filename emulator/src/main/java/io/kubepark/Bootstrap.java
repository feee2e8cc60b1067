package io.kubepark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.List;

/**
 * What a new cluster holds before anyone writes: the system namespaces, the {@code kubernetes} Service, the
 * system PriorityClasses and (unless turned off) the StorageClasses {@code standard} and {@code local}.
 */
final class Bootstrap {
    static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    /** The ClusterIP of kube-system/kube-dns: the tenth address of the service range. */
    static final String DNS_SERVICE_IP = "10.96.0.10";

    private Bootstrap() {}

    /** Creates whatever of this is missing: on a cluster restored from a data dir, that is usually nothing. */
    static void apply(ApiServer api, boolean storageClasses) {
        ResourceType namespaces = api.type("", "v1", "namespaces");
        for (String name : NAMESPACES) {
            ObjectNode ns = Json.object();
            ns.putObject("metadata").put("name", name);
            api.createIfAbsent(namespaces, null, ns);
        }
        ObjectNode service = Json.object();
        service.putObject("metadata").put("name", "kubernetes").putObject("labels")
                .put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", "10.96.0.1").put("sessionAffinity", "None")
                .put("internalTrafficPolicy", "Cluster").put("ipFamilyPolicy", "SingleStack");
        spec.putArray("clusterIPs").add("10.96.0.1");
        spec.putArray("ipFamilies").add("IPv4");
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
                .put("targetPort", 6443);
        api.createIfAbsent(api.type("", "v1", "services"), "default", service);
        api.createIfAbsent(api.type("", "v1", "services"), "kube-system", kubeDns());
        priorityClass(api, "system-cluster-critical", 2_000_000_000,
                "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.");
        priorityClass(api, "system-node-critical", 2_000_001_000,
                "Used for system critical pods that must not be moved from their current node.");
        if (storageClasses) {
            storageClass(api, "standard", "kubepark.io/zonal-disk", true);
            storageClass(api, "local", "kubepark.io/local-path", false);
        }
    }

    /**
     * The classes a kind or cloud cluster starts with: {@code standard}, the default, whose volumes live in the zone
     * of the node the first pod went to, and {@code local}, whose volumes live on that node. Both wait for the first
     * consumer and delete their volumes with their claims.
     */
    private static void storageClass(ApiServer api, String name, String provisioner, boolean isDefault) {
        ObjectNode sc = Json.object();
        ObjectNode meta = sc.putObject("metadata");
        meta.put("name", name);
        if (isDefault) {
            meta.putObject("annotations").put("storageclass.kubernetes.io/is-default-class", "true");
        }
        sc.put("provisioner", provisioner).put("reclaimPolicy", "Delete")
                .put("volumeBindingMode", "WaitForFirstConsumer").put("allowVolumeExpansion", true);
        api.createIfAbsent(api.type("storage.k8s.io", "v1", "storageclasses"), null, sc);
    }

    /** The cluster DNS Service as kubeadm and kind create it; KubePark answers its queries itself. */
    private static ObjectNode kubeDns() {
        ObjectNode service = Json.object();
        ObjectNode meta = service.putObject("metadata");
        meta.put("name", "kube-dns");
        meta.putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true")
                .put("kubernetes.io/name", "CoreDNS");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", DNS_SERVICE_IP);
        spec.putArray("clusterIPs").add(DNS_SERVICE_IP);
        spec.putObject("selector").put("k8s-app", "kube-dns");
        var ports = spec.putArray("ports");
        ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP").put("targetPort", 53);
        ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP").put("targetPort", 53);
        ports.addObject().put("name", "metrics").put("port", 9153).put("protocol", "TCP").put("targetPort", 9153);
        return service;
    }

    /** The built-in PriorityClasses every API server creates (D7). */
    private static void priorityClass(ApiServer api, String name, long value, String description) {
        ObjectNode pc = Json.object();
        pc.putObject("metadata").put("name", name);
        pc.put("value", value).put("description", description).put("preemptionPolicy", "PreemptLowerPriority");
        api.createIfAbsent(api.type("scheduling.k8s.io", "v1", "priorityclasses"), null, pc);
    }
}
