package io.kubepark.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/*
 * The subset of the kubectl JSONPath dialect that CRD additionalPrinterColumns use: dotted fields
 * (.spec.replicas, with \. escapes), bracketed keys (['app.kubernetes.io/name']), indexes and
 * slices ([0], [-1], [-1:]), unions ([0,2]), wildcards ([*], .*),
 * recursive descent (..name) and filters ([?(@.type=="Ready")], with == != < <= > >= or a
 * bare existence test). Missing keys yield no result rather than an error.
 */
final class JsonPath {

    private interface Step {
        void apply(JsonNode in, List<JsonNode> out);
    }

    private final List<Step> steps;

    private JsonPath(List<Step> steps) {
        this.steps = steps;
    }

    // Parses an expression with or without the surrounding braces; throws IllegalArgumentException when invalid.
    static JsonPath parse(String expression) {
        String s = expression == null ? "" : expression.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.startsWith("$")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty JSONPath");
        }
        return new JsonPath(new Parser(s).steps());
    }

    // Every value the path selects, in document order.
    List<JsonNode> find(JsonNode root) {
        List<JsonNode> current = new ArrayList<>();
        current.add(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                step.apply(n, next);
            }
            current = next;
        }
        return current;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            if (pos < s.length() && s.charAt(pos) != '.' && s.charAt(pos) != '[') {
                steps.add(field(identifier()));
            }
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '.') {
                    pos++;
                    if (pos < s.length() && s.charAt(pos) == '.') {
                        pos++;
                        steps.add(recursive(pos < s.length() && s.charAt(pos) == '*' ? nextWildcard() : identifier()));
                    } else if (pos < s.length() && s.charAt(pos) == '*') {
                        pos++;
                        steps.add(JsonPath::wildcard);
                    } else if (pos < s.length() && s.charAt(pos) == '[') {
                        continue;
                    } else {
                        String name = identifier();
                        if (name.isEmpty()) {
                            throw new IllegalArgumentException("empty field name at " + pos + " in " + s);
                        }
                        steps.add(field(name));
                    }
                } else if (c == '[') {
                    steps.add(bracket(bracketContent()));
                } else {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + s);
                }
            }
            return steps;
        }

        private String nextWildcard() {
            pos++;
            return "*";
        }

        private String identifier() {
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\' && pos + 1 < s.length()) {
                    b.append(s.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '.' || c == '[' || Character.isWhitespace(c)) {
                    break;
                }
                b.append(c);
                pos++;
            }
            return b.toString();
        }

        private String bracketContent() {
            int depth = 0;
            char quote = 0;
            int start = pos + 1;
            for (int i = pos; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    depth--;
                    if (depth == 0 && c == ']') {
                        pos = i + 1;
                        return s.substring(start, i).strip();
                    }
                }
            }
            throw new IllegalArgumentException("unterminated [ in " + s);
        }
    }

    private static Step field(String name) {
        if (name.equals("*")) {
            return JsonPath::wildcard;
        }
        return (in, out) -> {
            if (in.isObject() && in.has(name)) {
                out.add(in.get(name));
            }
        };
    }

    private static void wildcard(JsonNode in, List<JsonNode> out) {
        if (in.isContainerNode()) {
            in.forEach(out::add);
        }
    }

    private static Step recursive(String name) {
        Step inner = field(name);
        return new Step() {
            @Override
            public void apply(JsonNode in, List<JsonNode> out) {
                inner.apply(in, out);
                if (in.isContainerNode()) {
                    for (JsonNode child : in) {
                        apply(child, out);
                    }
                }
            }
        };
    }

    private static Step bracket(String content) {
        if (content.equals("*")) {
            return JsonPath::wildcard;
        }
        if (content.startsWith("?")) {
            String inner = content.substring(1).strip();
            if (!inner.startsWith("(") || !inner.endsWith(")")) {
                throw new IllegalArgumentException("bad filter " + content);
            }
            return filter(inner.substring(1, inner.length() - 1).strip());
        }
        List<String> parts = splitTopLevel(content, ',');
        List<Step> alternatives = new ArrayList<>();
        for (String part : parts) {
            alternatives.add(single(part.strip()));
        }
        if (alternatives.size() == 1) {
            return alternatives.get(0);
        }
        return (in, out) -> alternatives.forEach(a -> a.apply(in, out));
    }

    private static Step single(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty subscript");
        }
        char first = part.charAt(0);
        if (first == '\'' || first == '"') {
            return field(unquote(part));
        }
        if (part.contains(":")) {
            return slice(part);
        }
        int index;
        try {
            index = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad subscript " + part, e);
        }
        return (in, out) -> {
            if (in.isArray()) {
                int i = index < 0 ? in.size() + index : index;
                if (i >= 0 && i < in.size()) {
                    out.add(in.get(i));
                }
            }
        };
    }

    private static Step slice(String part) {
        String[] bounds = part.split(":", -1);
        if (bounds.length > 3) {
            throw new IllegalArgumentException("bad slice " + part);
        }
        Integer start = bound(bounds[0]);
        Integer end = bound(bounds[1]);
        Integer stepBy = bounds.length == 3 ? bound(bounds[2]) : null;
        int step = stepBy == null ? 1 : stepBy;
        if (step <= 0) {
            throw new IllegalArgumentException("bad slice step " + part);
        }
        return (in, out) -> {
            if (!in.isArray()) {
                return;
            }
            int n = in.size();
            int from = clamp(start == null ? 0 : start < 0 ? n + start : start, n);
            int to = clamp(end == null ? n : end < 0 ? n + end : end, n);
            for (int i = from; i < to; i += step) {
                out.add(in.get(i));
            }
        };
    }

    private static Integer bound(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad slice bound " + text, e);
        }
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n, i));
    }

    private static final String[] OPERATORS = {"==", "!=", "<=", ">=", "<", ">"};

    private static Step filter(String expression) {
        int opAt = -1;
        String op = null;
        char quote = 0;
        for (int i = 0; i < expression.length() && op == null; i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                continue;
            }
            for (String candidate : OPERATORS) {
                if (expression.startsWith(candidate, i)) {
                    op = candidate;
                    opAt = i;
                    break;
                }
            }
        }
        if (op == null) {
            JsonPath exists = relative(expression);
            return (in, out) -> {
                if (in.isArray()) {
                    for (JsonNode e : in) {
                        if (!exists.find(e).isEmpty()) {
                            out.add(e);
                        }
                    }
                }
            };
        }
        JsonPath left = relative(expression.substring(0, opAt).strip());
        String rightText = expression.substring(opAt + op.length()).strip();
        JsonPath rightPath = rightText.startsWith("@") ? relative(rightText) : null;
        Object literal = rightPath == null ? literal(rightText) : null;
        String operator = op;
        return (in, out) -> {
            if (!in.isArray()) {
                return;
            }
            for (JsonNode e : in) {
                List<JsonNode> lefts = left.find(e);
                if (lefts.isEmpty()) {
                    continue;
                }
                Object right = literal;
                if (rightPath != null) {
                    List<JsonNode> rights = rightPath.find(e);
                    if (rights.isEmpty()) {
                        continue;
                    }
                    right = scalar(rights.get(0));
                }
                if (compare(scalar(lefts.get(0)), operator, right)) {
                    out.add(e);
                }
            }
        };
    }

    private static JsonPath relative(String text) {
        String t = text.strip();
        if (!t.startsWith("@")) {
            throw new IllegalArgumentException("filter operand must start with @: " + text);
        }
        t = t.substring(1);
        return t.isEmpty() ? new JsonPath(List.of()) : new JsonPath(new Parser(t).steps());
    }

    private static Object literal(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')) {
            return unquote(text);
        }
        switch (text) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad filter literal " + text, e);
                }
        }
    }

    private static Object scalar(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNull()) {
            return null;
        }
        return n;
    }

    private static boolean compare(Object left, String op, Object right) {
        if (left instanceof BigDecimal l && right instanceof BigDecimal r) {
            int c = l.compareTo(r);
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        if (left instanceof String l && right instanceof String r) {
            int c = l.compareTo(r);
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean equal = left == null ? right == null : left.equals(right);
        return switch (op) {
            case "==" -> equal;
            case "!=" -> !equal;
            default -> false;
        };
    }

    private static String unquote(String quoted) {
        char q = quoted.charAt(0);
        if (quoted.length() < 2 || quoted.charAt(quoted.length() - 1) != q) {
            throw new IllegalArgumentException("unterminated string " + quoted);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
