package io.kubepark.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Patch metadata of the built-in Kubernetes types: for every OpenAPI definition its properties with
 * their shapes and {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 * list and map types, plus the map from group/version/kind to definition name.
 *
 * <p>The data comes from {@code io/kubepark/apiserver/patch-meta.json} on the class path (extracted
 * from the Kubernetes OpenAPI document); {@link #builtIn()} loads it once.
 */
public final class PatchMeta {

    /** Class-path location of the shipped metadata. */
    public static final String RESOURCE = "/io/kubepark/apiserver/patch-meta.json";

    /** Definition used for {@code metadata} of every kind, known or not. */
    public static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private static final class Holder {
        static final PatchMeta INSTANCE = load();

        private static PatchMeta load() {
            try (InputStream in = PatchMeta.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing class-path resource " + RESOURCE);
                }
                return fromJson(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** The shape of a value: a reference to a definition, an array, a map or a scalar. */
    public record Shape(ShapeKind kind, String ref, Shape element, String scalarType) {
        public static final Shape UNKNOWN = new Shape(ShapeKind.UNKNOWN, null, null, null);

        public static Shape ref(String definition) {
            return new Shape(ShapeKind.REF, definition, null, null);
        }

        public static Shape array(Shape item) {
            return new Shape(ShapeKind.ARRAY, null, item, null);
        }

        public static Shape map(Shape value) {
            return new Shape(ShapeKind.MAP, null, value, null);
        }

        public static Shape scalar(String type) {
            return new Shape(ShapeKind.SCALAR, null, null, type);
        }
    }

    public enum ShapeKind { REF, ARRAY, MAP, SCALAR, UNKNOWN }

    /** One property of a definition. {@code patchStrategies} is the comma-split strategy list. */
    public record Field(String name, Shape shape, List<String> patchStrategies, String patchMergeKey,
                        String listType, List<String> listMapKeys, String mapType) {
        public Field {
            patchStrategies = List.copyOf(patchStrategies);
            listMapKeys = listMapKeys == null ? null : List.copyOf(listMapKeys);
        }

        /** A property without any metadata (unknown fields, values of maps). */
        public static Field untyped(String name, Shape shape) {
            return new Field(name, shape, List.of(), "", null, null, null);
        }
    }

    /** One definition. {@code type} is "object", "string" or "any"; {@code format} may be null. */
    public record Definition(String name, String type, String format, String mapType,
                             Map<String, Field> properties) {
        public Definition {
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }

        /** Whether values of this definition are JSON objects with known properties. */
        public boolean isStruct() {
            return "object".equals(type);
        }
    }

    private final Map<String, Definition> definitions;
    private final Map<String, String> gvk;

    private PatchMeta(Map<String, Definition> definitions, Map<String, String> gvk) {
        this.definitions = Collections.unmodifiableMap(definitions);
        this.gvk = Collections.unmodifiableMap(gvk);
    }

    /** The metadata shipped with KubePark. */
    public static PatchMeta builtIn() {
        return Holder.INSTANCE;
    }

    /** Reads metadata in the patch-meta.json format (used by tests with small hand-written schemas). */
    public static PatchMeta fromJson(JsonNode root) {
        Map<String, Definition> defs = new LinkedHashMap<>();
        JsonNode definitionsNode = root.path("definitions");
        for (Iterator<Map.Entry<String, JsonNode>> it = definitionsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue();
            Map<String, Field> props = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> pit = d.path("properties").fields(); pit.hasNext(); ) {
                Map.Entry<String, JsonNode> p = pit.next();
                props.put(p.getKey(), readField(p.getKey(), p.getValue()));
            }
            defs.put(e.getKey(), new Definition(e.getKey(), d.path("type").asText("object"),
                    textOrNull(d, "format"), textOrNull(d, "mapType"), props));
        }
        Map<String, String> gvks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("gvk").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            gvks.put(e.getKey(), e.getValue().asText());
        }
        return new PatchMeta(defs, gvks);
    }

    private static Field readField(String name, JsonNode node) {
        List<String> strategies = new ArrayList<>();
        String ps = textOrNull(node, "patchStrategy");
        if (ps != null && !ps.isEmpty()) {
            for (String s : ps.split(",")) {
                strategies.add(s.trim());
            }
        }
        List<String> lmk = null;
        if (node.has("listMapKeys")) {
            lmk = new ArrayList<>();
            for (JsonNode k : node.get("listMapKeys")) {
                lmk.add(k.asText());
            }
        }
        String mergeKey = textOrNull(node, "patchMergeKey");
        return new Field(name, readShape(node), strategies, mergeKey == null ? "" : mergeKey,
                textOrNull(node, "listType"), lmk, textOrNull(node, "mapType"));
    }

    private static Shape readShape(JsonNode node) {
        if (node.has("ref")) {
            return Shape.ref(node.get("ref").asText());
        }
        if (node.has("array")) {
            return Shape.array(readShape(node.get("array")));
        }
        if (node.has("map")) {
            return Shape.map(readShape(node.get("map")));
        }
        if (node.has("type")) {
            return Shape.scalar(node.get("type").asText());
        }
        return Shape.UNKNOWN;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * The definition of a kind, e.g. {@code ("v1", "Pod")} gives {@code io.k8s.api.core.v1.Pod} and
     * {@code ("apps/v1", "StatefulSet")} gives {@code io.k8s.api.apps.v1.StatefulSet}.
     */
    public Optional<String> definitionFor(String apiVersion, String kind) {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return Optional.ofNullable(gvk.get(group + "/" + version + "/" + kind));
    }

    public Optional<Definition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** The property {@code property} of definition {@code definition}, if both are known. */
    public Optional<Field> field(String definition, String property) {
        Definition d = definitions.get(definition);
        return d == null ? Optional.empty() : Optional.ofNullable(d.properties().get(property));
    }

    public Set<String> definitionNames() {
        return definitions.keySet();
    }

    /** All known group/version/kind keys ({@code group/version/Kind}, core group empty). */
    public Set<String> kinds() {
        return gvk.keySet();
    }
}
