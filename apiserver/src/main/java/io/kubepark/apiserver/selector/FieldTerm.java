package io.kubepark.apiserver.selector;

import java.util.Objects;

/**
 * One term of a field selector: {@code field=value} (also written {@code ==}) or {@code field!=value}.
 *
 * @param field   the field path, e.g. {@code spec.nodeName}
 * @param negated true for {@code !=}
 * @param value   the unescaped value
 */
public record FieldTerm(String field, boolean negated, String value) {

    /** Checks that the parts are not null. */
    public FieldTerm {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }

    /** Whether an object whose field has the given value (null meaning "") satisfies the term. */
    public boolean matches(String actual) {
        boolean equal = value.equals(actual == null ? "" : actual);
        return negated != equal;
    }

    /** {@code field=value} or {@code field!=value}, with {@code \ , =} in the value escaped by a backslash. */
    @Override
    public String toString() {
        return field + (negated ? "!=" : "=") + FieldSelector.escapeValue(value);
    }
}
