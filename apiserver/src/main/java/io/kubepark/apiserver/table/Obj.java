package io.kubepark.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

// Null-tolerant reads of Kubernetes JSON plus the small formatting helpers the printers share.
final class Obj {

    static final String NONE = "<none>";
    static final String UNSET = "<unset>";
    static final String UNKNOWN = "<unknown>";

    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Obj() {
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode cur = node == null ? MissingNode.getInstance() : node;
        for (String p : path) {
            cur = cur.path(p);
        }
        return cur;
    }

    static boolean has(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return !n.isMissingNode() && !n.isNull();
    }

    static String str(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            return "";
        }
        return n.asText();
    }

    static String strOr(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    static long lng(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asLong() : n.isTextual() ? parseLong(n.asText()) : 0L;
    }

    static long lngOr(JsonNode node, long fallback, String... path) {
        return has(node, path) ? lng(node, path) : fallback;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    static boolean bool(JsonNode node, boolean fallback, String... path) {
        JsonNode n = at(node, path);
        return n.isBoolean() ? n.booleanValue() : fallback;
    }

    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    // Number of elements of an array or entries of an object; 0 when absent.
    static long size(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isContainerNode() ? n.size() : 0;
    }

    static String name(JsonNode obj) {
        return str(obj, "metadata", "name");
    }

    // A timestamp field; null when absent, unparsable or Go's zero time.
    static Instant time(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isTextual() ? parseTime(n.asText()) : null;
    }

    static Instant parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return t.equals(GO_ZERO_TIME) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // Go's translateTimestampSince: the age of t, or <unknown> for a missing time.
    static String since(Instant t, Instant now) {
        return t == null ? UNKNOWN : Durations.human(Duration.between(t, now));
    }

    static String age(JsonNode obj, Instant now) {
        return since(time(obj, "metadata", "creationTimestamp"), now);
    }

    // A time as Go's Format(time.RFC3339) prints it in UTC; the zero time for null.
    static String rfc3339(Instant t) {
        return RFC3339_SECONDS.format((t == null ? GO_ZERO_TIME : t).truncatedTo(ChronoUnit.SECONDS));
    }

    static boolean deleting(JsonNode obj) {
        return has(obj, "metadata", "deletionTimestamp");
    }

    // labels.FormatLabels: sorted k=v pairs, or <none>.
    static String formatLabels(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return NONE;
        }
        TreeSet<String> pairs = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            pairs.add(e.getKey() + "=" + (e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return String.join(",", pairs);
    }

    // metav1.FormatLabelSelector: the selector string, <none> when it selects everything or nothing.
    static String formatLabelSelector(JsonNode selector) {
        String s = selectorString(selector);
        if (s == null) {
            return "<error>";
        }
        return s.isEmpty() ? NONE : s;
    }

    /*
     * The string form of a metav1.LabelSelector converted to a labels.Selector; empty for a missing or empty
     * selector, null when an operator is not recognised.
     */
    static String selectorString(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        List<String[]> reqs = new ArrayList<>();
        JsonNode ml = selector.path("matchLabels");
        if (ml.isObject()) {
            ml.fields().forEachRemaining(e -> reqs.add(new String[] {e.getKey(), e.getKey() + "=" + e.getValue().asText()}));
        }
        for (JsonNode expr : list(selector, "matchExpressions")) {
            String key = str(expr, "key");
            TreeSet<String> values = new TreeSet<>();
            list(expr, "values").forEach(v -> values.add(v.asText()));
            String text;
            switch (str(expr, "operator")) {
                case "In" -> text = key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> text = key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> text = key;
                case "DoesNotExist" -> text = "!" + key;
                default -> {
                    return null;
                }
            }
            reqs.add(new String[] {key, text});
        }
        reqs.sort((a, b) -> a[0].compareTo(b[0]));
        List<String> parts = new ArrayList<>();
        reqs.forEach(r -> parts.add(r[1]));
        return String.join(",", parts);
    }

    // The comma-joined container names and images of a container list.
    static String[] containerCells(JsonNode containers) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        if (containers != null && containers.isArray()) {
            for (JsonNode c : containers) {
                names.add(str(c, "name"));
                images.add(str(c, "image"));
            }
        }
        return new String[] {String.join(",", names), String.join(",", images)};
    }

    // An IntOrString value as text.
    static String intOrString(JsonNode n) {
        return n.isNumber() ? String.valueOf(n.asLong()) : n.asText();
    }

    // A resource.Quantity as text; the zero quantity prints as 0.
    static String quantity(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "0";
        }
        return n.asText();
    }

    // A *resource.Quantity as text; Go prints a nil one as <nil>.
    static String quantityPtr(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "<nil>";
        }
        return n.asText();
    }

    // Access modes in the fixed order RWO, ROX, RWX, RWOP.
    static String accessModes(JsonNode modes) {
        List<String> seen = new ArrayList<>();
        if (modes != null && modes.isArray()) {
            modes.forEach(m -> seen.add(m.asText()));
        }
        List<String> out = new ArrayList<>();
        if (seen.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (seen.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (seen.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (seen.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    // The first condition of the given type in conditions, or a missing node.
    static JsonNode condition(JsonNode conditions, String type) {
        if (conditions != null && conditions.isArray()) {
            for (JsonNode c : conditions) {
                if (type.equals(str(c, "type"))) {
                    return c;
                }
            }
        }
        return MissingNode.getInstance();
    }

    static String printBool(boolean b) {
        return b ? "True" : "False";
    }

    // A list shortened to max entries with a " + N more..." suffix; <unset> if empty.
    static String listWithMore(List<String> all, int max) {
        if (all.size() > max) {
            return String.join(",", all.subList(0, max)) + " + " + (all.size() - max) + " more...";
        }
        return all.isEmpty() ? UNSET : String.join(",", all);
    }
}
