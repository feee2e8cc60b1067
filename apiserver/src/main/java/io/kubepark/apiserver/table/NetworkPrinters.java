package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.age;
import static io.kubepark.apiserver.table.Obj.has;
import static io.kubepark.apiserver.table.Obj.list;
import static io.kubepark.apiserver.table.Obj.lng;
import static io.kubepark.apiserver.table.Obj.name;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

// Services and networking: services, endpoints, endpoint slices, ingresses, network policies, service CIDRs.
final class NetworkPrinters {

    private NetworkPrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("/services", services());
        registry.put("/endpoints", endpoints());
        registry.put("discovery.k8s.io/endpointslices", endpointSlices());
        registry.put("networking.k8s.io/ingresses", ingresses());
        registry.put("networking.k8s.io/ingressclasses", ingressClasses());
        registry.put("networking.k8s.io/networkpolicies", networkPolicies());
        registry.put("networking.k8s.io/servicecidrs", serviceCIDRs());
        registry.put("networking.k8s.io/ipaddresses", ipAddresses());
    }

    static Printer services() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
                        + "ExternalName, ClusterIP, NodePort, and LoadBalancer. More info: "
                        + "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
                Column.str("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. "
                        + "More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
                Column.str("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also "
                        + "accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is "
                        + "responsible for ensuring that traffic arrives at a node with this IP.  A common example is "
                        + "external load-balancers that are not part of the Kubernetes system."),
                Column.str("Port(s)", "The list of ports that are exposed by this service. More info: "
                        + "https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
                Column.age(),
                Column.wide("Selector", "string", "Route service traffic to pods with label keys and values matching this "
                        + "selector. If empty or not present, the service is assumed to have an external process managing "
                        + "its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and "
                        + "LoadBalancer. Ignored if type is ExternalName. More info: "
                        + "https://kubernetes.io/docs/concepts/services-networking/service/")),
                (o, now) -> {
                    JsonNode spec = o.path("spec");
                    String type = Obj.strOr(str(spec, "type"), "ClusterIP");
                    List<JsonNode> clusterIPs = list(spec, "clusterIPs");
                    String clusterIP = !clusterIPs.isEmpty() ? clusterIPs.get(0).asText()
                            : Obj.strOr(str(spec, "clusterIP"), NONE);
                    String ports = portString(list(spec, "ports"));
                    return row(name(o), type, clusterIP, externalIP(o, type), ports.isEmpty() ? NONE : ports, age(o, now),
                            Obj.formatLabels(spec.path("selector")));
                });
    }

    // The EXTERNAL-IP cell of a service of the given type (always in its untruncated, wide form).
    static String externalIP(JsonNode svc, String type) {
        List<String> externalIPs = new ArrayList<>();
        list(svc, "spec", "externalIPs").forEach(ip -> externalIPs.add(ip.asText()));
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return externalIPs.isEmpty() ? NONE : String.join(",", externalIPs);
            }
            case "LoadBalancer" -> {
                String lb = loadBalancerIngress(svc.path("status").path("loadBalancer"));
                if (!externalIPs.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(externalIPs);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return str(svc, "spec", "externalName");
            }
            default -> {
                return Obj.UNKNOWN;
            }
        }
    }

    // Sorted, de-duplicated IPs (or hostnames when there is no IP) of a load balancer status.
    static String loadBalancerIngress(JsonNode loadBalancerStatus) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ingress : list(loadBalancerStatus, "ingress")) {
            if (!str(ingress, "ip").isEmpty()) {
                result.add(str(ingress, "ip"));
            } else if (!str(ingress, "hostname").isEmpty()) {
                result.add(str(ingress, "hostname"));
            }
        }
        return String.join(",", result);
    }

    // 80/TCP,443:30443/TCP.
    static String portString(List<JsonNode> ports) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode p : ports) {
            String protocol = Obj.strOr(str(p, "protocol"), "TCP");
            long nodePort = lng(p, "nodePort");
            pieces.add(nodePort > 0 ? lng(p, "port") + ":" + nodePort + "/" + protocol : lng(p, "port") + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    static Printer endpoints() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Endpoints", "The set of all endpoints is the union of all subsets. Addresses are placed into "
                        + "subsets according to the IPs they share. A single address with multiple ports, some of which are "
                        + "ready and some of which are not (because they come from different containers) will result in the "
                        + "address being displayed in different subsets for the different ports. No address will appear in "
                        + "both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that "
                        + "comprise a service."),
                Column.age()),
                (o, now) -> row(name(o), formatEndpoints(o), age(o, now)));
    }

    static String formatEndpoints(JsonNode endpoints) {
        List<JsonNode> subsets = list(endpoints, "subsets");
        if (subsets.isEmpty()) {
            return NONE;
        }
        int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = list(ss, "addresses");
            List<JsonNode> ports = list(ss, "ports");
            if (ports.isEmpty()) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(str(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(joinHostPort(str(a, "ip"), lng(port, "port")));
                }
            }
        }
        String joined = String.join(",", shown);
        return more ? joined + " + " + (count - max) + " more..." : joined;
    }

    static String joinHostPort(String host, long port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static Printer endpointSlices() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All "
                        + "addresses in this slice must be the same type. This field is immutable after creation. The "
                        + "following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: "
                        + "Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
                Column.str("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice. Each "
                        + "port must have a unique name. When ports is empty, it indicates that there are no defined ports. "
                        + "When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include "
                        + "a maximum of 100 ports."),
                Column.str("Endpoints", "endpoints is a list of unique endpoints in this slice. Each slice may include a "
                        + "maximum of 1000 endpoints."),
                Column.age()),
                (o, now) -> {
                    List<String> ports = new ArrayList<>();
                    for (JsonNode p : list(o, "ports")) {
                        ports.add(has(p, "port") ? String.valueOf(lng(p, "port")) : has(p, "name") ? str(p, "name") : "*");
                    }
                    List<String> addresses = new ArrayList<>();
                    for (JsonNode e : list(o, "endpoints")) {
                        list(e, "addresses").forEach(a -> addresses.add(a.asText()));
                    }
                    return row(name(o), str(o, "addressType"), Obj.listWithMore(ports, 3),
                            Obj.listWithMore(addresses, 3), age(o, now));
                });
    }

    static Printer ingresses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Class", "The name of the IngressClass resource that should be used for additional configuration"),
                Column.str("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
                Column.str("Address", "Address is a list containing ingress points for the load-balancer"),
                Column.str("Ports", "Ports of TLS configurations that open"),
                Column.age()),
                (o, now) -> row(name(o),
                        has(o, "spec", "ingressClassName") ? str(o, "spec", "ingressClassName") : NONE,
                        formatHosts(list(o, "spec", "rules")),
                        loadBalancerIngress(o.path("status").path("loadBalancer")),
                        list(o, "spec", "tls").isEmpty() ? "80" : "80, 443",
                        age(o, now)));
    }

    static String formatHosts(List<JsonNode> rules) {
        int max = 3;
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (hosts.size() == max) {
                more = true;
            }
            if (!more && !str(rule, "host").isEmpty()) {
                hosts.add(str(rule, "host"));
            }
        }
        if (hosts.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", hosts);
        return more ? joined + " + " + (rules.size() - max) + " more..." : joined;
    }

    static Printer ingressClasses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Controller", "Controller that is responsible for handling this class"),
                Column.str("Parameters", "A reference to a resource with additional parameters"),
                Column.age()),
                (o, now) -> {
                    String parameters = NONE;
                    JsonNode p = o.path("spec").path("parameters");
                    if (p.isObject()) {
                        parameters = str(p, "kind");
                        if (has(p, "apiGroup")) {
                            parameters += "." + str(p, "apiGroup");
                        }
                        parameters += "/" + str(p, "name");
                    }
                    return row(name(o), str(o, "spec", "controller"), parameters, age(o, now));
                });
    }

    static Printer networkPolicies() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies. The array of "
                        + "ingress rules is applied to any pods selected by this field. Multiple network policies can select "
                        + "the same set of pods. In this case, the ingress rules for each are combined additively. This field "
                        + "is NOT optional and follows standard label selector semantics. An empty podSelector matches all "
                        + "pods in this namespace."),
                Column.age()),
                (o, now) -> row(name(o), Obj.formatLabelSelector(o.path("spec").path("podSelector")), age(o, now)));
    }

    static Printer serviceCIDRs() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("CIDRs", "CIDRs defines the IP blocks in CIDR notation (e.g. \"192.168.0.0/24\" or "
                        + "\"2001:db8::/64\") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of "
                        + "each IP family. This field is immutable."),
                Column.age()),
                (o, now) -> {
                    List<String> cidrs = new ArrayList<>();
                    list(o, "spec", "cidrs").forEach(c -> cidrs.add(c.asText()));
                    return row(name(o), String.join(",", cidrs), age(o, now));
                });
    }

    static Printer ipAddresses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("ParentRef", "ParentRef references the resource that an IPAddress is attached to. An IPAddress "
                        + "must reference a parent object.")),
                (o, now) -> {
                    String parent = NONE;
                    JsonNode ref = o.path("spec").path("parentRef");
                    if (ref.isObject()) {
                        String group = str(ref, "group");
                        String resource = str(ref, "resource");
                        parent = (group.isEmpty() ? resource : resource + "." + group).toLowerCase(Locale.ROOT);
                        if (!str(ref, "namespace").isEmpty()) {
                            parent += "/" + str(ref, "namespace");
                        }
                        parent += "/" + str(ref, "name");
                    }
                    return row(name(o), parent, age(o, now));
                });
    }
}
