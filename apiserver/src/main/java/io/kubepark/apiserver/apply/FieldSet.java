package io.kubepark.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of field paths, as managedFields record them ({@code FieldsV1}): a path is a list of elements
 * {@code f:<field>}, {@code k:<key json>} (an associative list item), {@code v:<value json>} (a set member), and
 * {@code .} marks an item or map owned as a whole.
 */
public final class FieldSet {
    /** Metadata fields nobody owns: the server sets them. */
    private static final Set<String> SYSTEM_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
            "deletionGracePeriodSeconds", "generateName");

    private final Set<List<String>> paths;

    private FieldSet(Set<List<String>> paths) {
        this.paths = paths;
    }

    public static FieldSet empty() {
        return new FieldSet(new LinkedHashSet<>());
    }

    /** The leaf fields of an object (its spec, metadata and, unless {@code skipStatus}, status). */
    public static FieldSet of(JsonNode obj, FieldSchema.Node type, boolean skipStatus) {
        FieldSet set = empty();
        obj.fields().forEachRemaining(e -> {
            String f = e.getKey();
            if (f.equals("apiVersion") || f.equals("kind") || (skipStatus && f.equals("status"))) {
                return;
            }
            if (f.equals("metadata")) {
                e.getValue().fields().forEachRemaining(m -> {
                    if (!SYSTEM_METADATA.contains(m.getKey())) {
                        collect(m.getValue(), type.field("metadata").field(m.getKey()),
                                List.of("f:metadata", "f:" + m.getKey()), set.paths);
                    }
                });
                return;
            }
            collect(e.getValue(), type.field(f), List.of("f:" + f), set.paths);
        });
        return set;
    }

    /** Only the status fields of an object, for writes through the status subresource. */
    public static FieldSet statusOf(JsonNode obj, FieldSchema.Node type) {
        FieldSet set = empty();
        if (obj.has("status")) {
            collect(obj.get("status"), type.field("status"), List.of("f:status"), set.paths);
        }
        return set;
    }

    private static void collect(JsonNode value, FieldSchema.Node type, List<String> path, Set<List<String>> out) {
        if (value instanceof ObjectNode o && !o.isEmpty() && !type.atomicMap()) {
            o.fields().forEachRemaining(e -> collect(e.getValue(), type.field(e.getKey()), plus(path, "f:" + e.getKey()), out));
            return;
        }
        if (value instanceof ArrayNode a && !a.isEmpty()) {
            String listType = type.listType();
            if (listType.equals("map") && !type.keys().isEmpty()) {
                for (JsonNode item : a) {
                    List<String> itemPath = plus(path, "k:" + key(item, type.keys()));
                    out.add(plus(itemPath, "."));
                    if (item instanceof ObjectNode io) {
                        io.fields().forEachRemaining(e -> collect(e.getValue(), type.items().field(e.getKey()),
                                plus(itemPath, "f:" + e.getKey()), out));
                    }
                }
                return;
            }
            if (listType.equals("set")) {
                for (JsonNode item : a) {
                    out.add(plus(path, "v:" + Json.string(item)));
                }
                return;
            }
        }
        out.add(path);
    }

    /**
     * An associative list item's key. A key field the item leaves out takes its server default, as it does once
     * stored: the only defaulted list-map key of the built-in kinds is a port's {@code protocol} (TCP).
     */
    static String key(JsonNode item, List<String> keys) {
        ObjectNode k = Json.object();
        for (String key : keys) {
            if (item.has(key)) {
                k.set(key, item.get(key));
            } else if (key.equals("protocol")) {
                k.put(key, "TCP");
            }
        }
        return Json.string(k);
    }

    private static List<String> plus(List<String> path, String element) {
        List<String> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(element);
        return List.copyOf(p);
    }

    public Set<List<String>> paths() {
        return paths;
    }

    public boolean contains(List<String> path) {
        return paths.contains(path);
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public FieldSet minus(FieldSet other) {
        Set<List<String>> p = new LinkedHashSet<>(paths);
        p.removeAll(other.paths);
        return new FieldSet(p);
    }

    public FieldSet union(FieldSet other) {
        Set<List<String>> p = new LinkedHashSet<>(paths);
        p.addAll(other.paths);
        return new FieldSet(p);
    }

    /** The FieldsV1 form: nested objects keyed by path element, {@code {}} at the leaves. */
    public ObjectNode toFieldsV1() {
        ObjectNode root = Json.object();
        for (List<String> path : paths) {
            ObjectNode node = root;
            for (String element : path) {
                node = Json.child(node, element);
            }
        }
        return root;
    }

    public static FieldSet fromFieldsV1(JsonNode fields) {
        FieldSet set = empty();
        walk(fields, List.of(), set.paths);
        return set;
    }

    private static void walk(JsonNode node, List<String> path, Set<List<String>> out) {
        if (node.isEmpty()) {
            if (!path.isEmpty()) {
                out.add(path);
            }
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            walk(e.getValue(), plus(path, e.getKey()), out);
        }
    }

    /** A path as conflict messages print it: {@code .spec.containers[name="web"].image}. */
    public static String render(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String element : path) {
            if (element.startsWith("f:")) {
                sb.append('.').append(element.substring(2));
            } else if (element.startsWith("k:")) {
                JsonNode key = parse(element.substring(2));
                List<String> parts = new ArrayList<>();
                key.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue()));
                sb.append('[').append(String.join(",", parts)).append(']');
            } else if (element.startsWith("v:")) {
                sb.append("[=").append(element.substring(2)).append(']');
            }
        }
        return sb.toString();
    }

    /** The value at a path, or null when the object has nothing there. */
    static JsonNode valueAt(JsonNode obj, List<String> path) {
        JsonNode node = obj;
        for (String element : path) {
            if (node == null || node.isMissingNode()) {
                return null;
            }
            if (element.equals(".")) {
                continue;
            }
            if (element.startsWith("f:")) {
                node = node.get(element.substring(2));
            } else if (element.startsWith("k:")) {
                node = findItem(node, parse(element.substring(2)));
            } else if (element.startsWith("v:")) {
                JsonNode wanted = parse(element.substring(2));
                JsonNode found = null;
                for (JsonNode item : node) {
                    if (item.equals(wanted)) {
                        found = item;
                    }
                }
                node = found;
            }
        }
        return node;
    }

    /** The item of an associative list with this key, its omitted key fields taking their defaults. */
    static JsonNode findItem(JsonNode list, JsonNode key) {
        if (!list.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        key.fieldNames().forEachRemaining(names::add);
        String wanted = Json.string(key);
        for (JsonNode item : list) {
            if (key(item, names).equals(wanted)) {
                return item;
            }
        }
        return null;
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return Json.object();
        }
    }
}
