package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkPrintersTest {

    @Test
    void clusterIPService() {
        assertThat(columns("", "services")).containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)",
                "Age", "Selector*");
        assertThat(cells("", "services", """
                {"metadata": {"name": "kubernetes", "creationTimestamp": "2025-06-01T09:00:00Z"},
                 "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
                          "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}}
                """)).containsExactly("kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "3h", "<none>");
    }

    @Test
    void nodePortServiceWithSeveralPorts() {
        assertThat(cells("", "services", """
                {"metadata": {"name": "web"},
                 "spec": {"type": "NodePort", "clusterIPs": ["10.96.10.10"], "selector": {"app": "web", "tier": "fe"},
                          "externalIPs": ["1.2.3.4"],
                          "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30080},
                                    {"port": 443, "nodePort": 30443},
                                    {"port": 53, "protocol": "UDP"}]}}
                """)).containsExactly("web", "NodePort", "10.96.10.10", "1.2.3.4", "80:30080/TCP,443:30443/TCP,53/UDP",
                "<unknown>", "app=web,tier=fe");
    }

    @Test
    void loadBalancerServices() {
        assertThat(cells("", "services", """
                {"metadata": {"name": "lb"},
                 "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.50"], "ports": [{"port": 80, "nodePort": 31000}]}}
                """).get(3)).isEqualTo("<pending>");
        assertThat(cells("", "services", """
                {"metadata": {"name": "lb"},
                 "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.0.50"]},
                 "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}, {"hostname": "a-very-long-hostname.example.com"},
                                                         {"ip": "203.0.113.10"}]}}}
                """)).containsExactly("lb", "LoadBalancer", "10.96.0.50",
                "203.0.113.10,203.0.113.9,a-very-long-hostname.example.com", "<none>", "<unknown>", "<none>");
        assertThat(cells("", "services", """
                {"metadata": {"name": "lb"},
                 "spec": {"type": "LoadBalancer", "externalIPs": ["9.9.9.9"]},
                 "status": {"loadBalancer": {"ingress": [{"ip": "1.1.1.1"}]}}}
                """).get(3)).isEqualTo("1.1.1.1,9.9.9.9");
    }

    @Test
    void externalNameAndHeadlessServices() {
        assertThat(cells("", "services", """
                {"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}
                """)).startsWith("ext", "ExternalName", "<none>", "db.example.com", "<none>");
        assertThat(cells("", "services", """
                {"metadata": {"name": "headless"},
                 "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "ports": [{"port": 5432}]}}
                """)).startsWith("headless", "ClusterIP", "None", "<none>", "5432/TCP");
    }

    @Test
    void endpoints() {
        assertThat(columns("", "endpoints")).containsExactly("Name", "Endpoints", "Age");
        assertThat(cells("", "endpoints", """
                {"metadata": {"name": "web"},
                 "subsets": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                              "ports": [{"port": 80}, {"port": 443}]}]}
                """)).containsExactly("web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", "<unknown>");
        assertThat(cells("", "endpoints", """
                {"metadata": {"name": "v6"}, "subsets": [{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 8080}]}]}
                """).get(1)).isEqualTo("[fd00::1]:8080");
        assertThat(cells("", "endpoints", """
                {"metadata": {"name": "headless"}, "subsets": [{"addresses": [{"ip": "10.0.0.5"}]}]}
                """).get(1)).isEqualTo("10.0.0.5");
        assertThat(cells("", "endpoints", """
                {"metadata": {"name": "empty"}}
                """).get(1)).isEqualTo("<none>");
    }

    @Test
    void endpointSlices() {
        assertThat(columns("discovery.k8s.io", "endpointslices")).containsExactly("Name", "AddressType", "Ports",
                "Endpoints", "Age");
        assertThat(cells("discovery.k8s.io", "endpointslices", """
                {"metadata": {"name": "web-abc12"}, "addressType": "IPv4",
                 "ports": [{"name": "http", "port": 80}, {"name": "named"}, {}],
                 "endpoints": [{"addresses": ["10.0.0.1"]}, {"addresses": ["10.0.0.2", "10.0.0.3"]}, {"addresses": ["10.0.0.4"]}]}
                """)).containsExactly("web-abc12", "IPv4", "80,named,*", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...",
                "<unknown>");
        assertThat(cells("discovery.k8s.io", "endpointslices", """
                {"metadata": {"name": "empty"}, "addressType": "IPv6"}
                """)).containsExactly("empty", "IPv6", "<unset>", "<unset>", "<unknown>");
    }

    @Test
    void ingress() {
        assertThat(columns("networking.k8s.io", "ingresses")).containsExactly("Name", "Class", "Hosts", "Address",
                "Ports", "Age");
        assertThat(cells("networking.k8s.io", "ingresses", """
                {"metadata": {"name": "site"},
                 "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example.com"]}],
                          "rules": [{"host": "a.example.com"}, {"host": "b.example.com"}, {}, {"host": "c.example.com"},
                                    {"host": "d.example.com"}]},
                 "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.1"}]}}}
                """)).containsExactly("site", "nginx", "a.example.com,b.example.com,c.example.com + 2 more...",
                "192.0.2.1", "80, 443", "<unknown>");
        assertThat(cells("networking.k8s.io", "ingresses", """
                {"metadata": {"name": "default"}, "spec": {"defaultBackend": {"service": {"name": "x"}}}}
                """)).containsExactly("default", "<none>", "*", "", "80", "<unknown>");
    }

    @Test
    void ingressClass() {
        assertThat(cells("networking.k8s.io", "ingressclasses", """
                {"metadata": {"name": "nginx"},
                 "spec": {"controller": "k8s.io/ingress-nginx",
                          "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "p"}}}
                """)).containsExactly("nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "<unknown>");
    }

    @Test
    void networkPolicy() {
        assertThat(cells("networking.k8s.io", "networkpolicies", """
                {"metadata": {"name": "deny-all"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}
                """)).containsExactly("deny-all", "<none>", "<unknown>");
        assertThat(cells("networking.k8s.io", "networkpolicies", """
                {"metadata": {"name": "db"},
                 "spec": {"podSelector": {"matchExpressions": [{"key": "role", "operator": "NotIn", "values": ["x"]},
                                                               {"key": "app", "operator": "Exists"},
                                                               {"key": "legacy", "operator": "DoesNotExist"}]}}}
                """).get(1)).isEqualTo("app,!legacy,role notin (x)");
    }

    @Test
    void serviceCIDRAndIPAddress() {
        assertThat(cells("networking.k8s.io", "servicecidrs", """
                {"metadata": {"name": "kubernetes"}, "spec": {"cidrs": ["10.96.0.0/12", "fd00::/108"]}}
                """)).containsExactly("kubernetes", "10.96.0.0/12,fd00::/108", "<unknown>");
        assertThat(cells("networking.k8s.io", "ipaddresses", """
                {"metadata": {"name": "10.96.0.1"},
                 "spec": {"parentRef": {"group": "", "resource": "services", "namespace": "default", "name": "kubernetes"}}}
                """)).containsExactly("10.96.0.1", "services/default/kubernetes", "<unknown>");
    }
}
