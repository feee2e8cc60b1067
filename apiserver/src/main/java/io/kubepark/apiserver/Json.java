package io.kubepark.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON codec of the API server: trees in, bytes out. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    /** Text of a field, or null when absent or not textual. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    /** The texts of an array node; empty for a missing or non-array node. */
    public static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>(array == null ? 0 : array.size());
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** An array node of texts. */
    public static com.fasterxml.jackson.databind.node.ArrayNode array(java.util.List<String> values) {
        com.fasterxml.jackson.databind.node.ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The object under {@code field}, created when absent. */
    public static ObjectNode child(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v instanceof ObjectNode o) {
            return o;
        }
        return node.putObject(field);
    }
}
