package io.kubepark.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.Cause;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A CRD version's structural schema at work on a custom object: pruning of unknown fields, defaulting, and
 * validation with the messages of kube-apiserver's OpenAPI validator (A16.2–A16.4).
 */
public final class StructuralSchema {
    private static final Set<String> ROOT_KEPT = Set.of("apiVersion", "kind", "metadata");

    private final JsonNode root;

    public StructuralSchema(JsonNode openApiV3Schema) {
        this.root = openApiV3Schema == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : openApiV3Schema;
    }

    /** Removes fields the schema does not know; returns their paths ({@code spec.foo}) for strict validation. */
    public List<String> prune(ObjectNode obj) {
        List<String> pruned = new ArrayList<>();
        pruneObject(obj, root, "", true, pruned);
        return pruned;
    }

    private static void pruneObject(ObjectNode obj, JsonNode schema, String path, boolean isRoot, List<String> pruned) {
        if (preservesUnknown(schema)) {
            descendKnown(obj, schema, path, pruned);
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            String at = path.isEmpty() ? field : path + "." + field;
            if (isRoot && ROOT_KEPT.contains(field)) {
                continue;
            }
            JsonNode sub = properties.get(field);
            if (sub == null && additional.isObject()) {
                sub = additional;
            }
            if (sub == null) {
                if (!additional.asBoolean(false)) {
                    it.remove();
                    pruned.add(at);
                }
                continue;
            }
            prune(e.getValue(), sub, at, pruned);
        }
    }

    private static void descendKnown(ObjectNode obj, JsonNode schema, String path, List<String> pruned) {
        JsonNode properties = schema.path("properties");
        obj.fields().forEachRemaining(e -> {
            JsonNode sub = properties.get(e.getKey());
            if (sub != null) {
                prune(e.getValue(), sub, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), pruned);
            }
        });
    }

    private static void prune(JsonNode value, JsonNode schema, String path, List<String> pruned) {
        if (value instanceof ObjectNode o && (schema.has("properties") || schema.has("additionalProperties")
                || "object".equals(schema.path("type").asText()))) {
            pruneObject(o, schema, path, false, pruned);
        } else if (value instanceof ArrayNode a && schema.has("items")) {
            for (int i = 0; i < a.size(); i++) {
                prune(a.get(i), schema.path("items"), path + "[" + i + "]", pruned);
            }
        }
    }

    private static boolean preservesUnknown(JsonNode schema) {
        return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    }

    /** Applies {@code default} values where the parent exists and the field does not (A16.3). */
    public void applyDefaults(ObjectNode obj) {
        defaults(obj, root);
    }

    private static void defaults(JsonNode value, JsonNode schema) {
        if (value instanceof ObjectNode o) {
            schema.path("properties").fields().forEachRemaining(e -> {
                JsonNode sub = e.getValue();
                if ((!o.has(e.getKey()) || o.get(e.getKey()).isNull() && !sub.path("nullable").asBoolean(false))
                        && sub.has("default")) {
                    o.set(e.getKey(), sub.get("default").deepCopy());
                }
                if (o.has(e.getKey())) {
                    defaults(o.get(e.getKey()), sub);
                }
            });
            if (schema.path("additionalProperties").isObject()) {
                o.fields().forEachRemaining(e -> {
                    if (!schema.path("properties").has(e.getKey())) {
                        defaults(e.getValue(), schema.path("additionalProperties"));
                    }
                });
            }
        } else if (value instanceof ArrayNode a && schema.has("items")) {
            a.forEach(item -> defaults(item, schema.path("items")));
        }
    }

    /** Validates the object; every violation is a cause of the 422. */
    public List<Cause> validate(JsonNode obj) {
        List<Cause> causes = new ArrayList<>();
        JsonNode props = root.path("properties");
        obj.fields().forEachRemaining(e -> {
            if (!ROOT_KEPT.contains(e.getKey()) && props.has(e.getKey())) {
                check(e.getValue(), props.get(e.getKey()), e.getKey(), causes);
            }
        });
        for (JsonNode required : root.path("required")) {
            if (!obj.has(required.asText())) {
                causes.add(Cause.required(required.asText(), ""));
            }
        }
        return causes;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<Cause> causes) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                causes.add(new Cause("FieldValueTypeInvalid", "Invalid value: \"null\": " + path
                        + " in body must be of type " + schema.path("type").asText("object") + ": \"null\"", path));
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !value.isIntegralNumber()) {
                causes.add(new Cause("FieldValueTypeInvalid", "Invalid value: \"" + typeOf(value) + "\": " + path
                        + " in body must be of type integer,string: \"" + typeOf(value) + "\"", path));
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !matchesType(value, type)) {
            causes.add(new Cause("FieldValueTypeInvalid", "Invalid value: \"" + typeOf(value) + "\": " + path
                    + " in body must be of type " + type + ": \"" + typeOf(value) + "\"", path));
            return;
        }
        JsonNode enumValues = schema.path("enum");
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            boolean found = false;
            for (JsonNode v : enumValues) {
                found |= v.equals(value);
            }
            if (!found) {
                List<String> supported = new ArrayList<>();
                enumValues.forEach(v -> supported.add(v.toString()));
                causes.add(new Cause("FieldValueNotSupported", "Unsupported value: " + value + ": supported values: "
                        + String.join(", ", supported), path));
            }
        }
        if (value.isNumber()) {
            numbers(value, schema, path, causes);
        }
        if (value.isTextual()) {
            strings(value.asText(), schema, path, causes);
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    causes.add(Cause.required(path + "." + required.asText(), ""));
                }
            }
            value.fields().forEachRemaining(e -> {
                JsonNode sub = schema.path("properties").get(e.getKey());
                if (sub == null && schema.path("additionalProperties").isObject()) {
                    sub = schema.path("additionalProperties");
                }
                if (sub != null) {
                    check(e.getValue(), sub, path + "." + e.getKey(), causes);
                }
            });
            int count = value.size();
            if (schema.has("maxProperties") && count > schema.path("maxProperties").asInt()) {
                causes.add(new Cause("FieldValueTooMany", "Too many: " + count + ": must have at most "
                        + schema.path("maxProperties").asInt() + " items", path));
            }
        }
        if (value.isArray()) {
            int size = value.size();
            if (schema.has("maxItems") && size > schema.path("maxItems").asInt()) {
                causes.add(new Cause("FieldValueTooMany", "Too many: " + size + ": must have at most "
                        + schema.path("maxItems").asInt() + " items", path));
            }
            if (schema.has("minItems") && size < schema.path("minItems").asInt()) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + size + ": " + path
                        + " in body should have at least " + schema.path("minItems").asInt() + " items", path));
            }
            JsonNode items = schema.path("items");
            if (items.isObject()) {
                for (int i = 0; i < size; i++) {
                    check(value.get(i), items, path + "[" + i + "]", causes);
                }
            }
        }
    }

    private static void numbers(JsonNode value, JsonNode schema, String path, List<Cause> causes) {
        double v = value.asDouble();
        if (schema.has("maximum")) {
            double max = schema.path("maximum").asDouble();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            if (exclusive ? v >= max : v > max) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + value + ": " + path + " in body should be less than "
                        + (exclusive ? "" : "or equal to ") + number(schema.path("maximum")), path));
            }
        }
        if (schema.has("minimum")) {
            double min = schema.path("minimum").asDouble();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (exclusive ? v <= min : v < min) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + value + ": " + path + " in body should be greater than "
                        + (exclusive ? "" : "or equal to ") + number(schema.path("minimum")), path));
            }
        }
    }

    private static void strings(String v, JsonNode schema, String path, List<Cause> causes) {
        int length = v.codePointCount(0, v.length());
        if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
            causes.add(new Cause("FieldValueTooLong", "Too long: may not be more than "
                    + schema.path("maxLength").asInt() + " bytes", path));
        }
        if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + v + "\": " + path
                    + " in body should be at least " + schema.path("minLength").asInt() + " chars long", path));
        }
        if (schema.has("pattern")) {
            try {
                if (!Pattern.compile(schema.path("pattern").asText()).matcher(v).find()) {
                    causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + v + "\": " + path
                            + " in body should match '" + schema.path("pattern").asText() + "'", path));
                }
            } catch (PatternSyntaxException e) {
                // an invalid pattern is refused when the CRD is written
            }
        }
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() || n.asDouble() == Math.rint(n.asDouble()) ? Long.toString(n.asLong()) : n.asText();
    }

    private static boolean matchesType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }

    private static String typeOf(JsonNode v) {
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    /** Structural-schema rules for a CRD version (A16.2): every node has a type unless it opts out. */
    public static void checkStructural(JsonNode schema, String path, List<Cause> causes) {
        boolean optOut = schema.path("x-kubernetes-int-or-string").asBoolean(false)
                || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!schema.has("type") && !optOut) {
            causes.add(Cause.required(path + ".type", "must not be empty for specified object fields"));
        }
        if (schema.has("pattern")) {
            try {
                Pattern.compile(schema.path("pattern").asText());
            } catch (PatternSyntaxException e) {
                causes.add(Cause.invalid(path + ".pattern", schema.path("pattern").asText(), "must be a valid regular expression"));
            }
        }
        schema.path("properties").fields().forEachRemaining(e ->
                checkStructural(e.getValue(), path + ".properties[" + e.getKey() + "]", causes));
        if (schema.path("items").isObject()) {
            checkStructural(schema.path("items"), path + ".items", causes);
        }
        if (schema.path("additionalProperties").isObject()) {
            checkStructural(schema.path("additionalProperties"), path + ".additionalProperties", causes);
        }
    }
}
