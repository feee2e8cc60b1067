package io.kubepark.controllers.dns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The facts behind a name in the cluster zone (CoreDNS kubernetes plugin {@code Records}): null means the
 * name does not exist (NXDOMAIN), an empty list that it exists without data (NODATA).
 */
final class Backend {
    static final List<Entry> NXDOMAIN = null;

    private final String zone;
    private final DnsView view;

    Backend(String zone, DnsView view) {
        this.zone = zone;
        this.view = view;
    }

    /**
     * @param labels the lowercase labels left of the zone, rightmost first
     *     ({@code [svc, ns, service, ...]})
     */
    List<Entry> records(List<String> labels) {
        int n = labels.size();
        if (n == 0) {
            return List.of();
        }
        String kind = labels.get(0);
        if (!kind.equals("svc") && !kind.equals("pod")) {
            return NXDOMAIN;
        }
        if (n == 1) {
            return List.of();
        }
        String namespace = labels.get(1);
        if (!view.namespaceExists(namespace)) {
            return NXDOMAIN;
        }
        if (n == 2) {
            return List.of();
        }
        if (kind.equals("pod")) {
            // CoreDNS ignores labels in front of a pod name; KubePark treats such names as absent.
            return n == 3 ? pod(namespace, labels.get(2)) : NXDOMAIN;
        }
        String endpoint = null;
        String port = null;
        String protocol = null;
        if (n == 4) {
            endpoint = labels.get(3);
        } else if (n == 5) {
            protocol = stripUnderscore(labels.get(3));
            port = stripUnderscore(labels.get(4));
        } else if (n > 5) {
            return NXDOMAIN;
        }
        JsonNode svc = view.service(namespace, labels.get(2));
        if (svc == null) {
            return NXDOMAIN;
        }
        return service(svc, n > 3, endpoint, port, protocol);
    }

    private List<Entry> pod(String namespace, String podName) {
        // Insecure mode: the address is read from the name, unchecked. Three dashes and no "--" mean IPv4.
        String ip = podName.chars().filter(c -> c == '-').count() == 3 && !podName.contains("--")
                ? podName.replace('-', '.')
                : podName.replace('-', ':');
        byte[] bytes = Ips.parse(ip);
        if (bytes == null) {
            return NXDOMAIN;
        }
        return List.of(new Entry(ip, bytes, 0, name(podName + "." + namespace + ".pod." + zone)));
    }

    private List<Entry> service(JsonNode svc, boolean labelled, String endpoint, String port, String protocol) {
        String namespace = svc.path("metadata").path("namespace").asText();
        String svcName = svc.path("metadata").path("name").asText();
        JsonNode spec = svc.path("spec");
        String base = svcName + "." + namespace + ".svc." + zone;
        if ("ExternalName".equals(spec.path("type").asText())) {
            String target = spec.path("externalName").asText("");
            // No CNAME for an IP literal, and nothing (endpoint, port) lives under an ExternalName.
            if (labelled || target.isEmpty() || Ips.parse(target) != null) {
                return NXDOMAIN;
            }
            return List.of(new Entry(target, null, 0, name(base)));
        }
        if ("None".equals(spec.path("clusterIP").asText()) || endpoint != null) {
            return endpoints(namespace, svcName, base, endpoint, port, protocol);
        }
        List<Entry> out = new ArrayList<>();
        boolean matched = false;
        for (JsonNode p : spec.path("ports")) {
            if (!matches(port, protocol, p)) {
                continue;
            }
            matched = true;
            for (String ip : clusterIps(spec)) {
                byte[] bytes = Ips.parse(ip);
                if (bytes != null) {
                    out.add(new Entry(ip, bytes, p.path("port").asInt(), name(base)));
                }
            }
        }
        return matched ? out : NXDOMAIN;
    }

    private List<Entry> endpoints(String namespace, String svcName, String base, String endpoint, String port,
            String protocol) {
        List<Entry> out = new ArrayList<>();
        boolean matched = false;
        for (JsonNode slice : view.slicesOf(namespace, svcName)) {
            for (ReadyAddress a : readyAddresses(slice)) {
                if (endpoint != null && !endpoint.equalsIgnoreCase(a.hostname())) {
                    continue;
                }
                JsonNode ports = slice.path("ports");
                if (ports.size() == 0) {
                    // CoreDNS's sentinel for "no declared ports": addresses resolve, SRV skips it.
                    if (port == null && protocol == null) {
                        matched = true;
                        out.add(new Entry(a.ip(), a.bytes(), -1, name(a.hostname() + "." + base)));
                    }
                    continue;
                }
                for (JsonNode p : ports) {
                    if (matches(port, protocol, p)) {
                        matched = true;
                        out.add(new Entry(a.ip(), a.bytes(), p.path("port").asInt(), name(a.hostname() + "." + base)));
                    }
                }
            }
        }
        return matched ? out : NXDOMAIN;
    }

    /** An endpoint address that DNS publishes, with its DNS hostname. */
    record ReadyAddress(String ip, byte[] bytes, String hostname) {}

    /** Ready (true or absent) endpoint addresses of an IPv4/IPv6 slice; FQDN slices publish nothing. */
    static List<ReadyAddress> readyAddresses(JsonNode slice) {
        String type = slice.path("addressType").asText("IPv4");
        List<ReadyAddress> out = new ArrayList<>();
        if (!type.equals("IPv4") && !type.equals("IPv6")) {
            return out;
        }
        for (JsonNode ep : slice.path("endpoints")) {
            JsonNode ready = ep.path("conditions").path("ready");
            if (ready.isBoolean() && !ready.booleanValue()) {
                continue;
            }
            for (JsonNode addr : ep.path("addresses")) {
                byte[] bytes = Ips.parse(addr.asText());
                if (bytes != null) {
                    out.add(new ReadyAddress(addr.asText(), bytes, hostname(ep.path("hostname").asText(""), addr.asText())));
                }
            }
        }
        return out;
    }

    /** The endpoint's hostname, else its address with '.'/':' dashed (a trailing '-' gets a '0'). */
    static String hostname(String hostname, String ip) {
        if (!hostname.isEmpty()) {
            return hostname.toLowerCase(Locale.ROOT);
        }
        if (ip.contains(".")) {
            return ip.replace('.', '-');
        }
        String dashed = ip.replace(':', '-').toLowerCase(Locale.ROOT);
        return dashed.endsWith("-") ? dashed + "0" : dashed;
    }

    static List<String> clusterIps(JsonNode spec) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : spec.path("clusterIPs")) {
            ips.add(ip.asText());
        }
        if (ips.isEmpty() && spec.hasNonNull("clusterIP")) {
            ips.add(spec.path("clusterIP").asText());
        }
        ips.removeIf(ip -> ip.isEmpty() || ip.equals("None"));
        return ips;
    }

    private static boolean matches(String port, String protocol, JsonNode p) {
        return (port == null || port.equalsIgnoreCase(p.path("name").asText("")))
                && (protocol == null || protocol.equalsIgnoreCase(p.path("protocol").asText("TCP")));
    }

    private static String stripUnderscore(String label) {
        return label.startsWith("_") ? label.substring(1) : label;
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }

    static boolean sameAddress(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
