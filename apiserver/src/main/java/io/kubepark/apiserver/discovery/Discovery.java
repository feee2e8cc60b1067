package io.kubepark.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.registry.Subresource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents of a registry: legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIGroup},
 * {@code APIResourceList}) and aggregated ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}), serialized once.
 */
public final class Discovery {
    /** Media type of aggregated discovery v2 responses. */
    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public static final String AGGREGATED_V2BETA1 =
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private final ResourceRegistry registry;
    private final String serverAddress;
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long cachedGeneration = -1;

    public Discovery(ResourceRegistry registry, String serverAddress) {
        this.registry = registry;
        this.serverAddress = serverAddress;
    }

    /** A document built once per registry generation: custom resources coming or going rebuild it. */
    private byte[] cached(String key, java.util.function.Supplier<byte[]> build) {
        long generation = registry.generation();
        if (generation != cachedGeneration) {
            cache.clear();
            cachedGeneration = generation;
        }
        return cache.computeIfAbsent(key, k -> build.get());
    }

    public byte[] apiVersions() {
        return cached("api", () -> {
            ObjectNode versions = Json.object();
            versions.put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
            address.put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
            return Json.bytes(versions);
        });
    }

    public byte[] groupList() {
        return cached("apis", () -> {
            ObjectNode groups = Json.object();
            groups.put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode items = groups.putArray("groups");
            registry.versionsByGroup().forEach((group, vs) -> {
                if (!group.isEmpty()) {
                    items.add(group(group, vs));
                }
            });
            return Json.bytes(groups);
        });
    }

    /** {@code GET /apis/<group>}, or null when the group is not served. */
    public byte[] group(String group) {
        return cached("group/" + group, () -> buildGroup(group));
    }

    private byte[] buildGroup(String group) {
        List<String> versions = registry.versionsByGroup().get(group);
        if (versions == null || group.isEmpty()) {
            return null;
        }
        ObjectNode node = group(group, versions);
        node.put("kind", "APIGroup").put("apiVersion", "v1");
        return Json.bytes(node);
    }

    private static ObjectNode group(String group, List<String> versions) {
        ObjectNode node = Json.object();
        node.put("name", group);
        ArrayNode vs = node.putArray("versions");
        for (String v : versions) {
            vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        node.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0))
                .put("version", versions.get(0));
        return node;
    }

    /** {@code GET /api/v1} or {@code /apis/<group>/<version>}, or null when not served. */
    public byte[] resourceList(String group, String version) {
        return cached("resources/" + group + "/" + version, () -> buildResourceList(group, version));
    }

    private byte[] buildResourceList(String group, String version) {
        if (!registry.servesGroupVersion(group, version)) {
            return null;
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList").put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : registry.inGroupVersion(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", t.resource()).put("singularName", t.singular()).put("namespaced", t.namespaced())
                    .put("kind", t.kind());
            r.set("verbs", Json.array(t.verbs()));
            if (!t.shortNames().isEmpty()) {
                r.set("shortNames", Json.array(t.shortNames()));
            }
            if (!t.categories().isEmpty()) {
                r.set("categories", Json.array(t.categories()));
            }
            r.put("storageVersionHash", storageVersionHash(t));
            for (Subresource s : t.subresources()) {
                ObjectNode sr = resources.addObject();
                sr.put("name", t.resource() + "/" + s.name()).put("singularName", "").put("namespaced", t.namespaced());
                if (!s.group().isEmpty() && !s.group().equals(group)) {
                    sr.put("group", s.group()).put("version", s.version());
                }
                sr.put("kind", s.kind().isEmpty() ? t.kind() : s.kind());
                sr.set("verbs", Json.array(s.verbs()));
            }
        }
        return Json.bytes(list);
    }

    /** The aggregated document for {@code /api} (core only) or {@code /apis} (all other groups). */
    public byte[] aggregated(boolean core, String apiVersion) {
        return cached("aggregated/" + core + "/" + apiVersion, () -> buildAggregated(core, apiVersion));
    }

    private byte[] buildAggregated(boolean core, String apiVersion) {
        ObjectNode doc = Json.object();
        doc.put("kind", "APIGroupDiscoveryList").put("apiVersion", apiVersion);
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        for (Map.Entry<String, List<String>> g : registry.versionsByGroup().entrySet()) {
            if (g.getKey().isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            meta.put("name", g.getKey());
            meta.put("creationTimestamp", (String) null);
            ArrayNode versions = item.putArray("versions");
            for (String v : g.getValue()) {
                ObjectNode version = versions.addObject();
                version.put("version", v);
                ArrayNode resources = version.putArray("resources");
                for (ResourceType t : registry.inGroupVersion(g.getKey(), v)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.resource());
                    r.putObject("responseKind").put("group", t.group()).put("version", t.version())
                            .put("kind", t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    r.set("verbs", Json.array(t.verbs()));
                    if (!t.shortNames().isEmpty()) {
                        r.set("shortNames", Json.array(t.shortNames()));
                    }
                    if (!t.categories().isEmpty()) {
                        r.set("categories", Json.array(t.categories()));
                    }
                    if (!t.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (Subresource s : t.subresources()) {
                            ObjectNode sr = subs.addObject();
                            sr.put("subresource", s.name());
                            if (!s.kind().isEmpty()) {
                                sr.putObject("responseKind").put("group", s.group()).put("version", s.version())
                                        .put("kind", s.kind());
                            }
                            sr.set("verbs", Json.array(s.verbs()));
                        }
                    }
                }
                version.put("freshness", "Current");
            }
        }
        return Json.bytes(doc);
    }

    /** A stable hash of a document, for ETag. */
    public static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16).toUpperCase() + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String storageVersionHash(ResourceType t) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((t.group() + "/" + t.version() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
