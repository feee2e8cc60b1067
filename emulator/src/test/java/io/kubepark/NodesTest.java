package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.kubelet.NodeShape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes with fake kubelets: what they report, and their heartbeats on a virtual clock (E7). */
class NodesTest {
    private KubePark park;
    private KubernetesClient client;

    private void start(KubePark.Builder builder) {
        park = builder.start();
        client = Clients.fabric8(park);
    }

    @AfterEach
    void stop() {
        client.close();
        park.close();
    }

    @Test
    void threeNodesSpreadOverZonesReportTheirShapeAndReadiness() {
        start(KubePark.builder().virtualClock());
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactly("node-1", "node-2", "node-3");
        assertThat(nodes).extracting(n -> n.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
                .containsExactly("zone-a", "zone-b", "zone-c");
        Node first = nodes.get(0);
        assertThat(first.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64")
                .containsEntry("topology.kubernetes.io/region", "region-1");
        assertThat(first.getSpec().getPodCIDR()).isEqualTo("10.244.0.0/24");
        assertThat(first.getStatus().getCapacity().get("cpu").toString()).isEqualTo("4");
        assertThat(first.getStatus().getAllocatable().get("memory").toString()).isEqualTo("16Gi");
        assertThat(first.getStatus().getAllocatable().get("pods").toString()).isEqualTo("110");
        assertThat(first.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
                .containsExactly("MemoryPressure=False KubeletHasSufficientMemory",
                        "DiskPressure=False KubeletHasNoDiskPressure", "PIDPressure=False KubeletHasSufficientPID",
                        "Ready=True KubeletReady");
        assertThat(first.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.33.1");
        assertThat(first.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=172.18.0.2", "Hostname=node-1");
    }

    @Test
    void theBuilderSetsTheNumberAndShapeOfNodes() {
        start(KubePark.builder().nodes(5).nodeShape(new NodeShape("2", "4Gi", 20)));
        assertThat(park.nodeNames()).hasSize(5);
        Node fifth = client.nodes().withName("node-5").get();
        assertThat(fifth.getStatus().getCapacity().get("cpu").toString()).isEqualTo("2");
        assertThat(fifth.getStatus().getCapacity().get("pods").toString()).isEqualTo("20");
        assertThat(fifth.getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "zone-b");
    }

    /** The renew time as an instant (fabric8 prints a time on a whole minute without its seconds). */
    private static Instant renewTime(Lease lease) {
        return java.time.OffsetDateTime.parse(lease.getSpec().getRenewTime().toString()).toInstant();
    }

    @Test
    void leasesAreRenewedEveryTenVirtualSecondsAndOwnedByTheirNode() {
        start(KubePark.builder().virtualClock().nodes(1));
        Lease lease = client.leases().inNamespace("kube-node-lease").withName("node-1").get();
        Instant first = renewTime(lease);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("node-1");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind() + "/" + o.getName()).isEqualTo("Node/node-1"));
        park.advance(Duration.ofSeconds(30));
        Instant renewed = renewTime(client.leases().inNamespace("kube-node-lease").withName("node-1").get());
        assertThat(Duration.between(first, renewed)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aNodeThatStopsHeartbeatingKeepsItsLastRenewTime() {
        start(KubePark.builder().virtualClock().nodes(2));
        park.advance(Duration.ofSeconds(10));
        park.stopHeartbeats("node-2");
        String stale = client.leases().inNamespace("kube-node-lease").withName("node-2").get().getSpec()
                .getRenewTime().toString();
        park.advance(Duration.ofSeconds(30));
        assertThat(client.leases().inNamespace("kube-node-lease").withName("node-2").get().getSpec().getRenewTime()
                .toString()).isEqualTo(stale);
        assertThat(client.leases().inNamespace("kube-node-lease").withName("node-1").get().getSpec().getRenewTime()
                .toString()).isNotEqualTo(stale);
        NodeCondition ready = client.nodes().withName("node-2").get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
    }

    private String readyOf(String node) {
        return client.nodes().withName(node).get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus();
    }

    private List<String> taintsOf(String node) {
        var taints = client.nodes().withName(node).get().getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void aSilentNodeTurnsUnknownAfterTheGracePeriodAndIsTaintedUnreachable() {
        start(KubePark.builder().virtualClock().nodes(2));
        park.stopHeartbeats("node-2");
        park.advance(Duration.ofSeconds(45));
        assertThat(readyOf("node-2")).isEqualTo("True");
        park.advance(Duration.ofSeconds(15));
        assertThat(readyOf("node-2")).isEqualTo("Unknown");
        assertThat(client.nodes().withName("node-2").get().getStatus().getConditions())
                .allSatisfy(c -> assertThat(c.getStatus() + " " + c.getReason() + " " + c.getMessage())
                        .isEqualTo("Unknown NodeStatusUnknown Kubelet stopped posting node status."));
        assertThat(taintsOf("node-2")).containsExactly("node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute");
        assertThat(client.nodes().withName("node-2").get().getSpec().getTaints().get(1).getTimeAdded()).isNotNull();
        assertThat(readyOf("node-1")).isEqualTo("True");
        assertThat(taintsOf("node-1")).isEmpty();
        park.resumeHeartbeats("node-2");
        park.advance(Duration.ofSeconds(5));
        assertThat(readyOf("node-2")).isEqualTo("True");
        assertThat(taintsOf("node-2")).isEmpty();
    }

    @Test
    void aCordonedNodeGetsTheUnschedulableTaint() {
        start(KubePark.builder().virtualClock().nodes(1));
        client.nodes().withName("node-1").edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        park.awaitIdle();
        assertThat(taintsOf("node-1")).containsExactly("node.kubernetes.io/unschedulable:NoSchedule");
        client.nodes().withName("node-1").edit(n -> {
            n.getSpec().setUnschedulable(false);
            return n;
        });
        park.awaitIdle();
        assertThat(taintsOf("node-1")).isEmpty();
    }

    @Test
    void aNodeWithoutAKubeletTurnsUnknownAndUnreachable() {
        start(KubePark.builder().virtualClock().nodes(0));
        client.nodes().resource(new NodeBuilder().withNewMetadata()
                .withName("manual").endMetadata().build()).create();
        park.advance(Duration.ofSeconds(55));
        assertThat(readyOf("manual")).isEqualTo("Unknown");
        assertThat(client.nodes().withName("manual").get().getStatus().getConditions()).extracting(c -> c.getReason())
                .containsOnly("NodeStatusNeverUpdated");
        assertThat(taintsOf("manual")).containsExactly("node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute");
    }

    @Test
    void aNodeReportedNotReadyIsTaintedNotReadyAndMemoryPressureKeepsPodsAway() {
        start(KubePark.builder().virtualClock().nodes(1));
        client.nodes().withName("node-1").editStatus(n -> {
            n.getStatus().getConditions().forEach(c -> {
                if (c.getType().equals("Ready")) {
                    c.setStatus("False");
                }
                if (c.getType().equals("MemoryPressure")) {
                    c.setStatus("True");
                }
            });
            return n;
        });
        park.awaitIdle();
        assertThat(taintsOf("node-1")).containsExactly("node.kubernetes.io/not-ready:NoSchedule",
                "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/memory-pressure:NoSchedule");
    }
}
