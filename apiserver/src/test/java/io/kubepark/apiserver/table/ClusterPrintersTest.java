package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterPrintersTest {

    @Test
    void readyControlPlaneNode() {
        assertThat(columns("", "nodes")).containsExactly("Name", "Status", "Roles", "Age", "Version", "Internal-IP*",
                "External-IP*", "OS-Image*", "Kernel-Version*", "Container-Runtime*");
        assertThat(cells("", "nodes", """
                {"metadata": {"name": "kind-control-plane", "creationTimestamp": "2025-05-31T00:00:00Z",
                   "labels": {"node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/etcd": "",
                              "kubernetes.io/role": "master", "kubernetes.io/hostname": "kind-control-plane"}},
                 "status": {"conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}],
                   "addresses": [{"type": "Hostname", "address": "kind-control-plane"}, {"type": "InternalIP", "address": "172.18.0.2"}],
                   "nodeInfo": {"kubeletVersion": "v1.33.1", "osImage": "Debian GNU/Linux 12 (bookworm)",
                                "kernelVersion": "6.1.0-18-amd64", "containerRuntimeVersion": "containerd://2.1.1"}}}
                """)).containsExactly("kind-control-plane", "Ready", "control-plane,etcd,master", "36h", "v1.33.1",
                "172.18.0.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://2.1.1");
    }

    @Test
    void nodeStatuses() {
        assertThat(cells("", "nodes", """
                {"metadata": {"name": "n"}, "spec": {"unschedulable": true},
                 "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}}
                """)).containsExactly("n", "NotReady,SchedulingDisabled", "<none>", "<unknown>", "", "<none>", "<none>",
                "<unknown>", "<unknown>", "<unknown>");
        assertThat(cells("", "nodes", """
                {"metadata": {"name": "n"}, "spec": {"unschedulable": true}}
                """).get(1)).isEqualTo("Unknown,SchedulingDisabled");
        assertThat(cells("", "nodes", """
                {"metadata": {"name": "n"}, "status": {"conditions": [{"type": "Ready", "status": "True"}],
                 "addresses": [{"type": "ExternalIP", "address": "203.0.113.5"}]}}
                """).subList(1, 7)).containsExactly("Ready", "<none>", "<unknown>", "", "<none>", "203.0.113.5");
    }

    @Test
    void namespace() {
        assertThat(columns("", "namespaces")).containsExactly("Name", "Status", "Age");
        assertThat(cells("", "namespaces", """
                {"metadata": {"name": "kube-system", "creationTimestamp": "2025-06-01T11:58:30Z"}, "status": {"phase": "Active"}}
                """)).containsExactly("kube-system", "Active", "90s");
        assertThat(cells("", "namespaces", """
                {"metadata": {"name": "gone"}, "status": {"phase": "Terminating"}}
                """).get(1)).isEqualTo("Terminating");
    }

    @Test
    void coreEvent() {
        assertThat(columns("", "events")).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject*",
                "Source*", "Message", "First Seen*", "Count*", "Name*");
        assertThat(cells("", "events", """
                {"metadata": {"name": "web-1.17f0a", "namespace": "default"},
                 "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"},
                 "reason": "Pulled", "message": "  Successfully pulled image \\"nginx\\"\\n", "type": "Normal",
                 "source": {"component": "kubelet", "host": "node-a"},
                 "firstTimestamp": "2025-06-01T11:50:00Z", "lastTimestamp": "2025-06-01T11:58:00Z", "count": 4}
                """)).containsExactly("2m", "Normal", "Pulled", "pod/web-1", "spec.containers{app}", "kubelet, node-a",
                "Successfully pulled image \"nginx\"", "10m", 4L, "web-1.17f0a");
    }

    @Test
    void newStyleEventsUseEventTimeSeriesAndReportingController() {
        assertThat(cells("", "events", """
                {"metadata": {"name": "e1"}, "involvedObject": {"kind": "Node"}, "reason": "Started", "type": "Normal",
                 "eventTime": "2025-06-01T11:59:00.123456Z", "reportingComponent": "kube-proxy", "message": "hi"}
                """)).containsExactly("59s", "Normal", "Started", "node", "", "kube-proxy", "hi", "59s", 1L, "e1");
        assertThat(cells("", "events", """
                {"metadata": {"name": "e2"}, "involvedObject": {"kind": "Pod", "name": "p"}, "type": "Warning",
                 "reason": "BackOff", "eventTime": "2025-06-01T11:00:00.000000Z", "reportingComponent": "kubelet",
                 "reportingInstance": "node-b",
                 "series": {"count": 7, "lastObservedTime": "2025-06-01T11:59:30.000000Z"}}
                """)).containsExactly("30s", "Warning", "BackOff", "pod/p", "", "kubelet, node-b", "", "60m", 7L, "e2");
    }

    @Test
    void eventsGroupEvents() {
        assertThat(cells("events.k8s.io", "events", """
                {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "e3"},
                 "regarding": {"kind": "Deployment", "name": "web"}, "reason": "ScalingReplicaSet", "type": "Normal",
                 "note": "Scaled up replica set web-1 to 3", "reportingController": "deployment-controller",
                 "deprecatedFirstTimestamp": "2025-06-01T11:40:00Z", "deprecatedLastTimestamp": "2025-06-01T11:55:00Z",
                 "deprecatedCount": 2, "deprecatedSource": {"component": "deployment-controller"}}
                """)).containsExactly("5m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
                "Scaled up replica set web-1 to 3", "20m", 2L, "e3");
    }

    @Test
    void leasePriorityClassRuntimeClassComponentStatus() {
        assertThat(cells("coordination.k8s.io", "leases", """
                {"metadata": {"name": "kube-scheduler"}, "spec": {"holderIdentity": "kube-scheduler-abc"}}
                """)).containsExactly("kube-scheduler", "kube-scheduler-abc", "<unknown>");
        assertThat(cells("coordination.k8s.io", "leases", """
                {"metadata": {"name": "free"}, "spec": {}}
                """)).containsExactly("free", "", "<unknown>");
        assertThat(columns("scheduling.k8s.io", "priorityclasses")).containsExactly("Name", "Value", "Global-Default",
                "Age", "PreemptionPolicy");
        assertThat(cells("scheduling.k8s.io", "priorityclasses", """
                {"metadata": {"name": "system-node-critical"}, "value": 2000001000, "preemptionPolicy": "PreemptLowerPriority"}
                """)).containsExactly("system-node-critical", 2000001000L, false, "<unknown>", "PreemptLowerPriority");
        assertThat(cells("node.k8s.io", "runtimeclasses", """
                {"metadata": {"name": "gvisor"}, "handler": "runsc"}
                """)).containsExactly("gvisor", "runsc", "<unknown>");
        assertThat(cells("", "componentstatuses", """
                {"metadata": {"name": "etcd-0"}, "conditions": [{"type": "Healthy", "status": "True", "message": "ok"}]}
                """)).containsExactly("etcd-0", "Healthy", "ok", "");
    }
}
