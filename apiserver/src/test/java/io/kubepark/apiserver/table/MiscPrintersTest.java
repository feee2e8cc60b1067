package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static io.kubepark.apiserver.table.TableTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MiscPrintersTest {

    @Test
    void configMapCountsDataAndBinaryData() {
        assertThat(columns("", "configmaps")).containsExactly("Name", "Data", "Age");
        assertThat(cells("", "configmaps", """
                {"metadata": {"name": "kube-root-ca.crt", "creationTimestamp": "2025-06-01T11:00:00Z"},
                 "data": {"ca.crt": "x", "b": "y"}, "binaryData": {"c": "eg=="}}
                """)).containsExactly("kube-root-ca.crt", 3L, "60m");
    }

    @Test
    void secret() {
        assertThat(columns("", "secrets")).containsExactly("Name", "Type", "Data", "Age");
        assertThat(cells("", "secrets", """
                {"metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}}
                """)).containsExactly("tls", "kubernetes.io/tls", 2L, "<unknown>");
        assertThat(cells("", "secrets", """
                {"metadata": {"name": "empty"}}
                """)).containsExactly("empty", "Opaque", 0L, "<unknown>");
    }

    @Test
    void serviceAccount() {
        assertThat(columns("", "serviceaccounts")).containsExactly("Name", "Secrets", "Age");
        assertThat(cells("", "serviceaccounts", """
                {"metadata": {"name": "default", "creationTimestamp": "2025-06-01T11:59:55Z"}}
                """)).containsExactly("default", 0L, "5s");
    }

    @Test
    void roleBindings() {
        assertThat(columns("rbac.authorization.k8s.io", "rolebindings")).containsExactly("Name", "Role", "Age",
                "Users*", "Groups*", "ServiceAccounts*");
        assertThat(cells("rbac.authorization.k8s.io", "rolebindings", """
                {"metadata": {"name": "rb"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
                 "subjects": [{"kind": "User", "name": "alice"}, {"kind": "User", "name": "bob"},
                              {"kind": "Group", "name": "devs"},
                              {"kind": "ServiceAccount", "name": "builder", "namespace": "ci"}]}
                """)).containsExactly("rb", "Role/reader", "<unknown>", "alice, bob", "devs", "ci/builder");
        assertThat(cells("rbac.authorization.k8s.io", "clusterrolebindings", """
                {"metadata": {"name": "cluster-admin"}, "roleRef": {"kind": "ClusterRole", "name": "cluster-admin"},
                 "subjects": [{"kind": "Group", "name": "system:masters"}]}
                """)).containsExactly("cluster-admin", "ClusterRole/cluster-admin", "<unknown>", "", "system:masters", "");
    }

    @Test
    void rolesAndClusterRolesUseTheDefaultTable() {
        assertThat(columns("rbac.authorization.k8s.io", "roles")).containsExactly("Name", "Created At");
        assertThat(cells("rbac.authorization.k8s.io", "clusterroles", """
                {"metadata": {"name": "admin", "creationTimestamp": "2025-05-01T08:30:00Z"}, "rules": []}
                """)).containsExactly("admin", "2025-05-01T08:30:00Z");
    }

    @Test
    void resourceQuota() {
        assertThat(cells("", "resourcequotas", """
                {"metadata": {"name": "q"},
                 "status": {"hard": {"requests.cpu": "2", "limits.memory": "2Gi", "pods": "10", "limits.cpu": "4"},
                            "used": {"requests.cpu": "500m", "pods": "3"}}}
                """)).containsExactly("q", "pods: 3/10, requests.cpu: 500m/2", "limits.cpu: 0/4, limits.memory: 0/2Gi",
                "<unknown>");
    }

    @Test
    void admissionObjects() {
        assertThat(cells("admissionregistration.k8s.io", "validatingwebhookconfigurations", """
                {"metadata": {"name": "v"}, "webhooks": [{"name": "a"}, {"name": "b"}]}
                """)).containsExactly("v", 2L, "<unknown>");
        assertThat(cells("admissionregistration.k8s.io", "mutatingwebhookconfigurations", """
                {"metadata": {"name": "m"}}
                """)).containsExactly("m", 0L, "<unknown>");
        assertThat(cells("admissionregistration.k8s.io", "validatingadmissionpolicies", """
                {"metadata": {"name": "p"}, "spec": {"paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                 "validations": [{"expression": "true"}]}}
                """)).containsExactly("p", 1L, "v1/ConfigMap", "<unknown>");
        assertThat(cells("admissionregistration.k8s.io", "validatingadmissionpolicybindings", """
                {"metadata": {"name": "b"}, "spec": {"policyName": "p", "paramRef": {"name": "cfg"}}}
                """)).containsExactly("b", "p", "*/cfg", "<unknown>");
        assertThat(cells("admissionregistration.k8s.io", "validatingadmissionpolicybindings", """
                {"metadata": {"name": "b"}, "spec": {"policyName": "p",
                 "paramRef": {"selector": {"matchLabels": {"b": "2", "a": "1"},
                                           "matchExpressions": [{"key": "k", "operator": "In", "values": ["x", "y"]}]}}}}
                """).get(2)).isEqualTo("&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},"
                + "MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}");
    }

    @Test
    void flowSchemasAreSortedByPrecedenceThenName() {
        JsonNode t = table("flowcontrol.apiserver.k8s.io", "flowschemas", """
                {"metadata": {"name": "global-default"}, "spec": {"matchingPrecedence": 9900,
                 "priorityLevelConfiguration": {"name": "global-default"}, "distinguisherMethod": {"type": "ByUser"}}}
                """, """
                {"metadata": {"name": "exempt"}, "spec": {"matchingPrecedence": 1,
                 "priorityLevelConfiguration": {"name": "exempt"}},
                 "status": {"conditions": [{"type": "Dangling", "status": "False"}]}}
                """, """
                {"metadata": {"name": "b-default"}, "spec": {"priorityLevelConfiguration": {"name": "workload-low"}}}
                """, """
                {"metadata": {"name": "a-default"}, "spec": {"priorityLevelConfiguration": {"name": "workload-low"}}}
                """);
        assertThat(cells(t, 0)).containsExactly("exempt", "exempt", 1L, "<none>", "<unknown>", "False");
        assertThat(cells(t, 1).get(0)).isEqualTo("a-default");
        assertThat(cells(t, 2).get(0)).isEqualTo("b-default");
        assertThat(cells(t, 3)).containsExactly("global-default", "global-default", 9900L, "ByUser", "<unknown>", "?");
    }

    @Test
    void priorityLevelConfiguration() {
        assertThat(cells("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", """
                {"metadata": {"name": "workload-low"}, "spec": {"type": "Limited",
                 "limited": {"nominalConcurrencyShares": 100,
                             "limitResponse": {"type": "Queue", "queuing": {"queues": 128, "handSize": 6, "queueLengthLimit": 50}}}}}
                """)).containsExactly("workload-low", "Limited", 100L, 128L, 6L, 50L, "<unknown>");
        assertThat(cells("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", """
                {"metadata": {"name": "exempt"}, "spec": {"type": "Exempt", "exempt": {}}}
                """)).containsExactly("exempt", "Exempt", "<none>", "<none>", "<none>", "<none>", "<unknown>");
    }

    @Test
    void certificateSigningRequest() {
        assertThat(columns("certificates.k8s.io", "certificatesigningrequests")).containsExactly("Name", "Age",
                "SignerName", "Requestor", "RequestedDuration", "Condition");
        assertThat(cells("certificates.k8s.io", "certificatesigningrequests", """
                {"metadata": {"name": "csr-1"},
                 "spec": {"signerName": "kubernetes.io/kube-apiserver-client", "username": "alice", "expirationSeconds": 86400},
                 "status": {"conditions": [{"type": "Approved", "status": "True"}], "certificate": "LS0t"}}
                """)).containsExactly("csr-1", "<unknown>", "kubernetes.io/kube-apiserver-client", "alice", "24h",
                "Approved,Issued");
        assertThat(cells("certificates.k8s.io", "certificatesigningrequests", """
                {"metadata": {"name": "csr-2"}, "spec": {"username": "bob"}}
                """)).containsExactly("csr-2", "<unknown>", "<none>", "bob", "<none>", "Pending");
    }
}
