package io.kubepark.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds {@code meta.k8s.io/v1 Table} responses (what kube-apiserver returns for
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}) from Kubernetes objects in JSON form.
 *
 * <p>Built-in resources with a kube-apiserver printer get its columns and cells; every other resource gets the
 * default table ({@code Name}, {@code Created At}); custom resources get their CRD's printer columns. Like
 * kube-apiserver, the cells are always the wide form: kubectl drops priority-1 columns unless asked for
 * {@code -o wide}. The table's {@code metadata} is left empty for the caller to fill
 * ({@code resourceVersion}, {@code continue}, {@code remainingItemCount}).
 */
public final class Tables {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, Printer> PRINTERS;

    static {
        Map<String, Printer> m = new HashMap<>();
        PodPrinters.register(m);
        WorkloadPrinters.register(m);
        NetworkPrinters.register(m);
        StoragePrinters.register(m);
        ClusterPrinters.register(m);
        MiscPrinters.register(m);
        PRINTERS = Collections.unmodifiableMap(m);
    }

    private Tables() {
    }

    /**
     * The table kube-apiserver prints for a built-in resource, with a PartialObjectMetadata or the full object in
     * each row.
     *
     * @param group         API group, {@code ""} (or null) for the core group, e.g. {@code "apps"}
     * @param resource      plural resource name, e.g. {@code "pods"}
     * @param objects       the objects, one row each, in order
     * @param now           the time AGE-like columns are measured against
     * @param includeObject true to embed each full object (kubectl's {@code includeObject=Object}), false for the
     *                      default {@code PartialObjectMetadata}
     * @return a new {@code Table} object
     */
    public static ObjectNode table(String group, String resource, List<ObjectNode> objects, Instant now,
                                   boolean includeObject) {
        return table(group, resource, objects, now, includeObject ? IncludeObject.OBJECT : IncludeObject.METADATA);
    }

    /**
     * The table kube-apiserver prints for a built-in resource.
     *
     * @param group    API group, {@code ""} (or null) for the core group
     * @param resource plural resource name
     * @param objects  the objects, one row each
     * @param now      the time AGE-like columns are measured against
     * @param include  what each row's {@code object} holds
     * @return a new {@code Table} object
     */
    public static ObjectNode table(String group, String resource, List<ObjectNode> objects, Instant now,
                                   IncludeObject include) {
        Printer printer = PRINTERS.get(key(group, resource));
        return printer == null ? defaultTable(objects, include) : render(printer, objects, now, include);
    }

    /**
     * The table of a custom resource, from its served CRD version's {@code additionalPrinterColumns}; without any,
     * the columns are {@code Name} and {@code Age}. Rows carry PartialObjectMetadata.
     *
     * @param additionalPrinterColumns the CRD version's column array; null or empty for the default columns
     * @param objects                  the custom objects, one row each
     * @param now                      the time {@code date} columns are measured against
     * @return a new {@code Table} object
     */
    public static ObjectNode customTable(JsonNode additionalPrinterColumns, List<ObjectNode> objects, Instant now) {
        return customTable(additionalPrinterColumns, objects, now, IncludeObject.METADATA);
    }

    /**
     * The table of a custom resource.
     *
     * @param additionalPrinterColumns the CRD version's column array; null or empty for the default columns
     * @param objects                  the custom objects, one row each
     * @param now                      the time {@code date} columns are measured against
     * @param include                  what each row's {@code object} holds
     * @return a new {@code Table} object
     */
    public static ObjectNode customTable(JsonNode additionalPrinterColumns, List<ObjectNode> objects, Instant now,
                                         IncludeObject include) {
        return render(CustomColumns.printer(additionalPrinterColumns), objects, now, include);
    }

    /**
     * The default table of resources without a printer: {@code Name} and {@code Created At} (an RFC 3339 UTC
     * timestamp).
     *
     * @param objects the objects, one row each
     * @param include what each row's {@code object} holds
     * @return a new {@code Table} object
     */
    public static ObjectNode defaultTable(List<ObjectNode> objects, IncludeObject include) {
        Printer printer = Printer.of(List.of(Column.nameColumn(),
                        new Column("Created At", "date", "", Column.CREATED_DOC, 0)),
                (o, now) -> Printer.row(Obj.name(o), Obj.rfc3339(Obj.time(o, "metadata", "creationTimestamp"))));
        return render(printer, objects, Instant.EPOCH, include);
    }

    /**
     * Whether a built-in resource has its own printer (otherwise {@link #table} falls back to the default table).
     *
     * @param group    API group, {@code ""} for core
     * @param resource plural resource name
     * @return true if kube-apiserver has a dedicated printer for it
     */
    public static boolean hasPrinter(String group, String resource) {
        return PRINTERS.containsKey(key(group, resource));
    }

    /**
     * The {@code group/resource} keys of all dedicated printers, core resources as {@code /resource}.
     *
     * @return sorted keys
     */
    public static Set<String> printedResources() {
        return Collections.unmodifiableSet(new TreeSet<>(PRINTERS.keySet()));
    }

    private static String key(String group, String resource) {
        String g = group == null || group.equals("core") ? "" : group;
        return g + "/" + resource;
    }

    private static ObjectNode render(Printer printer, List<ObjectNode> objects, Instant now, IncludeObject include) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata");
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column c : printer.columns()) {
            ObjectNode def = columns.addObject();
            def.put("name", c.name());
            def.put("type", c.type());
            def.put("format", c.format());
            def.put("description", c.description());
            def.put("priority", c.priority());
        }
        List<ObjectNode> ordered = objects == null ? List.of() : objects;
        if (printer.order() != null) {
            ordered = new ArrayList<>(ordered);
            ordered.sort(printer.order());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : ordered) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.cells().of(o, now)) {
                cells.add(toJson(cell));
            }
            if (printer.conditions() != null) {
                List<Printer.RowCondition> conditions = printer.conditions().of(o);
                if (!conditions.isEmpty()) {
                    ArrayNode cs = row.putArray("conditions");
                    for (Printer.RowCondition c : conditions) {
                        cs.addObject().put("type", c.type()).put("status", c.status()).put("reason", c.reason())
                                .put("message", c.message());
                    }
                }
            }
            row.set("object", rowObject(o, include));
        }
        return table;
    }

    private static JsonNode rowObject(ObjectNode o, IncludeObject include) {
        switch (include) {
            case NONE:
                return JSON.nullNode();
            case OBJECT:
                return o.deepCopy();
            default:
                ObjectNode partial = JSON.objectNode();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                JsonNode metadata = o.get("metadata");
                partial.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : JSON.objectNode());
                return partial;
        }
    }

    private static JsonNode toJson(Object cell) {
        if (cell == null) {
            return JSON.nullNode();
        }
        if (cell instanceof String s) {
            return JSON.textNode(s);
        }
        if (cell instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (cell instanceof Integer i) {
            return JSON.numberNode(i.longValue());
        }
        if (cell instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (cell instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (cell instanceof JsonNode n) {
            return n;
        }
        return JSON.textNode(String.valueOf(cell));
    }
}
