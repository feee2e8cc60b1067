package io.kubepark.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable Kubernetes field selector: a conjunction of {@link FieldTerm}s, parsed from the
 * {@code fieldSelector} query parameter with the rules of Kubernetes' fields.ParseSelector.
 *
 * <p>Terms are separated by {@code ,}; the operators are {@code =}, {@code ==} and {@code !=}
 * (the first operator in a term splits it); in values, a backslash before {@code \}, {@code ,} or
 * {@code =} stands for that character. Terms are kept in sorted order, as Kubernetes does.
 */
public final class FieldSelector {

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    private final List<FieldTerm> terms;

    private FieldSelector(List<FieldTerm> terms) {
        this.terms = terms;
    }

    /** The selector without terms, which matches every object. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a field selector such as {@code metadata.name=web,status.phase!=Running}.
     * A null or empty string selects everything; a term with neither field nor value ({@code =}) is dropped.
     *
     * @throws SelectorException with Kubernetes' message for a term without operator or a bad escape
     */
    public static FieldSelector parse(String selector) throws SelectorException {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> parts = splitTerms(selector);
        parts.sort(GoText.BYTE_ORDER);
        List<FieldTerm> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            FieldTerm term = parseTerm(selector, part);
            if (!term.field().isEmpty() || !term.value().isEmpty()) {
                terms.add(term);
            }
        }
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(terms));
    }

    /** Splits at commas that are not escaped; escapes stay in the parts. */
    private static List<String> splitTerms(String selector) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char ch = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (ch == '\\') {
                escaped = true;
            } else if (ch == ',') {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static FieldTerm parseTerm(String selector, String part) throws SelectorException {
        for (int i = 0; i < part.length(); i++) {
            for (String operator : OPERATORS) {
                if (part.startsWith(operator, i)) {
                    String value = unescapeValue(part.substring(i + operator.length()));
                    return new FieldTerm(part.substring(0, i), operator.equals("!="), value);
                }
            }
        }
        throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
    }

    /** Undoes {@link #escapeValue}; unescaped {@code ,} or {@code =} and unknown escapes are errors. */
    static String unescapeValue(String value) throws SelectorException {
        StringBuilder out = new StringBuilder(value.length());
        boolean escaped = false;
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (escaped) {
                if (cp != '\\' && cp != ',' && cp != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                            + new String(Character.toChars(cp)));
                }
                out.appendCodePoint(cp);
                escaped = false;
            } else if (cp == '\\') {
                escaped = true;
            } else if (cp == ',' || cp == '=') {
                throw new SelectorException("invalid field selector: unescaped character in value: " + cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        if (escaped) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }

    /** Escapes {@code \ , =} with a backslash so that any string can be used as a value (fields.EscapeValue). */
    public static String escapeValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == ',' || ch == '=') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    /**
     * The value of a selectable field in an object's JSON, as Kubernetes' *ToSelectableFields
     * functions compute it from the typed object. Never null.
     *
     * <ul>
     *   <li>A dotted path is followed through objects; strings give their text, booleans
     *       {@code "true"}/{@code "false"}, numbers their decimal form; objects and arrays give "".</li>
     *   <li>An absent field gives its Go zero value: "" for strings, {@code "false"} for
     *       {@code spec.unschedulable} (Node) and {@code spec.hostNetwork} (Pod), {@code "0"} for
     *       {@code status.replicas} (ReplicationController, ReplicaSet).</li>
     *   <li>{@code spec.host} is the old name of the Pod's {@code spec.nodeName}.</li>
     *   <li>The Pod's {@code status.podIP} is its primary IP: {@code status.podIP}, or else the
     *       {@code ip} of the first {@code status.podIPs} entry. {@code status.podIPs} itself is
     *       accepted by Kubernetes as a field label but always has the value "".</li>
     *   <li>The Job's {@code status.successful} is {@code status.succeeded} ("0" when absent).</li>
     *   <li>The Event's {@code source} is {@code source.component}, or else {@code reportingComponent}.</li>
     * </ul>
     *
     * <p>Which fields a kind accepts in a selector (and the error for the others) is not checked here.
     */
    public static String fieldValue(JsonNode object, String field) {
        return ObjectFields.value(object, field);
    }

    /** The terms, in Kubernetes' (sorted) order. */
    public List<FieldTerm> terms() {
        return terms;
    }

    /** The distinct field names used, in term order. */
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        terms.forEach(term -> fields.add(term.field()));
        return Collections.unmodifiableSet(fields);
    }

    /** True when there are no terms. */
    public boolean matchesEverything() {
        return terms.isEmpty();
    }

    /** Whether every term holds; {@code fieldValue} gives a field's value, null meaning "". */
    public boolean matches(Function<String, String> fieldValue) {
        for (FieldTerm term : terms) {
            if (!term.matches(fieldValue.apply(term.field()))) {
                return false;
            }
        }
        return true;
    }

    /** Shortcut for matching against an object's JSON with {@link #fieldValue(JsonNode, String)}. */
    public boolean matches(JsonNode object) {
        return matches(field -> fieldValue(object, field));
    }

    /**
     * Field to required value for the {@code =} / {@code ==} terms (the first one where a field has
     * several), for looking objects up in an index.
     */
    public Map<String, String> requiredValues() {
        Map<String, String> required = new LinkedHashMap<>();
        for (FieldTerm term : terms) {
            if (!term.negated()) {
                required.putIfAbsent(term.field(), term.value());
            }
        }
        return Collections.unmodifiableMap(required);
    }

    /** The string form as Kubernetes prints it: terms joined by ",", {@code ==} shown as {@code =}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (FieldTerm term : terms) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(term);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldSelector that && terms.equals(that.terms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(terms);
    }
}
