package io.kubepark.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A Swagger 2.0 document in the protobuf form kube-apiserver serves for
 * {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}: the {@code openapi.v2.Document}
 * message of gnostic's {@code OpenAPIv2.proto}, which kubectl decodes for {@code explain --output
 * plaintext-openapiv2}, for {@code diff} and for client-side validation. Field numbers follow that file; maps
 * are repeated name/value pairs in the document's order; every {@code x-} key is a vendor extension whose value
 * is YAML text, as are defaults, examples and enum values.
 */
final class GnosticV2 {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private GnosticV2() {}

    /** Encodes a Swagger 2.0 document given as JSON. */
    static byte[] encode(JsonNode doc) {
        Msg m = new Msg();
        m.string(1, doc.path("swagger").asText(""));
        m.msg(2, info(doc.path("info")));
        m.string(3, doc.path("host").asText(""));
        m.string(4, doc.path("basePath").asText(""));
        m.strings(5, doc.path("schemes"));
        m.strings(6, doc.path("consumes"));
        m.strings(7, doc.path("produces"));
        if (doc.has("paths")) {
            m.msg(8, paths(doc.get("paths")));
        }
        if (doc.has("definitions")) {
            m.msg(9, namedMap(doc.get("definitions"), GnosticV2::schema));
        }
        if (doc.has("parameters")) {
            m.msg(10, namedMap(doc.get("parameters"), GnosticV2::parameter));
        }
        if (doc.has("responses")) {
            m.msg(11, namedMap(doc.get("responses"), GnosticV2::response));
        }
        for (JsonNode requirement : doc.path("security")) {
            m.msg(12, securityRequirement(requirement));
        }
        if (doc.has("securityDefinitions")) {
            m.msg(13, namedMap(doc.get("securityDefinitions"), GnosticV2::securityDefinition));
        }
        for (JsonNode tag : doc.path("tags")) {
            Msg t = new Msg();
            t.string(1, tag.path("name").asText(""));
            t.string(2, tag.path("description").asText(""));
            t.extensions(4, tag);
            m.msg(14, t);
        }
        m.extensions(16, doc);
        return m.bytes();
    }

    private static Msg info(JsonNode info) {
        Msg m = new Msg();
        m.string(1, info.path("title").asText(""));
        m.string(2, info.path("version").asText(""));
        m.string(3, info.path("description").asText(""));
        m.string(4, info.path("termsOfService").asText(""));
        m.extensions(7, info);
        return m;
    }

    private static Msg paths(JsonNode paths) {
        Msg m = new Msg();
        m.extensions(1, paths);
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("x-")) {
                m.msg(2, named(e.getKey(), pathItem(e.getValue())));
            }
        }
        return m;
    }

    private static final String[] OPERATIONS = {"get", "put", "post", "delete", "options", "head", "patch"};

    private static Msg pathItem(JsonNode item) {
        Msg m = new Msg();
        m.string(1, item.path("$ref").asText(""));
        for (int i = 0; i < OPERATIONS.length; i++) {
            if (item.has(OPERATIONS[i])) {
                m.msg(2 + i, operation(item.get(OPERATIONS[i])));
            }
        }
        for (JsonNode p : item.path("parameters")) {
            m.msg(9, parametersItem(p));
        }
        m.extensions(10, item);
        return m;
    }

    private static Msg operation(JsonNode op) {
        Msg m = new Msg();
        m.strings(1, op.path("tags"));
        m.string(2, op.path("summary").asText(""));
        m.string(3, op.path("description").asText(""));
        m.string(5, op.path("operationId").asText(""));
        m.strings(6, op.path("produces"));
        m.strings(7, op.path("consumes"));
        for (JsonNode p : op.path("parameters")) {
            m.msg(8, parametersItem(p));
        }
        if (op.has("responses")) {
            Msg responses = new Msg();
            for (Iterator<Map.Entry<String, JsonNode>> it = op.get("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith("x-")) {
                    Msg value = new Msg();
                    if (e.getValue().has("$ref")) {
                        value.msg(2, jsonReference(e.getValue()));
                    } else {
                        value.msg(1, response(e.getValue()));
                    }
                    responses.msg(1, named(e.getKey(), value));
                }
            }
            responses.extensions(2, op.get("responses"));
            m.msg(9, responses);
        }
        m.strings(10, op.path("schemes"));
        m.bool(11, op.path("deprecated").asBoolean(false));
        for (JsonNode requirement : op.path("security")) {
            m.msg(12, securityRequirement(requirement));
        }
        m.extensions(13, op);
        return m;
    }

    private static Msg jsonReference(JsonNode ref) {
        Msg m = new Msg();
        m.string(1, ref.path("$ref").asText(""));
        m.string(2, ref.path("description").asText(""));
        return m;
    }

    private static Msg parametersItem(JsonNode p) {
        Msg m = new Msg();
        if (p.has("$ref")) {
            m.msg(2, jsonReference(p));
        } else {
            m.msg(1, parameter(p));
        }
        return m;
    }

    private static Msg parameter(JsonNode p) {
        Msg m = new Msg();
        String in = p.path("in").asText("");
        if (in.equals("body")) {
            Msg body = new Msg();
            body.string(1, p.path("description").asText(""));
            body.string(2, p.path("name").asText(""));
            body.string(3, in);
            body.bool(4, p.path("required").asBoolean(false));
            if (p.has("schema")) {
                body.msg(5, schema(p.get("schema")));
            }
            body.extensions(6, p);
            m.msg(1, body);
            return m;
        }
        // header 1, formData 2, query 3, path 4; query and formData carry allowEmptyValue, which shifts the rest
        int which = switch (in) {
            case "header" -> 1;
            case "formData" -> 2;
            case "path" -> 4;
            default -> 3;
        };
        boolean allowEmpty = which == 2 || which == 3;
        int shift = allowEmpty ? 1 : 0;
        Msg sub = new Msg();
        sub.bool(1, p.path("required").asBoolean(false));
        sub.string(2, in);
        sub.string(3, p.path("description").asText(""));
        sub.string(4, p.path("name").asText(""));
        if (allowEmpty) {
            sub.bool(5, p.path("allowEmptyValue").asBoolean(false));
        }
        primitive(sub, p, 5 + shift);
        sub.extensions(22 + shift, p);
        Msg nonBody = new Msg();
        nonBody.msg(which, sub);
        m.msg(2, nonBody);
        return m;
    }

    /**
     * The fields that parameters, headers and primitive items share, in their order from type to multipleOf,
     * numbered from {@code first}.
     */
    private static void primitive(Msg m, JsonNode p, int first) {
        m.string(first, p.path("type").asText(""));
        m.string(first + 1, p.path("format").asText(""));
        if (p.has("items")) {
            m.msg(first + 2, primitivesItems(p.get("items")));
        }
        m.string(first + 3, p.path("collectionFormat").asText(""));
        if (p.has("default")) {
            m.msg(first + 4, any(p.get("default")));
        }
        m.dbl(first + 5, p, "maximum");
        m.bool(first + 6, p.path("exclusiveMaximum").asBoolean(false));
        m.dbl(first + 7, p, "minimum");
        m.bool(first + 8, p.path("exclusiveMinimum").asBoolean(false));
        m.int64(first + 9, p, "maxLength");
        m.int64(first + 10, p, "minLength");
        m.string(first + 11, p.path("pattern").asText(""));
        m.int64(first + 12, p, "maxItems");
        m.int64(first + 13, p, "minItems");
        m.bool(first + 14, p.path("uniqueItems").asBoolean(false));
        for (JsonNode value : p.path("enum")) {
            m.msg(first + 15, any(value));
        }
        m.dbl(first + 16, p, "multipleOf");
    }

    private static Msg primitivesItems(JsonNode items) {
        Msg m = new Msg();
        primitive(m, items, 1);
        m.extensions(18, items);
        return m;
    }

    private static Msg response(JsonNode r) {
        Msg m = new Msg();
        m.string(1, r.path("description").asText(""));
        if (r.has("schema")) {
            Msg item = new Msg();
            item.msg(1, schema(r.get("schema")));
            m.msg(2, item);
        }
        m.extensions(5, r);
        return m;
    }

    private static Msg schema(JsonNode s) {
        Msg m = new Msg();
        m.string(1, s.path("$ref").asText(""));
        m.string(2, s.path("format").asText(""));
        m.string(3, s.path("title").asText(""));
        m.string(4, s.path("description").asText(""));
        if (s.has("default")) {
            m.msg(5, any(s.get("default")));
        }
        m.dbl(6, s, "multipleOf");
        m.dbl(7, s, "maximum");
        m.bool(8, s.path("exclusiveMaximum").asBoolean(false));
        m.dbl(9, s, "minimum");
        m.bool(10, s.path("exclusiveMinimum").asBoolean(false));
        m.int64(11, s, "maxLength");
        m.int64(12, s, "minLength");
        m.string(13, s.path("pattern").asText(""));
        m.int64(14, s, "maxItems");
        m.int64(15, s, "minItems");
        m.bool(16, s.path("uniqueItems").asBoolean(false));
        m.int64(17, s, "maxProperties");
        m.int64(18, s, "minProperties");
        m.strings(19, s.path("required"));
        for (JsonNode value : s.path("enum")) {
            m.msg(20, any(value));
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null) {
            Msg a = new Msg();
            if (additional.isBoolean()) {
                a.boolAlways(2, additional.booleanValue());
            } else {
                a.msg(1, schema(additional));
            }
            m.msg(21, a);
        }
        JsonNode type = s.get("type");
        if (type != null) {
            Msg t = new Msg();
            if (type.isArray()) {
                t.strings(1, type);
            } else {
                t.string(1, type.asText());
            }
            m.msg(22, t);
        }
        JsonNode items = s.get("items");
        if (items != null) {
            Msg i = new Msg();
            if (items.isArray()) {
                for (JsonNode item : items) {
                    i.msg(1, schema(item));
                }
            } else {
                i.msg(1, schema(items));
            }
            m.msg(23, i);
        }
        for (JsonNode part : s.path("allOf")) {
            m.msg(24, schema(part));
        }
        if (s.has("properties")) {
            m.msg(25, namedMap(s.get("properties"), GnosticV2::schema));
        }
        m.string(26, s.path("discriminator").asText(""));
        m.bool(27, s.path("readOnly").asBoolean(false));
        if (s.has("example")) {
            m.msg(30, any(s.get("example")));
        }
        m.extensions(31, s);
        return m;
    }

    private static Msg securityRequirement(JsonNode requirement) {
        Msg m = new Msg();
        for (Iterator<Map.Entry<String, JsonNode>> it = requirement.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Msg scopes = new Msg();
            scopes.strings(1, e.getValue());
            m.msg(1, named(e.getKey(), scopes));
        }
        return m;
    }

    private static Msg securityDefinition(JsonNode d) {
        Msg m = new Msg();
        String type = d.path("type").asText("");
        if (type.equals("basic")) {
            Msg basic = new Msg();
            basic.string(1, type);
            basic.string(2, d.path("description").asText(""));
            basic.extensions(3, d);
            m.msg(1, basic);
        } else if (type.equals("apiKey")) {
            Msg key = new Msg();
            key.string(1, type);
            key.string(2, d.path("name").asText(""));
            key.string(3, d.path("in").asText(""));
            key.string(4, d.path("description").asText(""));
            key.extensions(5, d);
            m.msg(2, key);
        }
        return m;
    }

    /** A map whose values are messages: {@code additional_properties = 1} of (name, value) pairs. */
    private static Msg namedMap(JsonNode map, java.util.function.Function<JsonNode, Msg> value) {
        Msg m = new Msg();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.msg(1, named(e.getKey(), value.apply(e.getValue())));
        }
        return m;
    }

    private static Msg named(String name, Msg value) {
        Msg m = new Msg();
        m.string(1, name);
        m.msg(2, value);
        return m;
    }

    /** gnostic's {@code Any}: the value as YAML text. */
    private static Msg any(JsonNode value) {
        Msg m = new Msg();
        try {
            m.string(2, YAML.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    /** One message being written: proto3 rules, so empty strings, false and zero are left out. */
    private static final class Msg {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        void string(int field, String value) {
            if (!value.isEmpty()) {
                write(() -> out.writeString(field, value));
            }
        }

        void strings(int field, JsonNode values) {
            for (JsonNode v : values) {
                write(() -> out.writeString(field, v.asText()));
            }
        }

        void bool(int field, boolean value) {
            if (value) {
                write(() -> out.writeBool(field, true));
            }
        }

        /** A bool inside a oneof, where false is a value too. */
        void boolAlways(int field, boolean value) {
            write(() -> out.writeBool(field, value));
        }

        void dbl(int field, JsonNode node, String name) {
            JsonNode v = node.get(name);
            if (v != null && v.isNumber() && v.doubleValue() != 0) {
                write(() -> out.writeDouble(field, v.doubleValue()));
            }
        }

        void int64(int field, JsonNode node, String name) {
            JsonNode v = node.get(name);
            if (v != null && v.isNumber() && v.longValue() != 0) {
                write(() -> out.writeInt64(field, v.longValue()));
            }
        }

        /** A message field, written even when empty (an empty message is still present). */
        void msg(int field, Msg value) {
            byte[] b = value.bytes();
            write(() -> out.writeByteArray(field, b));
        }

        /** Every {@code x-} key of an object, as {@code NamedAny} pairs. */
        void extensions(int field, JsonNode node) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("x-")) {
                    msg(field, named(e.getKey(), any(e.getValue())));
                }
            }
        }

        byte[] bytes() {
            write(out::flush);
            return bytes.toByteArray();
        }

        private void write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
