package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.CycleState;
import io.kubepark.scheduler.FilterPlugin;
import io.kubepark.scheduler.NodeInfo;
import io.kubepark.scheduler.Status;
import java.util.ArrayList;
import java.util.List;

/** A requested host port must be free on the node; {@code 0.0.0.0} (or no hostIP) clashes with every IP. */
final class NodePorts implements FilterPlugin {

    static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    private record HostPort(String ip, String protocol, int port) {
        boolean conflicts(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals(other.ip) || ip.equals("0.0.0.0") || other.ip.equals("0.0.0.0"));
        }
    }

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public Status filter(CycleState state, JsonNode pod, NodeInfo node) {
        List<HostPort> wanted = hostPorts(pod);
        if (wanted.isEmpty()) {
            return Status.success();
        }
        for (JsonNode other : node.pods()) {
            for (HostPort used : hostPorts(other)) {
                for (HostPort w : wanted) {
                    if (w.conflicts(used)) {
                        return Status.unschedulable(REASON);
                    }
                }
            }
        }
        return Status.success();
    }

    private static List<HostPort> hostPorts(JsonNode pod) {
        List<HostPort> out = new ArrayList<>();
        List<JsonNode> containers = new ArrayList<>();
        pod.path("spec").path("containers").forEach(containers::add);
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if (c.path("restartPolicy").asText().equals("Always")) {
                containers.add(c);
            }
        }
        for (JsonNode c : containers) {
            for (JsonNode p : c.path("ports")) {
                int hostPort = p.path("hostPort").asInt(0);
                if (hostPort > 0) {
                    String ip = p.path("hostIP").asText();
                    out.add(new HostPort(ip.isEmpty() ? "0.0.0.0" : ip, p.path("protocol").asText("TCP"), hostPort));
                }
            }
        }
        return out;
    }
}
