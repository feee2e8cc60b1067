package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadPrintersTest {

    @Test
    void deployment() {
        assertThat(columns("apps", "deployments")).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age",
                "Containers*", "Images*", "Selector*");
        assertThat(cells("apps", "deployments", """
                {"metadata": {"name": "web", "creationTimestamp": "2025-05-30T12:00:00Z"},
                 "spec": {"replicas": 3,
                          "selector": {"matchLabels": {"app": "web"},
                                       "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]}]},
                          "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"},
                                                               {"name": "log", "image": "busybox"}]}}},
                 "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
                """)).containsExactly("web", "2/3", 3L, 2L, "2d", "nginx,log", "nginx:1.27,busybox",
                "app=web,tier in (a,b)");
    }

    @Test
    void deploymentWithoutStatusAndEmptySelector() {
        assertThat(cells("apps", "deployments", """
                {"metadata": {"name": "d"}, "spec": {"selector": {}, "template": {"spec": {"containers": []}}}}
                """)).containsExactly("d", "0/1", 0L, 0L, "<unknown>", "", "", "");
    }

    @Test
    void replicaSet() {
        assertThat(columns("apps", "replicasets")).containsExactly("Name", "Desired", "Current", "Ready", "Age",
                "Containers*", "Images*", "Selector*");
        assertThat(cells("apps", "replicasets", """
                {"metadata": {"name": "web-5d8f", "creationTimestamp": "2025-06-01T11:00:00Z"},
                 "spec": {"replicas": 2, "selector": {"matchLabels": {"pod-template-hash": "5d8f", "app": "web"}},
                          "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
                 "status": {"replicas": 2, "readyReplicas": 1}}
                """)).containsExactly("web-5d8f", 2L, 2L, 1L, "60m", "nginx", "nginx", "app=web,pod-template-hash=5d8f");
    }

    @Test
    void replicationController() {
        assertThat(cells("", "replicationcontrollers", """
                {"metadata": {"name": "rc"},
                 "spec": {"replicas": 1, "selector": {"app": "rc"},
                          "template": {"spec": {"containers": [{"name": "c", "image": "i"}]}}},
                 "status": {"replicas": 1, "readyReplicas": 1}}
                """)).containsExactly("rc", 1L, 1L, 1L, "<unknown>", "c", "i", "app=rc");
    }

    @Test
    void statefulSet() {
        assertThat(columns("apps", "statefulsets")).containsExactly("Name", "Ready", "Age", "Containers*", "Images*");
        assertThat(cells("apps", "statefulsets", """
                {"metadata": {"name": "db", "creationTimestamp": "2025-06-01T11:57:00Z"},
                 "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
                 "status": {"replicas": 3, "readyReplicas": 3}}
                """)).containsExactly("db", "3/3", "3m", "pg", "postgres:16");
    }

    @Test
    void daemonSet() {
        assertThat(columns("apps", "daemonsets")).containsExactly("Name", "Desired", "Current", "Ready", "Up-to-date",
                "Available", "Node Selector", "Age", "Containers*", "Images*", "Selector*");
        assertThat(cells("apps", "daemonsets", """
                {"metadata": {"name": "kube-proxy", "creationTimestamp": "2025-04-01T12:00:00Z"},
                 "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                          "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                                "containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.33.0"}]}}},
                 "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                            "updatedNumberScheduled": 3, "numberAvailable": 2}}
                """)).containsExactly("kube-proxy", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "61d", "kube-proxy",
                "registry.k8s.io/kube-proxy:v1.33.0", "k8s-app=kube-proxy");
    }

    @Test
    void controllerRevision() {
        assertThat(columns("apps", "controllerrevisions")).containsExactly("Name", "Controller", "Revision", "Age");
        assertThat(cells("apps", "controllerrevisions", """
                {"metadata": {"name": "web-7b9c", "creationTimestamp": "2025-06-01T11:59:50Z",
                   "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "controller": true}]},
                 "revision": 2}
                """)).containsExactly("web-7b9c", "statefulset.apps/web", 2L, "10s");
        assertThat(cells("apps", "controllerrevisions", """
                {"metadata": {"name": "orphan"}, "revision": 1}
                """)).containsExactly("orphan", "<none>", 1L, "<unknown>");
    }

    @Test
    void jobStatusesAndCompletions() {
        assertThat(columns("batch", "jobs")).containsExactly("Name", "Status", "Completions", "Duration", "Age",
                "Containers*", "Images*", "Selector*");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "pi", "creationTimestamp": "2025-06-01T11:50:00Z"},
                 "spec": {"completions": 1, "parallelism": 1,
                          "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}},
                          "template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}},
                 "status": {"succeeded": 1, "startTime": "2025-06-01T11:50:00Z", "completionTime": "2025-06-01T11:50:42Z",
                            "conditions": [{"type": "SuccessCriteriaMet", "status": "True"},
                                           {"type": "Complete", "status": "True"}]}}
                """)).containsExactly("pi", "Complete", "1/1", "42s", "10m", "pi", "perl",
                "batch.kubernetes.io/controller-uid=abc");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "work"}, "spec": {"parallelism": 3, "template": {"spec": {"containers": []}}},
                 "status": {"succeeded": 1, "active": 2, "startTime": "2025-06-01T11:57:00Z"}}
                """)).startsWith("work", "Running", "1/1 of 3", "3m");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "bad"}, "spec": {"completions": 2},
                 "status": {"failed": 6, "conditions": [{"type": "FailureTarget", "status": "True"},
                                                        {"type": "Failed", "status": "True"}]}}
                """)).startsWith("bad", "Failed", "0/2", "");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "s"}, "spec": {"suspend": true},
                 "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}
                """)).startsWith("s", "Suspended", "0/1");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "t", "deletionTimestamp": "2025-06-01T11:59:00Z"},
                 "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}
                """).get(1)).isEqualTo("Terminating");
        assertThat(cells("batch", "jobs", """
                {"metadata": {"name": "f"},
                 "status": {"conditions": [{"type": "Complete", "status": "False"}, {"type": "FailureTarget", "status": "True"}]}}
                """).get(1)).isEqualTo("FailureTarget");
    }

    @Test
    void cronJob() {
        assertThat(columns("batch", "cronjobs")).containsExactly("Name", "Schedule", "Timezone", "Suspend", "Active",
                "Last Schedule", "Age", "Containers*", "Images*", "Selector*");
        assertThat(cells("batch", "cronjobs", """
                {"metadata": {"name": "hello", "creationTimestamp": "2025-05-31T12:00:00Z"},
                 "spec": {"schedule": "*/5 * * * *", "suspend": false,
                          "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "hello", "image": "busybox"}]}}}}},
                 "status": {"active": [{"name": "hello-1"}], "lastScheduleTime": "2025-06-01T11:55:00Z"}}
                """)).containsExactly("hello", "*/5 * * * *", "<none>", "False", 1L, "5m", "24h", "hello", "busybox",
                "<none>");
        assertThat(cells("batch", "cronjobs", """
                {"metadata": {"name": "tz"}, "spec": {"schedule": "@daily", "timeZone": "Europe/Paris", "suspend": true}}
                """)).startsWith("tz", "@daily", "Europe/Paris", "True", 0L, "<none>");
    }

    @Test
    void horizontalPodAutoscaler() {
        assertThat(columns("autoscaling", "horizontalpodautoscalers")).containsExactly("Name", "Reference", "Targets",
                "MinPods", "MaxPods", "Replicas", "Age");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", """
                {"metadata": {"name": "web"},
                 "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
                          "minReplicas": 1, "maxReplicas": 10,
                          "metrics": [
                            {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}},
                            {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "100Mi"}}},
                            {"type": "Pods", "pods": {"metric": {"name": "qps"}, "target": {"type": "AverageValue", "averageValue": "1k"}}}]},
                 "status": {"currentReplicas": 2,
                            "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 35, "averageValue": "70m"}}}]}}
                """)).containsExactly("web", "Deployment/web", "cpu: 35%/80%, memory: <unknown>/100Mi + 1 more...", "1", 10L,
                2L, "<unknown>");
        assertThat(cells("autoscaling", "horizontalpodautoscalers", """
                {"metadata": {"name": "v1"},
                 "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "x"}, "maxReplicas": 3,
                          "targetCPUUtilizationPercentage": 50}}
                """)).startsWith("v1", "Deployment/x", "cpu: <unknown>/50%", "<unset>", 3L, 0L);
        assertThat(cells("autoscaling", "horizontalpodautoscalers", """
                {"metadata": {"name": "none"}, "spec": {"scaleTargetRef": {"kind": "StatefulSet", "name": "s"}, "maxReplicas": 2}}
                """).get(2)).isEqualTo("<none>");
    }

    @Test
    void podDisruptionBudget() {
        assertThat(columns("policy", "poddisruptionbudgets")).containsExactly("Name", "Min Available",
                "Max Unavailable", "Allowed Disruptions", "Age");
        assertThat(cells("policy", "poddisruptionbudgets", """
                {"metadata": {"name": "pdb"}, "spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}}
                """)).containsExactly("pdb", "2", "N/A", 1L, "<unknown>");
        assertThat(cells("policy", "poddisruptionbudgets", """
                {"metadata": {"name": "pdb2"}, "spec": {"maxUnavailable": "25%"}}
                """)).containsExactly("pdb2", "N/A", "25%", 0L, "<unknown>");
    }
}
