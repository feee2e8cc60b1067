package io.kubepark.apiserver.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/*
 * The table printer of a custom resource, built from its CRD version's additionalPrinterColumns the way
 * apiextensions-apiserver's table convertor does.
 */
final class CustomColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Spec(Column column, JsonPath path) {
    }

    private CustomColumns() {
    }

    // The columns a CRD version serves: its own, or a single Age column when it declares none.
    static Printer printer(JsonNode additionalPrinterColumns) {
        List<Spec> specs = new ArrayList<>();
        if (additionalPrinterColumns == null || !additionalPrinterColumns.isArray() || additionalPrinterColumns.isEmpty()) {
            specs.add(new Spec(new Column("Age", "date", "", Column.CREATED_DOC, 0),
                    JsonPath.parse(".metadata.creationTimestamp")));
        } else {
            for (JsonNode col : additionalPrinterColumns) {
                String jsonPath = Obj.str(col, "jsonPath");
                JsonPath path;
                try {
                    path = JsonPath.parse(jsonPath);
                } catch (IllegalArgumentException e) {
                    // kube-apiserver keeps the columns parsed before the first invalid one
                    break;
                }
                String description = Obj.str(col, "description");
                if (description.isEmpty()) {
                    description = "Custom resource definition column (in JSONPath format): " + jsonPath;
                }
                specs.add(new Spec(new Column(Obj.str(col, "name"), Obj.str(col, "type"), Obj.str(col, "format"),
                        description, (int) Obj.lng(col, "priority")), path));
            }
        }
        List<Column> columns = new ArrayList<>();
        columns.add(Column.nameColumn());
        specs.forEach(s -> columns.add(s.column()));
        return Printer.of(List.copyOf(columns), (o, now) -> {
            List<Object> cells = new ArrayList<>();
            cells.add(Obj.name(o));
            for (Spec spec : specs) {
                List<JsonNode> results = spec.path().find(o);
                cells.add(results.isEmpty() ? null : cell(spec.column().type(), results.get(0), now));
            }
            return cells;
        });
    }

    // The cell of one value for a column of the given OpenAPI type.
    static Object cell(String type, JsonNode value, Instant now) {
        if (type.equals("string")) {
            return printed(value);
        }
        if (value == null || value.isNull()) {
            return null;
        }
        switch (type) {
            case "integer":
                return value.isNumber() ? (Object) value.longValue() : null;
            case "number":
                return value.isNumber() ? (Object) value.doubleValue() : null;
            case "boolean":
                return value.isBoolean() ? (Object) value.booleanValue() : null;
            case "date":
                if (!value.isTextual()) {
                    return null;
                }
                String text = value.textValue();
                if (text.isEmpty() || text.equals("null")) {
                    return Obj.UNKNOWN;
                }
                try {
                    Instant t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                    return Obj.since(Obj.parseTime(text) == null ? null : t, now);
                } catch (DateTimeParseException e) {
                    return "<invalid>";
                }
            default:
                return null;
        }
    }

    // A value printed as the JSONPath template printer prints it: scalars as text, maps and lists as JSON.
    static String printed(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "<no value>";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return String.valueOf(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return goFloat(value.doubleValue());
        }
        try {
            return MAPPER.writeValueAsString(sortedCopy(value))
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    private static Object sortedCopy(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sortedCopy(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(sortedCopy(e)));
            return l;
        }
        return n;
    }

    // Go's %v of a float64: shortest digits, exponent form below 1e-4 or from 1e6 on.
    static String goFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.format("%02d", Math.abs(exp));
            return (d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
        }
        return bd.toPlainString();
    }
}
