package io.kubepark.controllers.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Fluent fixtures for the cluster DNS: an in-memory {@link DnsView} and Service/EndpointSlice builders. */
final class DnsFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DnsFixtures() {}

    static ClusterDns dns() {
        return new ClusterDns("cluster.local", 30, "10.96.0.10");
    }

    static FakeView cluster() {
        return new FakeView();
    }

    static ServiceBuilder clusterIp(String name) {
        return new ServiceBuilder(name);
    }

    static ServiceBuilder headless(String name) {
        return new ServiceBuilder(name).ips("None");
    }

    static ServiceBuilder externalName(String name, String target) {
        ServiceBuilder b = new ServiceBuilder(name);
        b.spec.put("type", "ExternalName");
        b.spec.put("externalName", target);
        return b;
    }

    static SliceBuilder slice(String service) {
        return new SliceBuilder(service, "IPv4");
    }

    static SliceBuilder slice6(String service) {
        return new SliceBuilder(service, "IPv6");
    }

    static EndpointBuilder ep(String ip) {
        return new EndpointBuilder(ip);
    }

    static Message query(String name, int type) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
            q.getHeader().setFlag(Flags.RD);
            return q;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Namespaces, Services and EndpointSlices in memory; the serial is fixed unless set. */
    static final class FakeView implements DnsView {
        final Set<String> namespaces = new LinkedHashSet<>();
        final Map<String, JsonNode> services = new LinkedHashMap<>();
        final List<JsonNode> slices = new ArrayList<>();
        long serial = 1_700_000_000L;
        private RuntimeException serviceFailure;
        private String currentNamespace = "default";

        FakeView() {
            namespaces.add("default");
        }

        /** Adds the namespace; later services and slices go into it. */
        FakeView in(String namespace) {
            namespaces.add(namespace);
            currentNamespace = namespace;
            return this;
        }

        FakeView with(ServiceBuilder service) {
            ObjectNode s = service.build(currentNamespace);
            services.put(currentNamespace + "/" + service.name, s);
            return this;
        }

        FakeView with(SliceBuilder slice) {
            slices.add(slice.build(currentNamespace, slices.size()));
            return this;
        }

        FakeView serial(long serial) {
            this.serial = serial;
            return this;
        }

        /** Every service lookup throws, as a cache that lost its source might. */
        FakeView failingServiceLookups(RuntimeException failure) {
            this.serviceFailure = failure;
            return this;
        }

        @Override
        public JsonNode service(String namespace, String name) {
            if (serviceFailure != null) {
                throw serviceFailure;
            }
            return services.get(namespace + "/" + name);
        }

        @Override
        public List<JsonNode> slicesOf(String namespace, String service) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode s : slices) {
                if (s.at("/metadata/namespace").asText().equals(namespace)
                        && s.at("/metadata/labels/kubernetes.io~1service-name").asText().equals(service)) {
                    out.add(s);
                }
            }
            return out;
        }

        @Override
        public boolean namespaceExists(String name) {
            return namespaces.contains(name);
        }

        @Override
        public List<JsonNode> servicesWithClusterIp(String ip) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode s : services.values()) {
                for (JsonNode c : s.at("/spec/clusterIPs")) {
                    if (c.asText().equals(ip)) {
                        out.add(s);
                    }
                }
            }
            return out;
        }

        @Override
        public List<JsonNode> slicesWithAddress(String ip) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode s : slices) {
                boolean hit = false;
                for (JsonNode e : s.path("endpoints")) {
                    for (JsonNode a : e.path("addresses")) {
                        hit |= a.asText().equals(ip);
                    }
                }
                if (hit) {
                    out.add(s);
                }
            }
            return out;
        }

        @Override
        public long serial() {
            return serial;
        }
    }

    static final class ServiceBuilder {
        final String name;
        final ObjectNode spec = JSON.createObjectNode();

        ServiceBuilder(String name) {
            this.name = name;
            spec.put("type", "ClusterIP");
        }

        /** spec.clusterIP is the first, spec.clusterIPs all of them. */
        ServiceBuilder ips(String... ips) {
            spec.put("clusterIP", ips[0]);
            ArrayNode all = spec.putArray("clusterIPs");
            for (String ip : ips) {
                all.add(ip);
            }
            return this;
        }

        ServiceBuilder port(String portName, int port, String protocol) {
            ObjectNode p = spec.withArray("ports").addObject();
            if (portName != null) {
                p.put("name", portName);
            }
            p.put("port", port);
            p.put("protocol", protocol);
            return this;
        }

        ServiceBuilder port(String portName, int port) {
            return port(portName, port, "TCP");
        }

        ObjectNode build(String namespace) {
            ObjectNode s = JSON.createObjectNode();
            s.put("apiVersion", "v1");
            s.put("kind", "Service");
            s.putObject("metadata").put("name", name).put("namespace", namespace);
            s.set("spec", spec.deepCopy());
            return s;
        }
    }

    static final class SliceBuilder {
        final String service;
        final String addressType;
        final ArrayNode endpoints = JSON.createArrayNode();
        final ArrayNode ports = JSON.createArrayNode();

        SliceBuilder(String service, String addressType) {
            this.service = service;
            this.addressType = addressType;
        }

        SliceBuilder endpoints(EndpointBuilder... eps) {
            for (EndpointBuilder e : eps) {
                endpoints.add(e.node);
            }
            return this;
        }

        SliceBuilder port(String portName, int port, String protocol) {
            ObjectNode p = ports.addObject();
            if (portName != null) {
                p.put("name", portName);
            }
            p.put("port", port);
            p.put("protocol", protocol);
            return this;
        }

        SliceBuilder port(String portName, int port) {
            return port(portName, port, "TCP");
        }

        ObjectNode build(String namespace, int n) {
            ObjectNode s = JSON.createObjectNode();
            s.put("apiVersion", "discovery.k8s.io/v1");
            s.put("kind", "EndpointSlice");
            ObjectNode meta = s.putObject("metadata");
            meta.put("name", service + "-" + n).put("namespace", namespace);
            meta.putObject("labels").put("kubernetes.io/service-name", service);
            s.put("addressType", addressType);
            s.set("endpoints", endpoints.deepCopy());
            if (ports.size() > 0) {
                s.set("ports", ports.deepCopy());
            }
            return s;
        }
    }

    static final class EndpointBuilder {
        final ObjectNode node = JSON.createObjectNode();

        EndpointBuilder(String ip) {
            node.putArray("addresses").add(ip);
            node.putObject("conditions").put("ready", true);
        }

        EndpointBuilder hostname(String hostname) {
            node.put("hostname", hostname);
            return this;
        }

        EndpointBuilder notReady() {
            ((ObjectNode) node.get("conditions")).put("ready", false);
            return this;
        }

        /** conditions.ready absent, which DNS counts as ready. */
        EndpointBuilder readyUnknown() {
            ((ObjectNode) node.get("conditions")).remove("ready");
            return this;
        }
    }
}
