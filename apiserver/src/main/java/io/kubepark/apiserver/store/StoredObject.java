package io.kubepark.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One committed object: an immutable JSON tree with its resourceVersion, and its serialized bytes, made
 * once and reused for every read and watch event. Nobody may modify {@link #node()}; copy it first.
 */
public final class StoredObject {
    private final String key;
    private final String namespace;
    private final String name;
    private final long resourceVersion;
    private final ObjectNode node;
    private final Map<String, String> labels;
    private volatile byte[] bytes;

    StoredObject(String namespace, String name, long resourceVersion, ObjectNode node) {
        this.namespace = namespace;
        this.name = name;
        this.key = keyOf(namespace, name);
        this.resourceVersion = resourceVersion;
        this.node = node;
        this.labels = labelsOf(node);
    }

    /** An object that was not committed (the answer to a dry run); its resourceVersion is 0. */
    public static StoredObject detached(String namespace, String name, ObjectNode node) {
        return new StoredObject(namespace, name, 0, node);
    }

    static String keyOf(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private static Map<String, String> labelsOf(ObjectNode node) {
        JsonNode labels = node.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(map);
    }

    /** {@code namespace/name}, or {@code /name} for cluster-scoped objects: the store's sort key. */
    public String key() {
        return key;
    }

    /** Namespace, or null for cluster-scoped objects. */
    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public long resourceVersion() {
        return resourceVersion;
    }

    public String uid() {
        return Json.text(node.path("metadata"), "uid");
    }

    /** The object; read-only. */
    public ObjectNode node() {
        return node;
    }

    /** A copy of the object that the caller may change. */
    public ObjectNode copy() {
        return node.deepCopy();
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The object as JSON bytes, serialized on first use. */
    public byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = Json.bytes(node);
            bytes = b;
        }
        return b;
    }
}
