package io.kubepark.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The type definitions of the Kubernetes API: the shapes and patch/list/map extensions from
 * {@code patch-meta.json} (extracted from Kubernetes' swagger.json and amended to v1.33, no descriptions) joined with the
 * descriptions, integer formats and required-field lists of the client-java-api model classes.
 */
public final class Schemas {

    /** Where {@link #load()} finds the patch metadata. */
    public static final String PATCH_META_RESOURCE = "/io/kubepark/apiserver/patch-meta.json";

    /** group/version/kind as the extensions spell it; the core group is "". */
    public record Gvk(String group, String version, String kind) {
        static final Comparator<Gvk> ORDER =
                Comparator.comparing(Gvk::group).thenComparing(Gvk::version).thenComparing(Gvk::kind);
    }

    /**
     * A property's type: exactly one of ref (a definition name), array (the item shape), map (the value
     * shape) or type (string, integer, number, boolean, object); format only with type.
     */
    public record Shape(String ref, Shape array, Shape map, String type, String format) {
        Shape withFormat(String f) {
            return new Shape(ref, array, map, type, f);
        }
    }

    /** One property of a definition, with its extensions. */
    public record Property(String name, Shape shape, String description, String patchStrategy, String patchMergeKey,
                           String listType, List<String> listMapKeys, String mapType) {}

    /**
     * One definition. type is "object", "string" or "any" (no type: JSON, JSONSchemaPropsOrBool, ...);
     * properties are sorted by name.
     */
    public record Definition(String name, String type, String format, String description, String mapType,
                             Map<String, Property> properties, List<String> required, List<Gvk> gvks) {}

    /** How much of the metadata found a description. */
    public record Coverage(int definitions, int definitionsWithClass, int definitionsDescribed,
                           int properties, int propertiesDescribed, List<String> unmappedDefinitions,
                           List<String> undescribedProperties) {}

    private final ConcurrentSkipListMap<String, Definition> definitions;
    private final Map<Gvk, String> byGvk;
    private final Set<String> mapped;
    private final ModelDocs docs;

    private Schemas(Map<String, Definition> definitions, Map<Gvk, String> byGvk, Set<String> mapped, ModelDocs docs) {
        this.definitions = new ConcurrentSkipListMap<>(definitions);
        this.byGvk = new ConcurrentHashMap<>(byGvk);
        this.mapped = ConcurrentHashMap.newKeySet();
        this.mapped.addAll(mapped);
        this.docs = docs;
    }

    /** Loads {@link #PATCH_META_RESOURCE} from the class path, descriptions from client-java-api if present. */
    public static Schemas load() {
        try (InputStream in = Schemas.class.getResourceAsStream(PATCH_META_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + PATCH_META_RESOURCE);
            }
            return load(in, Schemas.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads patch metadata JSON from a stream; descriptions from the model classes the loader can see. */
    public static Schemas load(InputStream patchMeta, ClassLoader models) throws IOException {
        JsonNode root = new ObjectMapper().readTree(patchMeta);
        return build(root, new ModelDocs(models));
    }

    private static Schemas build(JsonNode root, ModelDocs docs) {
        Map<Gvk, String> byGvk = new HashMap<>();
        Map<String, List<Gvk>> gvksOf = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("gvk").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] parts = e.getKey().split("/", -1);
            if (parts.length != 3) {
                continue;
            }
            Gvk gvk = new Gvk(parts[0], parts[1], parts[2]);
            byGvk.put(gvk, e.getValue().asText());
            gvksOf.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(gvk);
        }
        Map<String, Definition> defs = new TreeMap<>();
        Set<String> mapped = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("definitions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode d = e.getValue();
            ModelDocs.ClassDoc doc = docs.forDefinition(name);
            if (doc != null) {
                mapped.add(name);
            }
            Map<String, Property> properties = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> pit = d.path("properties").fields(); pit.hasNext(); ) {
                Map.Entry<String, JsonNode> pe = pit.next();
                JsonNode p = pe.getValue();
                List<String> keys = null;
                if (p.has("listMapKeys")) {
                    keys = new ArrayList<>();
                    for (JsonNode k : p.get("listMapKeys")) {
                        keys.add(k.asText());
                    }
                }
                properties.put(pe.getKey(), new Property(pe.getKey(), shape(p), null, text(p, "patchStrategy"),
                        text(p, "patchMergeKey"), text(p, "listType"), keys, text(p, "mapType")));
            }
            List<Gvk> gvks = new ArrayList<>(gvksOf.getOrDefault(name, List.of()));
            gvks.sort(Gvk.ORDER);
            defs.put(name, describe(new Definition(name, d.path("type").asText("object"), text(d, "format"), null,
                    text(d, "mapType"), properties, List.of(), List.copyOf(gvks)), doc));
        }
        moveTypeDescriptions(defs);
        return new Schemas(defs, byGvk, mapped, docs);
    }

    /** Description coverage of some definitions (unknown names are ignored). */
    public Coverage coverage(Collection<String> names) {
        int count = 0;
        int withClass = 0;
        int described = 0;
        int props = 0;
        int propsDescribed = 0;
        List<String> unmapped = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            Definition d = definitions.get(name);
            if (d == null) {
                continue;
            }
            count++;
            if (mapped.contains(name)) {
                withClass++;
            } else {
                unmapped.add(name);
            }
            if (d.description() != null) {
                described++;
            }
            for (Property p : d.properties().values()) {
                props++;
                if (p.description() != null) {
                    propsDescribed++;
                } else {
                    undescribed.add(name + "." + p.name());
                }
            }
        }
        return new Coverage(count, withClass, described, props, propsDescribed, List.copyOf(unmapped),
                List.copyOf(undescribed));
    }

    /** Description coverage of all definitions of the metadata (served or not). */
    public Coverage coverage() {
        return coverage(definitions.keySet());
    }

    /**
     * client-java inlines some types (IntOrString, Quantity, JSON, ...) and gives fields of those types the
     * type's own description ("IntOrString is a type that can hold ..."), not the field's. Such a description
     * (one that starts with "&lt;type name&gt; is/represents/holds") is moved to the referenced definition, if that has
     * none, and dropped from the field.
     */
    private static void moveTypeDescriptions(Map<String, Definition> defs) {
        Map<String, String> typeDescriptions = new HashMap<>();
        for (Map.Entry<String, Definition> e : defs.entrySet()) {
            Definition d = e.getValue();
            Map<String, Property> props = null;
            for (Property p : d.properties().values()) {
                String ref = p.shape().ref();
                if (ref == null || p.description() == null) {
                    continue;
                }
                String simple = ref.substring(ref.lastIndexOf('.') + 1);
                if (!p.description().matches("\\Q" + simple + "\\E (is|represents|holds) (?s).*")) {
                    continue;
                }
                typeDescriptions.putIfAbsent(ref, p.description());
                if (props == null) {
                    props = new TreeMap<>(d.properties());
                }
                props.put(p.name(), new Property(p.name(), p.shape(), null, p.patchStrategy(), p.patchMergeKey(),
                        p.listType(), p.listMapKeys(), p.mapType()));
            }
            if (props != null) {
                e.setValue(new Definition(d.name(), d.type(), d.format(), d.description(), d.mapType(),
                        Collections.unmodifiableMap(props), d.required(), d.gvks()));
            }
        }
        for (Map.Entry<String, String> t : typeDescriptions.entrySet()) {
            Definition d = defs.get(t.getKey());
            if (d != null && d.description() == null) {
                defs.put(d.name(), new Definition(d.name(), d.type(), d.format(), t.getValue(), d.mapType(),
                        d.properties(), d.required(), d.gvks()));
            }
        }
    }

    /** The definition with description, formats and required list of its client-java model class, if any. */
    private static Definition describe(Definition d, ModelDocs.ClassDoc doc) {
        if (doc == null) {
            return d;
        }
        Map<String, Property> properties = new TreeMap<>();
        for (Property p : d.properties().values()) {
            ModelDocs.FieldDoc field = doc.fields().get(p.name());
            Shape shape = p.shape();
            String description = null;
            if (field != null) {
                shape = withFormats(shape, field.signature() != null ? field.signature() : field.descriptor());
                description = field.description();
            }
            properties.put(p.name(), new Property(p.name(), shape, description, p.patchStrategy(), p.patchMergeKey(),
                    p.listType(), p.listMapKeys(), p.mapType()));
        }
        List<String> required = new ArrayList<>();
        for (String r : doc.required()) {
            if (properties.containsKey(r)) {
                required.add(r);
            }
        }
        return new Definition(d.name(), d.type(), d.format(), doc.description(), d.mapType(),
                Collections.unmodifiableMap(properties), List.copyOf(required), d.gvks());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Shape shape(JsonNode p) {
        if (p.has("ref")) {
            return new Shape(p.get("ref").asText(), null, null, null, null);
        }
        if (p.has("array")) {
            return new Shape(null, shape(p.get("array")), null, null, null);
        }
        if (p.has("map")) {
            return new Shape(null, null, shape(p.get("map")), null, null);
        }
        return new Shape(null, null, null, p.path("type").asText("object"), text(p, "format"));
    }

    /**
     * Adds the OpenAPI format of integer/number/byte leaves from the Java type of the client-java field
     * (patch-meta carries no formats): Integer -> int32, Long -> int64, Double -> double, byte[] -> byte.
     * descriptor is a field descriptor or generic signature ({@code Ljava/util/Map<Ljava/lang/String;[B>;}).
     */
    static Shape withFormats(Shape s, String descriptor) {
        if (descriptor == null) {
            return s;
        }
        if (s.array() != null) {
            String inner = typeArgument(descriptor, 0);
            return inner == null ? s : new Shape(null, withFormats(s.array(), inner), null, null, null);
        }
        if (s.map() != null) {
            String inner = typeArgument(descriptor, 1);
            return inner == null ? s : new Shape(null, null, withFormats(s.map(), inner), null, null);
        }
        if (s.type() == null || s.format() != null) {
            return s;
        }
        String format = switch (descriptor) {
            case "Ljava/lang/Integer;", "I" -> "int32";
            case "Ljava/lang/Long;", "J" -> "int64";
            case "Ljava/lang/Double;", "D" -> "double";
            case "Ljava/lang/Float;", "F" -> "float";
            case "[B" -> "byte";
            case "Ljava/time/OffsetDateTime;" -> "date-time";
            default -> null;
        };
        if (format == null) {
            return s;
        }
        if (format.equals("byte") || format.equals("date-time")) {
            return s.type().equals("string") ? s.withFormat(format) : s;
        }
        return s.type().equals("integer") || s.type().equals("number") ? s.withFormat(format) : s;
    }

    /** The n-th type argument of a generic signature such as {@code Ljava/util/List<Ljava/lang/Integer;>;}. */
    static String typeArgument(String signature, int n) {
        int open = signature.indexOf('<');
        int close = signature.lastIndexOf('>');
        if (open < 0 || close < open) {
            return null;
        }
        String args = signature.substring(open + 1, close);
        int i = 0;
        int index = 0;
        while (i < args.length()) {
            int end = endOfType(args, i);
            if (index == n) {
                return args.substring(i, end);
            }
            index++;
            i = end;
        }
        return null;
    }

    private static int endOfType(String s, int i) {
        char c = s.charAt(i);
        if (c == '[') {
            return endOfType(s, i + 1);
        }
        if (c != 'L' && c != 'T') {
            return i + 1;
        }
        int depth = 0;
        for (int j = i; j < s.length(); j++) {
            char ch = s.charAt(j);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth--;
            } else if (ch == ';' && depth == 0) {
                return j + 1;
            }
        }
        return s.length();
    }

    /** All definitions by name, sorted. */
    public Map<String, Definition> definitions() {
        return definitions;
    }

    public Definition definition(String name) {
        return definitions.get(name);
    }

    /** Names the definition of a kind the metadata does not know (a custom resource's). */
    void register(Gvk gvk, String definition) {
        byGvk.put(gvk, definition);
    }

    /** The definition name for a group/version/kind, or null when neither the metadata nor a custom resource has it. */
    public String definitionFor(String group, String version, String kind) {
        return byGvk.get(new Gvk(group, version, kind));
    }

    /** Definition names directly referenced by a definition's properties. */
    List<String> references(String name) {
        Definition d = definitions.get(name);
        if (d == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Property p : d.properties().values()) {
            collect(p.shape(), out);
        }
        return out;
    }

    private static void collect(Shape s, List<String> out) {
        if (s.ref() != null) {
            out.add(s.ref());
        } else if (s.array() != null) {
            collect(s.array(), out);
        } else if (s.map() != null) {
            collect(s.map(), out);
        }
    }

    /** The transitive closure of the given definition names (unknown names are dropped), sorted. */
    TreeMap<String, Definition> closure(Iterable<String> roots) {
        TreeMap<String, Definition> out = new TreeMap<>();
        List<String> todo = new ArrayList<>();
        roots.forEach(todo::add);
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (out.containsKey(n)) {
                continue;
            }
            Definition d = definitions.get(n);
            if (d == null) {
                continue;
            }
            out.put(n, d);
            todo.addAll(references(n));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Schemas[" + definitions.size() + " definitions]";
    }

}
