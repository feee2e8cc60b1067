package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static io.kubepark.apiserver.table.TableTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

class PodPrintersTest {

    private static List<Object> pod(String json) {
        return cells("", "pods", json);
    }

    private static Object status(String json) {
        return pod(json).get(2);
    }

    @Test
    void columnsMatchKubeApiserver() {
        assertThat(columns("", "pods")).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*",
                "Nominated Node*", "Readiness Gates*");
        JsonNode restarts = table("", "pods").path("columnDefinitions").get(3);
        assertThat(restarts.path("type").asText()).isEqualTo("string");
        JsonNode name = table("", "pods").path("columnDefinitions").get(0);
        assertThat(name.path("format").asText()).isEqualTo("name");
    }

    @Test
    void runningPodPrintsEveryColumn() {
        assertThat(pod("""
                {"metadata": {"name": "web-1", "namespace": "default", "creationTimestamp": "2025-06-01T11:55:00Z"},
                 "spec": {"nodeName": "node-a", "containers": [{"name": "app", "image": "nginx"}],
                          "readinessGates": [{"conditionType": "example.com/lb"}]},
                 "status": {"phase": "Running", "podIP": "10.0.0.9", "podIPs": [{"ip": "10.0.0.7"}],
                   "conditions": [{"type": "Ready", "status": "True"}, {"type": "example.com/lb", "status": "True"}],
                   "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
                                          "state": {"running": {"startedAt": "2025-06-01T11:55:30Z"}}}]}}
                """)).containsExactly("web-1", "1/1", "Running", "0", "5m", "10.0.0.7", "node-a", "<none>", "1/1");
    }

    @Test
    void pendingPodWithoutStatuses() {
        assertThat(pod("""
                {"metadata": {"name": "p", "creationTimestamp": "2025-06-01T11:59:30Z"},
                 "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                 "status": {"phase": "Pending"}}
                """)).containsExactly("p", "0/2", "Pending", "0", "30s", "<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void containerCreating() {
        assertThat(status("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Pending", "containerStatuses": [{"name": "a", "ready": false, "restartCount": 0,
                   "state": {"waiting": {"reason": "ContainerCreating"}}}]}}
                """)).isEqualTo("ContainerCreating");
    }

    @Test
    void completedPodHasCompletedRowCondition() {
        JsonNode t = table("", "pods", """
                {"metadata": {"name": "job-x"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Succeeded", "containerStatuses": [{"name": "a", "ready": false, "restartCount": 0,
                   "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}
                """);
        assertThat(cells(t, 0)).startsWith("job-x", "0/1", "Completed", "0", "<unknown>");
        JsonNode condition = t.path("rows").get(0).path("conditions").get(0);
        assertThat(condition.path("type").asText()).isEqualTo("Completed");
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("reason").asText()).isEqualTo("Succeeded");
        assertThat(condition.path("message").asText()).isEqualTo("The pod has completed successfully.");
    }

    @Test
    void crashLoopBackOffWithRestartAge() {
        assertThat(pod("""
                {"metadata": {"name": "crashy", "creationTimestamp": "2025-06-01T10:00:00Z"},
                 "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": false, "restartCount": 5,
                   "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2025-06-01T11:55:00Z"}},
                   "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}
                """)).startsWith("crashy", "0/1", "CrashLoopBackOff", "5 (5m ago)", "120m");
    }

    @Test
    void terminatingWhenDeletionTimestampIsSet() {
        assertThat(status("""
                {"metadata": {"name": "p", "deletionTimestamp": "2025-06-01T11:59:00Z"},
                 "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": true,
                   "state": {"running": {}}}]}}
                """)).isEqualTo("Terminating");
    }

    @Test
    void terminalPodBeingDeletedKeepsItsReason() {
        assertThat(status("""
                {"metadata": {"name": "p", "deletionTimestamp": "2025-06-01T11:59:00Z"},
                 "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Succeeded", "containerStatuses": [{"name": "a",
                   "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}
                """)).isEqualTo("Completed");
    }

    @Test
    void unknownWhenNodeLostAndDeleting() {
        assertThat(status("""
                {"metadata": {"name": "p", "deletionTimestamp": "2025-06-01T11:59:00Z"},
                 "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Running", "reason": "NodeLost"}}
                """)).isEqualTo("Unknown");
    }

    @Test
    void initContainerRunningShowsInitProgress() {
        assertThat(pod("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending",
                   "initContainerStatuses": [
                     {"name": "i1", "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                     {"name": "i2", "restartCount": 0, "state": {"running": {}}}],
                   "containerStatuses": [{"name": "a", "state": {"waiting": {"reason": "PodInitializing"}}}]}}
                """)).startsWith("p", "0/1", "Init:1/2", "0");
    }

    @Test
    void firstInitContainerWaitingPodInitializingIsInitZero() {
        assertThat(status("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending",
                   "initContainerStatuses": [{"name": "i1", "state": {"waiting": {"reason": "PodInitializing"}}}]}}
                """)).isEqualTo("Init:0/1");
    }

    @Test
    void initContainerFailureReasons() {
        assertThat(status("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i1", "restartCount": 3,
                   "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}
                """)).isEqualTo("Init:CrashLoopBackOff");
        assertThat(status("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i1",
                   "state": {"terminated": {"exitCode": 2}}}]}}
                """)).isEqualTo("Init:ExitCode:2");
        assertThat(status("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i1",
                   "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}}
                """)).isEqualTo("Init:OOMKilled");
    }

    @Test
    void podInitializingAfterInitContainersFinished() {
        assertThat(status("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "i1"}], "containers": [{"name": "a"}]},
                 "status": {"phase": "Pending",
                   "conditions": [{"type": "Initialized", "status": "True"}],
                   "initContainerStatuses": [{"name": "i1", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
                   "containerStatuses": [{"name": "a", "state": {"waiting": {"reason": "PodInitializing"}}}]}}
                """)).isEqualTo("PodInitializing");
    }

    @Test
    void completedContainerNextToRunningOneIsNotReadyOrRunning() {
        String template = """
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                 "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "%s"}],
                   "containerStatuses": [
                     {"name": "a", "ready": true, "state": {"running": {}}},
                     {"name": "b", "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}
                """;
        assertThat(pod(template.formatted("False"))).startsWith("p", "1/2", "NotReady");
        assertThat(pod(template.formatted("True"))).startsWith("p", "1/2", "Running");
    }

    @Test
    void terminatedWithoutReasonShowsSignalOrExitCode() {
        assertThat(status("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Running", "containerStatuses": [{"name": "a",
                   "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}}
                """)).isEqualTo("Signal:9");
        assertThat(status("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Failed", "containerStatuses": [{"name": "a",
                   "state": {"terminated": {"exitCode": 3}}}]}}
                """)).isEqualTo("ExitCode:3");
    }

    @Test
    void evictedPodShowsStatusReason() {
        assertThat(status("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Failed", "reason": "Evicted"}}
                """)).isEqualTo("Evicted");
    }

    @Test
    void schedulingGated() {
        assertThat(status("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                 "status": {"phase": "Pending",
                   "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}}
                """)).isEqualTo("SchedulingGated");
    }

    @Test
    void sidecarContainersCountTowardsReadyAndRestarts() {
        assertThat(pod("""
                {"metadata": {"name": "p", "creationTimestamp": "2025-06-01T11:00:00Z"},
                 "spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}],
                          "containers": [{"name": "app"}]},
                 "status": {"phase": "Running",
                   "initContainerStatuses": [{"name": "proxy", "started": true, "ready": true, "restartCount": 1,
                     "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-06-01T11:50:00Z"}},
                     "state": {"running": {}}}],
                   "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}}
                """)).startsWith("p", "2/2", "Running", "1 (10m ago)", "60m");
    }

    @Test
    void restartsAddUpAcrossContainersAndUseTheLatestTermination() {
        assertThat(pod("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                 "status": {"phase": "Running", "containerStatuses": [
                   {"name": "a", "ready": true, "restartCount": 2, "state": {"running": {}},
                    "lastState": {"terminated": {"finishedAt": "2025-06-01T09:00:00Z"}}},
                   {"name": "b", "ready": true, "restartCount": 1, "state": {"running": {}},
                    "lastState": {"terminated": {"finishedAt": "2025-06-01T11:58:00Z"}}}]}}
                """).get(3)).isEqualTo("3 (2m ago)");
    }

    @Test
    void readinessGatesCountTrueConditions() {
        assertThat(pod("""
                {"metadata": {"name": "p"},
                 "spec": {"containers": [{"name": "a"}],
                          "readinessGates": [{"conditionType": "g1"}, {"conditionType": "g2"}]},
                 "status": {"phase": "Running", "nominatedNodeName": "n2",
                            "conditions": [{"type": "g1", "status": "True"}, {"type": "g2", "status": "False"}]}}
                """).subList(5, 9)).containsExactly("<none>", "<none>", "n2", "1/2");
    }

    @Test
    void podTemplates() {
        assertThat(cells("", "podtemplates", """
                {"metadata": {"name": "tpl"},
                 "template": {"metadata": {"labels": {"b": "2", "a": "1"}},
                              "spec": {"containers": [{"name": "x", "image": "busybox"}, {"name": "y", "image": "nginx"}]}}}
                """)).containsExactly("tpl", "x,y", "busybox,nginx", "a=1,b=2");
    }
}
