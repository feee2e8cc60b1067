package io.kubepark.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Field ownership, as kube-apiserver's field manager keeps it in {@code metadata.managedFields}: server-side
 * apply merges a manager's applied configuration, refuses to change fields other managers own unless forced,
 * and removes fields the manager stopped applying; every other write hands the fields it changed to its
 * manager (operation Update) and takes them from everyone else.
 */
public final class ManagedFields {
    /** One {@code managedFields} entry. */
    record Entry(String manager, String operation, String apiVersion, String time, String subresource,
            FieldSet fields) {
        boolean same(String m, String op, String sub) {
            return manager.equals(m) && operation.equals(op) && Objects.equals(subresource, sub);
        }
    }

    private ManagedFields() {}

    static FieldSchema.Node schemaOf(ResourceType type) {
        return type.isCustom() ? FieldSchema.custom(type.custom().schema())
                : FieldSchema.builtIn(type.apiVersion(), type.kind());
    }

    /**
     * Applies {@code config} for {@code manager} to {@code live} (a copy the caller owns) and returns the result
     * with its managedFields updated.
     *
     * @throws ApiException 409 Conflict listing every field another manager owns that the config would change
     */
    public static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager,
            boolean force, String subresource, String now) {
        FieldSchema.Node schema = schemaOf(type);
        List<Entry> entries = read(live);
        FieldSet applied = "status".equals(subresource) ? FieldSet.statusOf(config, schema)
                : FieldSet.of(config, schema, type.hasStatus());
        Map<Entry, List<List<String>>> conflicts = new LinkedHashMap<>();
        for (List<String> path : applied.paths()) {
            if (path.get(path.size() - 1).equals(".")) {
                continue;
            }
            JsonNode current = FieldSet.valueAt(live, path);
            if (current == null || current.equals(FieldSet.valueAt(config, path))) {
                continue;
            }
            for (Entry e : entries) {
                if (!e.same(manager, "Apply", subresource) && e.fields().contains(path)) {
                    conflicts.computeIfAbsent(e, k -> new ArrayList<>()).add(path);
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw conflict(type, live, conflicts);
        }
        FieldSet before = entries.stream().filter(e -> e.same(manager, "Apply", subresource)).map(Entry::fields)
                .findFirst().orElse(FieldSet.empty());
        FieldSet others = FieldSet.empty();
        for (Entry e : entries) {
            if (!e.same(manager, "Apply", subresource)) {
                others = others.union(e.fields());
            }
        }
        ObjectNode result = live;
        merge(result, config, schema, true);
        for (List<String> path : before.minus(applied).minus(others).paths()) {
            remove(result, path);
        }
        List<Entry> next = new ArrayList<>();
        boolean placed = false;
        for (Entry e : entries) {
            if (e.same(manager, "Apply", subresource)) {
                next.add(new Entry(manager, "Apply", type.apiVersion(), now, subresource, applied));
                placed = true;
                continue;
            }
            FieldSet kept = e.fields();
            if (conflicts.containsKey(e)) {
                FieldSet lost = FieldSet.empty();
                conflicts.get(e).forEach(lost.paths()::add);
                kept = kept.minus(lost);
            }
            if (!kept.isEmpty()) {
                next.add(kept == e.fields() ? e : new Entry(e.manager(), e.operation(), e.apiVersion(), now,
                        e.subresource(), kept));
            }
        }
        if (!placed) {
            next.add(new Entry(manager, "Apply", type.apiVersion(), now, subresource, applied));
        }
        write(result, next);
        return result;
    }

    /**
     * Records a non-apply write by {@code manager}: the fields it changed become its own and leave every other
     * manager; fields it removed leave everyone. {@code old} is null for a create.
     */
    public static void update(ResourceType type, JsonNode old, ObjectNode next, String manager, String subresource,
            String now) {
        FieldSchema.Node schema = schemaOf(type);
        boolean status = "status".equals(subresource);
        FieldSet newSet = status ? FieldSet.statusOf(next, schema) : FieldSet.of(next, schema, type.hasStatus());
        FieldSet oldSet = old == null ? FieldSet.empty()
                : status ? FieldSet.statusOf(old, schema) : FieldSet.of(old, schema, type.hasStatus());
        FieldSet changed = FieldSet.empty();
        for (List<String> path : newSet.paths()) {
            boolean item = path.get(path.size() - 1).equals(".");
            JsonNode before = old == null ? null : FieldSet.valueAt(old, item ? path.subList(0, path.size() - 1) : path);
            if (before == null || (!item && !before.equals(FieldSet.valueAt(next, path)))) {
                changed = changed.union(single(path));
            }
        }
        FieldSet removed = oldSet.minus(newSet);
        List<Entry> entries = read(old == null ? next : old);
        if (old != null && next.path("metadata").has("managedFields")
                && !next.path("metadata").path("managedFields").equals(old.path("metadata").path("managedFields"))) {
            entries = read(next);
        }
        if (changed.isEmpty() && removed.isEmpty()) {
            write(next, entries);
            return;
        }
        List<Entry> result = new ArrayList<>();
        boolean placed = false;
        for (Entry e : entries) {
            if (e.same(manager, "Update", subresource)) {
                result.add(new Entry(manager, "Update", type.apiVersion(), now, subresource,
                        e.fields().minus(removed).union(changed)));
                placed = true;
                continue;
            }
            if (!Objects.equals(e.subresource(), subresource) && !status && "status".equals(e.subresource())) {
                result.add(e);
                continue;
            }
            FieldSet kept = e.fields().minus(changed).minus(removed);
            if (!kept.isEmpty()) {
                result.add(kept.paths().equals(e.fields().paths()) ? e
                        : new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), e.subresource(), kept));
            }
        }
        if (!placed && !changed.isEmpty()) {
            result.add(new Entry(manager, "Update", type.apiVersion(), now, subresource, changed));
        }
        write(next, result);
    }

    private static FieldSet single(List<String> path) {
        FieldSet s = FieldSet.empty();
        s.paths().add(path);
        return s;
    }

    private static ApiException conflict(ResourceType type, JsonNode live, Map<Entry, List<List<String>>> conflicts) {
        List<Cause> causes = new ArrayList<>();
        int count = 0;
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<Entry, List<List<String>>> c : conflicts.entrySet()) {
            String who = "\"" + c.getKey().manager() + "\"" + (c.getKey().operation().equals("Update")
                    ? " using " + c.getKey().apiVersion() : "");
            for (List<String> path : c.getValue()) {
                causes.add(new Cause("FieldManagerConflict", "conflict with " + who, FieldSet.render(path)));
                count++;
            }
            if (detail.length() > 0) {
                detail.append('\n');
            }
            if (conflicts.size() == 1 && c.getValue().size() == 1) {
                detail.append("conflict with ").append(who).append(": ").append(FieldSet.render(c.getValue().get(0)));
            } else {
                detail.append("conflicts with ").append(who).append(':');
                c.getValue().forEach(p -> detail.append("\n- ").append(FieldSet.render(p)));
            }
        }
        String name = live.path("metadata").path("name").asText();
        return ApiException.applyConflict(type, name, "Apply failed with " + count + " conflict"
                + (count == 1 ? "" : "s") + ": " + detail, causes);
    }

    /** Merges {@code config} into {@code target}: maps by field, associative lists by key, sets as sets. */
    static void merge(ObjectNode target, JsonNode config, FieldSchema.Node type, boolean root) {
        config.fields().forEachRemaining(e -> {
            String f = e.getKey();
            if (root && f.equals("metadata")) {
                ObjectNode meta = Json.child(target, "metadata");
                e.getValue().fields().forEachRemaining(m -> {
                    if (!m.getKey().equals("managedFields")) {
                        mergeField(meta, m.getKey(), m.getValue(), type.field("metadata").field(m.getKey()));
                    }
                });
                return;
            }
            mergeField(target, f, e.getValue(), type.field(f));
        });
    }

    private static void mergeField(ObjectNode target, String field, JsonNode value, FieldSchema.Node type) {
        JsonNode existing = target.get(field);
        if (value instanceof ObjectNode o && existing instanceof ObjectNode t && !type.atomicMap()) {
            merge(t, o, type, false);
        } else if (value instanceof ArrayNode a && existing instanceof ArrayNode t && type.listType().equals("map")
                && !type.keys().isEmpty()) {
            for (JsonNode item : a) {
                JsonNode found = FieldSet.findItem(t, FieldSet.parse(FieldSet.key(item, type.keys())));
                if (found instanceof ObjectNode fo && item instanceof ObjectNode io) {
                    merge(fo, io, type.items(), false);
                } else if (found == null) {
                    t.add(item.deepCopy());
                }
            }
        } else if (value instanceof ArrayNode a && existing instanceof ArrayNode t && type.listType().equals("set")) {
            for (JsonNode item : a) {
                boolean present = false;
                for (JsonNode x : t) {
                    present |= x.equals(item);
                }
                if (!present) {
                    t.add(item.deepCopy());
                }
            }
        } else {
            target.set(field, value.deepCopy());
        }
    }

    /** Removes the field, list item or set member a path names. */
    static void remove(ObjectNode obj, List<String> path) {
        boolean whole = path.get(path.size() - 1).equals(".");
        List<String> p = whole ? path.subList(0, path.size() - 1) : path;
        JsonNode parent = FieldSet.valueAt(obj, p.subList(0, p.size() - 1));
        String last = p.get(p.size() - 1);
        if (parent instanceof ObjectNode o && last.startsWith("f:")) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a && (last.startsWith("k:") || last.startsWith("v:"))) {
            JsonNode target = FieldSet.valueAt(parent, List.of(last));
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == target) {
                    a.remove(i);
                    break;
                }
            }
        }
    }

    static List<Entry> read(JsonNode obj) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            entries.add(new Entry(e.path("manager").asText(""), e.path("operation").asText("Update"),
                    e.path("apiVersion").asText(""), e.path("time").asText(null),
                    e.hasNonNull("subresource") ? e.path("subresource").asText() : null,
                    FieldSet.fromFieldsV1(e.path("fieldsV1"))));
        }
        return entries;
    }

    private static void write(ObjectNode obj, List<Entry> entries) {
        ObjectNode meta = Json.child(obj, "metadata");
        if (entries.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode array = meta.putArray("managedFields");
        for (Entry e : entries) {
            ObjectNode node = array.addObject();
            node.put("manager", e.manager()).put("operation", e.operation()).put("apiVersion", e.apiVersion());
            if (e.time() != null) {
                node.put("time", e.time());
            }
            node.put("fieldsType", "FieldsV1");
            node.set("fieldsV1", e.fields().toFieldsV1());
            if (e.subresource() != null) {
                node.put("subresource", e.subresource());
            }
        }
    }
}
