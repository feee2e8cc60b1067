package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Node and Lease objects a kubelet registers and renews (pkg/kubelet/nodestatus, pkg/kubelet/nodelease). */
final class NodeObjects {
    static final String KUBELET_VERSION = "v1.33.1";
    static final int LEASE_DURATION_SECONDS = 40;

    private NodeObjects() {}

    /** The zone of the node with this index: nodes are spread over three zones in turn. */
    static String zone(int index) {
        return "zone-" + (char) ('a' + index % 3);
    }

    /** The node's InternalIP: 172.18.0.2, .3, ... as on a kind network. */
    static String internalIp(int index) {
        int host = index + 2;
        return "172.18." + host / 250 + "." + host % 250;
    }

    /** The node's pod range: 10.244.&lt;index&gt;.0/24 out of the cluster CIDR 10.244.0.0/16. */
    static String podCidr(int index) {
        return "10.244." + index % 256 + ".0/24";
    }

    static ObjectNode node(String name, int index, NodeShape shape, String now) {
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = node.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels")
                .put("beta.kubernetes.io/arch", "amd64")
                .put("beta.kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "amd64")
                .put("kubernetes.io/hostname", name)
                .put("kubernetes.io/os", "linux")
                .put("topology.kubernetes.io/region", "region-1")
                .put("topology.kubernetes.io/zone", zone(index));
        meta.putObject("annotations")
                .put("node.alpha.kubernetes.io/ttl", "0")
                .put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        ObjectNode spec = node.putObject("spec");
        spec.put("podCIDR", podCidr(index));
        spec.putArray("podCIDRs").add(podCidr(index));
        spec.put("providerID", "kubepark://" + name);
        ObjectNode status = node.putObject("status");
        status.set("capacity", resources(shape));
        status.set("allocatable", resources(shape));
        status.set("conditions", conditions(now, true));
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", internalIp(index));
        addresses.addObject().put("type", "Hostname").put("address", name);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        status.putObject("nodeInfo")
                .put("machineID", id)
                .put("systemUUID", UUID.nameUUIDFromBytes(("system-" + name).getBytes(StandardCharsets.UTF_8)).toString())
                .put("bootID", UUID.nameUUIDFromBytes(("boot-" + name).getBytes(StandardCharsets.UTF_8)).toString())
                .put("kernelVersion", "6.8.0-kubepark")
                .put("osImage", "KubePark fake node")
                .put("containerRuntimeVersion", "kubepark://0.1.0")
                .put("kubeletVersion", KUBELET_VERSION)
                .put("kubeProxyVersion", "")
                .put("operatingSystem", "linux")
                .put("architecture", "amd64");
        return node;
    }

    private static ObjectNode resources(NodeShape shape) {
        ObjectNode r = Json.object();
        r.put("cpu", shape.cpu());
        r.put("ephemeral-storage", "100Gi");
        r.put("hugepages-1Gi", "0");
        r.put("hugepages-2Mi", "0");
        r.put("memory", shape.memory());
        r.put("pods", Integer.toString(shape.pods()));
        return r;
    }

    /** The four kubelet conditions (E7); {@code ready} false gives Ready=False with the kubelet's reason. */
    static ArrayNode conditions(String now, boolean ready) {
        ArrayNode conditions = Json.NODES.arrayNode();
        condition(conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now);
        condition(conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
        condition(conditions, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                now);
        if (ready) {
            condition(conditions, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
        } else {
            condition(conditions, "Ready", "False", "KubeletNotReady", "container runtime is down", now);
        }
        return conditions;
    }

    private static void condition(ArrayNode conditions, String type, String status, String reason, String message,
            String now) {
        conditions.addObject().put("type", type).put("status", status).put("lastHeartbeatTime", now)
                .put("lastTransitionTime", now).put("reason", reason).put("message", message);
    }

    /** The node's Lease in kube-node-lease, owned by the Node. */
    static ObjectNode lease(String name, String nodeUid, String renewTime) {
        ObjectNode lease = Json.object();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        ObjectNode meta = lease.putObject("metadata");
        meta.put("name", name).put("namespace", "kube-node-lease");
        meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node").put("name", name)
                .put("uid", nodeUid);
        lease.putObject("spec").put("holderIdentity", name).put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
                .put("renewTime", renewTime);
        return lease;
    }
}
