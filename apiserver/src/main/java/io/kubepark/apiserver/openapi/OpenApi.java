package io.kubepark.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubepark.apiserver.openapi.Paths.Op;
import io.kubepark.apiserver.openapi.Paths.Param;
import io.kubepark.apiserver.openapi.Paths.PathItem;
import io.kubepark.apiserver.openapi.Paths.Response;
import io.kubepark.apiserver.openapi.Schemas.Definition;
import io.kubepark.apiserver.openapi.Schemas.Gvk;
import io.kubepark.apiserver.openapi.Schemas.Property;
import io.kubepark.apiserver.openapi.Schemas.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The OpenAPI documents of the served API, as kube-apiserver publishes them:
 * <ul>
 *   <li>{@code GET /openapi/v3}: the index of per-group-version documents with their hashes,</li>
 *   <li>{@code GET /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}, ...: one OpenAPI 3.0.0 document
 *       per group-version (also {@code api}, {@code apis}, {@code apis/<group>} and {@code version}),</li>
 *   <li>{@code GET /openapi/v2}: one Swagger 2.0 document for everything, in JSON and in gnostic's protobuf
 *       form ({@link GnosticV2}).</li>
 * </ul>
 * Each document is generated once, on first use, and kept as bytes. Schemas come from {@link Schemas}:
 * the shapes and x-kubernetes extensions of Kubernetes' swagger.json plus the descriptions of the
 * client-java-api models. kubectl uses these documents for {@code explain}, for client-side strategic merge
 * patches and for the field-validation check (a patch operation carrying the object's
 * {@code x-kubernetes-group-version-kind} and a {@code fieldValidation} parameter).
 */
public final class OpenApi {

    /** The version the documents' {@code info.version} reports. */
    public static final String DEFAULT_VERSION = "v1.33.1";

    /**
     * One served group/version/resource. group is "" for the core group; verbs as discovery lists them
     * (get, list, watch, create, update, patch, delete, deletecollection); subresources by name
     * (status, scale, log, exec, ...).
     */
    public record Resource(String group, String version, String resource, String kind, boolean namespaced,
                           List<String> verbs, List<String> subresources, JsonNode customSchema) {
        public Resource {
            verbs = List.copyOf(verbs);
            subresources = List.copyOf(subresources);
        }

        /** A built-in resource, whose schema comes from the API's metadata. */
        public Resource(String group, String version, String resource, String kind, boolean namespaced,
                        List<String> verbs, List<String> subresources) {
            this(group, version, resource, kind, namespaced, verbs, subresources, null);
        }

        /** The definition name of a custom kind, reversed-domain style: {@code com.example.v1.Widget}. */
        String customDefinition() {
            List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
            java.util.Collections.reverse(parts);
            return String.join(".", parts) + "." + version + "." + kind;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String V3_REF = "#/components/schemas/";
    private static final String V2_REF = "#/definitions/";

    private final List<Resource> resources;
    private final Supplier<Schemas> schemaSource;
    private final String version;
    private volatile Schemas schemas;
    private volatile Paths paths;
    /** document key (api/v1, apis/apps/v1, api, apis, apis/apps, version) -> its resources. */
    private final Map<String, List<Resource>> documents = new TreeMap<>();
    private final Map<String, byte[]> v3Cache = new ConcurrentHashMap<>();
    private final Map<String, String> v3Hashes = new ConcurrentHashMap<>();
    private volatile byte[] index;
    private volatile byte[] v2;
    private volatile byte[] v2Protobuf;
    private volatile Set<String> v2Definitions;
    // separate locks: a thread holding indexLock waits for v3 documents that other threads may be generating,
    // and those need schemaLock
    private final Object schemaLock = new Object();
    private final Object indexLock = new Object();
    private final Object v2Lock = new Object();

    /**
     * Documents for these resources, with the patch metadata from the class path ({@link Schemas#load()}) and
     * version v1.33.1. Cheap: the metadata is read, and the documents generated, on first use.
     */
    public OpenApi(List<Resource> resources) {
        this(resources, Schemas::load, DEFAULT_VERSION);
    }

    public OpenApi(List<Resource> resources, Schemas schemas, String version) {
        this(resources, () -> schemas, version);
    }

    public OpenApi(List<Resource> resources, Supplier<Schemas> schemas, String version) {
        this.resources = List.copyOf(resources);
        this.schemaSource = schemas;
        this.version = version;
        Set<String> groups = new TreeSet<>();
        for (Resource r : this.resources) {
            documents.computeIfAbsent(gvKey(r.group(), r.version()), k -> new ArrayList<>()).add(r);
            if (r.group().isEmpty()) {
                documents.putIfAbsent("api", List.of());
            } else {
                groups.add(r.group());
            }
        }
        if (!groups.isEmpty()) {
            documents.putIfAbsent("apis", List.of());
        }
        for (String g : groups) {
            documents.putIfAbsent("apis/" + g, List.of());
        }
        documents.putIfAbsent("version", List.of());
    }

    static String gvKey(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** The schemas, loaded on first use. */
    public Schemas schemas() {
        Schemas s = schemas;
        if (s == null) {
            synchronized (schemaLock) {
                if (schemas == null) {
                    Schemas loaded = schemaSource.get();
                    for (Resource r : resources) {
                        if (r.customSchema() != null) {
                            loaded.register(new Schemas.Gvk(r.group(), r.version(), r.kind()), r.customDefinition());
                            loaded.register(new Schemas.Gvk(r.group(), r.version(), r.kind() + "List"),
                                    r.customDefinition() + "List");
                        }
                    }
                    paths = new Paths(loaded);
                    schemas = loaded;
                }
                s = schemas;
            }
        }
        return s;
    }

    private Paths paths() {
        schemas();
        return paths;
    }

    /** Description coverage of the definitions the documents contain (those of {@link #v2()}). */
    public Schemas.Coverage coverage() {
        v2();
        return schemas().coverage(v2Definitions);
    }

    /** Generates every document now (for example on a background thread at start-up) instead of on first use. */
    public void prepare() {
        v3Index();
        v2();
    }

    /** The document paths the v3 index lists: api/v1, apis/apps/v1, ... */
    public Set<String> v3Paths() {
        return Collections.unmodifiableSet(documents.keySet());
    }

    /** {@code GET /openapi/v3}. */
    public byte[] v3Index() {
        byte[] b = index;
        if (b == null) {
            synchronized (indexLock) {
                if (index == null) {
                    Map<String, Object> ps = new TreeMap<>();
                    for (String key : documents.keySet()) {
                        ps.put(key, Map.of("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + v3Hash(key)));
                    }
                    index = json(Map.of("paths", ps));
                }
                b = index;
            }
        }
        return b;
    }

    /**
     * {@code GET /openapi/v3/<path>}: path as the index names it ({@code api/v1}, {@code apis/apps/v1}; a leading
     * slash or {@code /openapi/v3/} prefix and a {@code ?hash=} query are tolerated), or null when unknown.
     */
    public byte[] v3(String groupVersionPath) {
        String key = normalise(groupVersionPath);
        if (key == null || !documents.containsKey(key)) {
            return null;
        }
        return v3Cache.computeIfAbsent(key, this::generateV3);
    }

    /** The uppercase hex SHA-512 of the document's bytes, as kube-openapi computes it; null when unknown. */
    public String v3Hash(String groupVersionPath) {
        String key = normalise(groupVersionPath);
        byte[] doc = v3(key);
        if (doc == null) {
            return null;
        }
        return v3Hashes.computeIfAbsent(key, k -> hash(doc));
    }

    /** {@code GET /openapi/v2}. */
    public byte[] v2() {
        byte[] b = v2;
        if (b == null) {
            synchronized (v2Lock) {
                if (v2 == null) {
                    v2 = generateV2();
                }
                b = v2;
            }
        }
        return b;
    }

    /** {@code GET /openapi/v2} with Accept {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}. */
    public byte[] v2Protobuf() {
        byte[] b = v2Protobuf;
        if (b == null) {
            byte[] json = v2();
            synchronized (v2Lock) {
                if (v2Protobuf == null) {
                    try {
                        v2Protobuf = GnosticV2.encode(MAPPER.readTree(json));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                b = v2Protobuf;
            }
        }
        return b;
    }

    /** The ETag kube-apiserver sends with a document: the quoted hash. */
    public static String etag(byte[] document) {
        return "\"" + hash(document) + "\"";
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalise(String path) {
        if (path == null) {
            return null;
        }
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.startsWith("/openapi/v3")) {
            p = p.substring("/openapi/v3".length());
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    // ------------------------------------------------------------------ path selection

    /** The paths of one v3 document. */
    private List<PathItem> pathItems(String key) {
        List<PathItem> out = new ArrayList<>();
        if (key.equals("api")) {
            out.add(paths().coreVersions());
        } else if (key.equals("apis")) {
            out.add(paths().groups());
        } else if (key.equals("version")) {
            out.add(paths().version());
        } else if (key.startsWith("apis/") && key.indexOf('/', 5) < 0) {
            out.add(paths().group(key.substring(5)));
        } else {
            List<Resource> rs = documents.get(key);
            Resource first = rs.get(0);
            out.add(paths().discovery(first.group(), first.version()));
            for (Resource r : rs) {
                out.addAll(paths().resource(r));
            }
        }
        return out;
    }

    /** All paths, for v2: discovery paths, every group-version's resources and /version/. */
    private List<PathItem> allPathItems() {
        List<PathItem> out = new ArrayList<>();
        for (String key : documents.keySet()) {
            out.addAll(pathItems(key));
        }
        return out;
    }

    /** Definition names the paths reference, plus the definitions of the served kinds, closed over refs. */
    private TreeMap<String, Definition> reachable(List<PathItem> items, List<Resource> rs) {
        Set<String> roots = new LinkedHashSet<>();
        for (PathItem item : items) {
            for (Op op : item.ops().values()) {
                if (op.bodyRef() != null) {
                    roots.add(op.bodyRef());
                }
                for (Response r : op.responses()) {
                    if (r.ref() != null) {
                        roots.add(r.ref());
                    }
                }
            }
        }
        for (Resource r : rs) {
            String d = schemas().definitionFor(r.group(), r.version(), r.kind());
            if (d != null) {
                roots.add(d);
            }
        }
        Set<String> custom = customNames(rs);
        if (roots.removeAll(custom) || !custom.isEmpty()) {
            roots.add(OBJECT_META);
            roots.add(LIST_META);
        }
        return schemas().closure(roots);
    }

    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    private static Set<String> customNames(List<Resource> rs) {
        Set<String> names = new LinkedHashSet<>();
        for (Resource r : rs) {
            if (r.customSchema() != null) {
                names.add(r.customDefinition());
                names.add(r.customDefinition() + "List");
            }
        }
        return names;
    }

    /** A custom kind's definitions: its CRD schema with the standard fields, and its list. */
    private static void customDefinitions(List<Resource> rs, Map<String, Object> out, boolean v3) {
        String prefix = v3 ? V3_REF : V2_REF;
        for (Resource r : rs) {
            if (r.customSchema() == null) {
                continue;
            }
            String name = r.customDefinition();
            com.fasterxml.jackson.databind.node.ObjectNode schema = r.customSchema().isObject()
                    ? ((com.fasterxml.jackson.databind.node.ObjectNode) r.customSchema()).deepCopy()
                    : MAPPER.createObjectNode();
            schema.put("type", "object");
            com.fasterxml.jackson.databind.node.ObjectNode props = schema.with("properties");
            props.putObject("apiVersion").put("type", "string").put("description",
                    "APIVersion defines the versioned schema of this representation of an object.");
            props.putObject("kind").put("type", "string").put("description",
                    "Kind is a string value representing the REST resource this object represents.");
            props.set("metadata", ref(prefix + OBJECT_META, v3, "Standard object's metadata."));
            schema.set("x-kubernetes-group-version-kind", MAPPER.createArrayNode().add(MAPPER.createObjectNode()
                    .put("group", r.group()).put("kind", r.kind()).put("version", r.version())));
            out.put(name, schema);
            com.fasterxml.jackson.databind.node.ObjectNode list = MAPPER.createObjectNode();
            list.put("description", r.kind() + "List is a list of " + r.kind());
            list.put("type", "object");
            list.putArray("required").add("items");
            com.fasterxml.jackson.databind.node.ObjectNode lp = list.putObject("properties");
            lp.putObject("apiVersion").put("type", "string");
            lp.putObject("items").put("type", "array").putObject("items").put("$ref", prefix + name);
            lp.putObject("kind").put("type", "string");
            lp.set("metadata", ref(prefix + LIST_META, v3, "Standard list metadata."));
            list.set("x-kubernetes-group-version-kind", MAPPER.createArrayNode().add(MAPPER.createObjectNode()
                    .put("group", r.group()).put("kind", r.kind() + "List").put("version", r.version())));
            out.put(name + "List", list);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode ref(String target, boolean v3, String description) {
        com.fasterxml.jackson.databind.node.ObjectNode node = MAPPER.createObjectNode();
        if (v3) {
            node.putArray("allOf").addObject().put("$ref", target);
        } else {
            node.put("$ref", target);
        }
        node.put("description", description);
        return node;
    }

    // ------------------------------------------------------------------ v3

    private byte[] generateV3(String key) {
        List<PathItem> items = pathItems(key);
        Map<String, Object> ps = new TreeMap<>();
        for (PathItem item : items) {
            ps.put(item.path(), pathItem(item, true));
        }
        Map<String, Object> schemasOut = new TreeMap<>();
        for (Definition d : reachable(items, documents.get(key)).values()) {
            schemasOut.put(d.name(), definition(d, true));
        }
        if (documents.get(key) != null) {
            customDefinitions(documents.get(key), schemasOut, true);
        }
        Map<String, Object> components = new TreeMap<>();
        components.put("schemas", schemasOut);
        components.put("securitySchemes", Map.of("BearerToken", bearer()));
        Map<String, Object> doc = new TreeMap<>();
        doc.put("components", components);
        doc.put("info", info());
        doc.put("openapi", "3.0.0");
        doc.put("paths", ps);
        return json(doc);
    }

    private Map<String, Object> info() {
        Map<String, Object> info = new TreeMap<>();
        info.put("title", "Kubernetes");
        info.put("version", version);
        return info;
    }

    private static Map<String, Object> bearer() {
        Map<String, Object> b = new TreeMap<>();
        b.put("description", "Bearer Token authentication");
        b.put("in", "header");
        b.put("name", "authorization");
        b.put("type", "apiKey");
        return b;
    }

    /** A path item in either form; operations differ per form, parameters only in where their type sits. */
    private Map<String, Object> pathItem(PathItem item, boolean v3) {
        Map<String, Object> out = new TreeMap<>();
        for (Op op : item.ops().values()) {
            out.put(op.method(), v3 ? v3Op(op) : v2Op(op));
        }
        if (!item.params().isEmpty()) {
            out.put("parameters", params(item.params(), v3));
        }
        return out;
    }

    /** Parameters: v3 wraps the type in a {@code schema}, v2 puts it beside the name. */
    private static List<Object> params(List<Param> params, boolean v3) {
        List<Object> out = new ArrayList<>();
        for (Param p : params) {
            Map<String, Object> m = new TreeMap<>();
            m.put("description", p.description());
            m.put("in", p.in());
            m.put("name", p.name());
            if (p.required()) {
                m.put("required", true);
            }
            Map<String, Object> type = v3 ? new TreeMap<>() : m;
            type.put("type", p.type());
            type.put("uniqueItems", true);
            if (v3) {
                m.put("schema", type);
            }
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> v3Op(Op op) {
        Map<String, Object> m = new TreeMap<>();
        m.put("description", op.description());
        m.put("operationId", op.id());
        if (!op.params().isEmpty()) {
            m.put("parameters", params(op.params(), true));
        }
        if (op.bodyRef() != null) {
            Map<String, Object> content = new TreeMap<>();
            for (String ct : op.consumes()) {
                content.put(ct, Map.of("schema", Map.of("$ref", V3_REF + op.bodyRef())));
            }
            Map<String, Object> body = new TreeMap<>();
            body.put("content", content);
            if (op.bodyRequired()) {
                body.put("required", true);
            }
            m.put("requestBody", body);
        }
        Map<String, Object> responses = new TreeMap<>();
        for (Response r : op.responses()) {
            Map<String, Object> rm = new TreeMap<>();
            Map<String, Object> schema = responseSchema(r, V3_REF);
            if (schema != null) {
                Map<String, Object> content = new TreeMap<>();
                for (String ct : op.produces()) {
                    content.put(ct, Map.of("schema", schema));
                }
                rm.put("content", content);
            }
            rm.put("description", r.description());
            responses.put(r.code(), rm);
        }
        m.put("responses", responses);
        m.put("tags", List.of(op.tag()));
        extensions(op, m);
        return m;
    }

    private static Map<String, Object> responseSchema(Response r, String refPrefix) {
        if (r.ref() != null) {
            return Map.of("$ref", refPrefix + r.ref());
        }
        if (r.type() != null) {
            return Map.of("type", r.type());
        }
        return null;
    }

    private static void extensions(Op op, Map<String, Object> m) {
        if (op.action() != null) {
            m.put("x-kubernetes-action", op.action());
        }
        if (op.gvk() != null) {
            m.put("x-kubernetes-group-version-kind", gvk(op.gvk()));
        }
    }

    private static Map<String, Object> gvk(Gvk g) {
        Map<String, Object> m = new TreeMap<>();
        m.put("group", g.group());
        m.put("kind", g.kind());
        m.put("version", g.version());
        return m;
    }

    // ------------------------------------------------------------------ schemas (v2 and v3)

    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private Map<String, Object> definition(Definition d, boolean v3) {
        Map<String, Object> m = new TreeMap<>();
        if (d.description() != null) {
            m.put("description", d.description());
        }
        switch (d.type()) {
            case "object" -> {
                if (!d.properties().isEmpty()) {
                    Map<String, Object> props = new TreeMap<>();
                    for (Property p : d.properties().values()) {
                        props.put(p.name(), property(p, v3));
                    }
                    m.put("properties", props);
                }
                if (!d.required().isEmpty()) {
                    m.put("required", d.required());
                }
                m.put("type", "object");
            }
            case "any" -> {
                // JSON, JSONSchemaPropsOrBool, ...: any value, no type
            }
            default -> {
                boolean intOrString = "int-or-string".equals(d.format()) || d.name().equals(INT_OR_STRING);
                if (v3 && intOrString) {
                    m.put("format", "int-or-string");
                    m.put("oneOf", List.of(Map.of("type", "integer"), Map.of("type", "string")));
                    m.put("x-kubernetes-int-or-string", true);
                } else if (v3 && d.name().equals(QUANTITY)) {
                    m.put("oneOf", List.of(Map.of("type", "string"), Map.of("type", "number")));
                } else {
                    m.put("type", d.type());
                    if (d.format() != null) {
                        m.put("format", d.format());
                    }
                }
            }
        }
        if (!d.gvks().isEmpty()) {
            List<Object> gvks = new ArrayList<>();
            for (Gvk g : d.gvks()) {
                gvks.add(gvk(g));
            }
            m.put("x-kubernetes-group-version-kind", gvks);
        }
        if (d.mapType() != null) {
            m.put("x-kubernetes-map-type", d.mapType());
        }
        return m;
    }

    private Map<String, Object> property(Property p, boolean v3) {
        Map<String, Object> extras = new TreeMap<>();
        if (p.description() != null) {
            extras.put("description", p.description());
        }
        if (p.listMapKeys() != null) {
            extras.put("x-kubernetes-list-map-keys", p.listMapKeys());
        }
        if (p.listType() != null) {
            extras.put("x-kubernetes-list-type", p.listType());
        }
        if (p.mapType() != null) {
            extras.put("x-kubernetes-map-type", p.mapType());
        }
        if (p.patchMergeKey() != null) {
            extras.put("x-kubernetes-patch-merge-key", p.patchMergeKey());
        }
        if (p.patchStrategy() != null) {
            extras.put("x-kubernetes-patch-strategy", p.patchStrategy());
        }
        Map<String, Object> shape = shape(p.shape(), v3);
        if (v3 && p.shape().ref() != null && !extras.isEmpty()) {
            // kube-openapi's v3: a $ref cannot have siblings, so it is wrapped in allOf
            Map<String, Object> m = new TreeMap<>(extras);
            m.put("allOf", List.of(shape));
            return m;
        }
        shape.putAll(extras);
        return shape;
    }

    private Map<String, Object> shape(Shape s, boolean v3) {
        Map<String, Object> m = new TreeMap<>();
        if (s.ref() != null) {
            m.put("$ref", (v3 ? V3_REF : V2_REF) + s.ref());
        } else if (s.array() != null) {
            m.put("items", shape(s.array(), v3));
            m.put("type", "array");
        } else if (s.map() != null) {
            m.put("additionalProperties", shape(s.map(), v3));
            m.put("type", "object");
        } else {
            m.put("type", s.type());
            if (s.format() != null) {
                m.put("format", s.format());
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ v2

    private byte[] generateV2() {
        List<PathItem> items = allPathItems();
        Map<String, Object> ps = new TreeMap<>();
        for (PathItem item : items) {
            ps.put(item.path(), pathItem(item, false));
        }
        Map<String, Object> defs = new TreeMap<>();
        TreeMap<String, Definition> reached = reachable(items, resources);
        for (Definition d : reached.values()) {
            defs.put(d.name(), definition(d, false));
        }
        customDefinitions(resources, defs, false);
        v2Definitions = Set.copyOf(reached.keySet());
        Map<String, Object> doc = new TreeMap<>();
        doc.put("definitions", defs);
        doc.put("info", info());
        doc.put("paths", ps);
        doc.put("security", List.of(Map.of("BearerToken", List.of())));
        doc.put("securityDefinitions", Map.of("BearerToken", bearer()));
        doc.put("swagger", "2.0");
        return json(doc);
    }

    private Map<String, Object> v2Op(Op op) {
        Map<String, Object> m = new TreeMap<>();
        m.put("consumes", op.consumes());
        m.put("description", op.description());
        m.put("operationId", op.id());
        List<Object> params = new ArrayList<>();
        if (op.bodyRef() != null) {
            Map<String, Object> body = new TreeMap<>();
            body.put("in", "body");
            body.put("name", "body");
            if (op.bodyRequired()) {
                body.put("required", true);
            }
            body.put("schema", Map.of("$ref", V2_REF + op.bodyRef()));
            params.add(body);
        }
        params.addAll(params(op.params(), false));
        if (!params.isEmpty()) {
            m.put("parameters", params);
        }
        m.put("produces", op.produces());
        Map<String, Object> responses = new TreeMap<>();
        for (Response r : op.responses()) {
            Map<String, Object> rm = new TreeMap<>();
            rm.put("description", r.description());
            Map<String, Object> schema = responseSchema(r, V2_REF);
            if (schema != null) {
                rm.put("schema", schema);
            }
            responses.put(r.code(), rm);
        }
        m.put("responses", responses);
        m.put("schemes", List.of("https"));
        m.put("tags", List.of(op.tag()));
        extensions(op, m);
        return m;
    }

    // ------------------------------------------------------------------

    private static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OpenApi[" + documents.size() + " v3 documents, " + resources.size() + " resources, "
                + version.toLowerCase(Locale.ROOT) + "]";
    }
}
