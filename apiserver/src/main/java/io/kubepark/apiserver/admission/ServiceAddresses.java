package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Cluster IPs from 10.96.0.0/12 and node ports from 30000–32767, allocated as the service registry does
 * (pkg/registry/core/service/ipallocator, portallocator): a requested address must be free and in range;
 * otherwise a random free one is taken from above the static band.
 */
public final class ServiceAddresses {
    static final String CIDR = "10.96.0.0/12";
    private static final long BASE = ip("10.96.0.0");
    private static final int SIZE = 1 << 20;
    /** The lowest addresses are kept for services that ask for one (min(max(16, size/16), 256)). */
    private static final int STATIC_BAND = 256;
    private static final int MIN_NODE_PORT = 30000;
    private static final int MAX_NODE_PORT = 32767;

    private final Set<Long> ips = new HashSet<>();
    private final Set<Integer> nodePorts = new HashSet<>();
    private final Random random = new Random();

    /** Fills in the addresses of a new Service; fails with 422 when a requested one is taken or out of range. */
    public synchronized void allocate(ResourceType type, ObjectNode svc) {
        ObjectNode spec = Json.child(svc, "spec");
        String name = svc.path("metadata").path("name").asText();
        String svcType = spec.path("type").asText("ClusterIP");
        List<Runnable> undo = new ArrayList<>();
        try {
            if (!svcType.equals("ExternalName")) {
                clusterIp(type, name, spec, undo);
            } else {
                spec.remove("clusterIP");
                spec.remove("clusterIPs");
            }
            if (svcType.equals("NodePort") || svcType.equals("LoadBalancer")) {
                for (JsonNode p : spec.path("ports")) {
                    if (p instanceof ObjectNode port) {
                        nodePort(type, name, port, undo);
                    }
                }
            }
        } catch (ApiException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private void clusterIp(ResourceType type, String name, ObjectNode spec, List<Runnable> undo) {
        String requested = spec.path("clusterIP").asText("");
        if (requested.isEmpty() && spec.path("clusterIPs").isArray() && !spec.path("clusterIPs").isEmpty()) {
            requested = spec.path("clusterIPs").get(0).asText();
        }
        boolean headless = requested.equals("None");
        if (headless) {
            spec.put("clusterIP", "None");
            spec.putArray("clusterIPs").add("None");
        } else if (requested.isEmpty()) {
            long ip = free();
            ips.add(ip);
            undo.add(() -> ips.remove(ip));
            spec.put("clusterIP", text(ip));
            spec.putArray("clusterIPs").add(text(ip));
        } else {
            long ip;
            try {
                ip = ip(requested);
            } catch (IllegalArgumentException e) {
                throw invalid(type, name, "spec.clusterIPs[0]", requested,
                        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
            if (ip < BASE || ip >= BASE + SIZE) {
                throw invalid(type, name, "spec.clusterIPs", "[]string{\"" + requested + "\"}",
                        "failed to allocate IP " + requested + ": the provided IP (" + requested
                                + ") is not in the valid range. The range of valid IPs is " + CIDR);
            }
            if (!ips.add(ip)) {
                throw invalid(type, name, "spec.clusterIPs", "[]string{\"" + requested + "\"}",
                        "failed to allocate IP " + requested + ": provided IP is already allocated");
            }
            undo.add(() -> ips.remove(ip));
            spec.put("clusterIP", requested);
            spec.putArray("clusterIPs").add(requested);
        }
        boolean selectorless = !spec.has("selector") || spec.path("selector").isEmpty();
        if (headless && selectorless) {
            if (!spec.has("ipFamilyPolicy")) {
                spec.put("ipFamilyPolicy", "RequireDualStack");
            }
        } else if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
    }

    private void nodePort(ResourceType type, String name, ObjectNode port, List<Runnable> undo) {
        if (port.has("nodePort") && port.get("nodePort").asInt() != 0) {
            int requested = port.get("nodePort").asInt();
            if (requested < MIN_NODE_PORT || requested > MAX_NODE_PORT) {
                throw invalid(type, name, "spec.ports[0].nodePort", Integer.toString(requested),
                        "provided port is not in the valid range. The range of valid ports is 30000-32767");
            }
            if (!nodePorts.add(requested)) {
                throw invalid(type, name, "spec.ports[0].nodePort", Integer.toString(requested),
                        "provided port is already allocated");
            }
            undo.add(() -> nodePorts.remove(requested));
            return;
        }
        for (int i = 0; i < 10_000; i++) {
            int candidate = MIN_NODE_PORT + random.nextInt(MAX_NODE_PORT - MIN_NODE_PORT + 1);
            if (nodePorts.add(candidate)) {
                undo.add(() -> nodePorts.remove(candidate));
                port.put("nodePort", candidate);
                return;
            }
        }
        throw ApiException.internal("range is full: no node port left in 30000-32767");
    }

    /** Marks a recovered Service's addresses as taken. */
    public synchronized void reserve(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        for (JsonNode ip : spec.path("clusterIPs")) {
            try {
                ips.add(ip(ip.asText()));
            } catch (IllegalArgumentException e) {
                // None or malformed: nothing to take
            }
        }
        for (JsonNode port : spec.path("ports")) {
            if (port.has("nodePort")) {
                nodePorts.add(port.get("nodePort").asInt());
            }
        }
    }

    /** Returns a deleted Service's addresses to the pools. */
    public synchronized void release(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        for (JsonNode ip : spec.path("clusterIPs")) {
            try {
                ips.remove(ip(ip.asText()));
            } catch (IllegalArgumentException e) {
                // None or malformed: nothing was allocated
            }
        }
        for (JsonNode port : spec.path("ports")) {
            if (port.has("nodePort")) {
                nodePorts.remove(port.get("nodePort").asInt());
            }
        }
    }

    /** On update, addresses the client left out are kept from the stored Service (PatchAllocatedValues). */
    public static void keepAllocated(ObjectNode updated, JsonNode old) {
        ObjectNode spec = Json.child(updated, "spec");
        JsonNode oldSpec = old.path("spec");
        for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort")) {
            if ((!spec.has(field) || spec.get(field).isNull()) && oldSpec.has(field)) {
                spec.set(field, oldSpec.get(field).deepCopy());
            }
        }
        JsonNode oldPorts = oldSpec.path("ports");
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port && !port.has("nodePort")) {
                for (JsonNode o : oldPorts) {
                    if (o.path("port").equals(port.path("port")) && o.has("nodePort")) {
                        port.set("nodePort", o.get("nodePort"));
                    }
                }
            }
        }
    }

    private long free() {
        int dynamic = SIZE - STATIC_BAND - 1;
        for (int i = 0; i < 100_000; i++) {
            long candidate = BASE + STATIC_BAND + 1 + random.nextInt(dynamic - 1);
            if (!ips.contains(candidate)) {
                return candidate;
            }
        }
        throw ApiException.internal("range is full: no cluster IP left in " + CIDR);
    }

    private static ApiException invalid(ResourceType type, String name, String field, String value, String detail) {
        return ApiException.invalid(type, name, List.of(new Cause("FieldValueInvalid",
                "Invalid value: " + value + ": " + detail, field)));
    }

    static long ip(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(text);
        }
        long value = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException(text);
            }
            value = value * 256 + octet;
        }
        return value;
    }

    static String text(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

}
