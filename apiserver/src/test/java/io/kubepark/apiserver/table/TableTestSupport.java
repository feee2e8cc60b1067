package io.kubepark.apiserver.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures: a fixed clock, JSON parsing and cell extraction. */
final class TableTestSupport {

    /** All fixtures are dated relative to this instant. */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TableTestSupport() {
    }

    static ObjectNode obj(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode table(String group, String resource, String... objects) {
        List<ObjectNode> list = new ArrayList<>();
        for (String o : objects) {
            list.add(obj(o));
        }
        return Tables.table(group, resource, list, NOW, false);
    }

    /** The cells of the only row of the table of one object. */
    static List<Object> cells(String group, String resource, String object) {
        return cells(table(group, resource, object), 0);
    }

    static List<Object> cells(JsonNode table, int row) {
        List<Object> out = new ArrayList<>();
        for (JsonNode c : table.path("rows").get(row).path("cells")) {
            out.add(value(c));
        }
        return out;
    }

    static Object value(JsonNode c) {
        if (c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return c.textValue();
        }
        if (c.isBoolean()) {
            return c.booleanValue();
        }
        if (c.isIntegralNumber()) {
            return c.longValue();
        }
        if (c.isNumber()) {
            return c.doubleValue();
        }
        return c;
    }

    /** Column names, a priority-1 (wide) column suffixed with {@code *}. */
    static List<String> columns(JsonNode table) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : table.path("columnDefinitions")) {
            out.add(c.path("name").asText() + (c.path("priority").asInt() == 1 ? "*" : ""));
        }
        return out;
    }

    static List<String> columns(String group, String resource) {
        return columns(Tables.table(group, resource, List.of(), NOW, false));
    }
}
