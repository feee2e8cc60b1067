package io.kubepark.apiserver.selector;

import io.kubepark.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One label requirement: a key, an {@link Operator} and its values. Immutable; built only through
 * {@link #of}, which applies the checks of Kubernetes' labels.NewRequirement.
 */
public final class Requirement {

    private final String key;
    private final Operator operator;
    private final List<String> values;

    private Requirement(String key, Operator operator, List<String> values) {
        this.key = key;
        this.operator = operator;
        this.values = values;
    }

    /**
     * Validates and creates a requirement: the key must be a qualified name, each value a label
     * value; In/NotIn need at least one value, =, ==, != exactly one, gt/lt exactly one integer,
     * Exists/DoesNotExist none. Values are kept in the given order.
     */
    public static Requirement of(String key, Operator operator, List<String> values) throws SelectorException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        List<String> copy = List.copyOf(values);
        List<String> errors = new ArrayList<>();
        List<String> keyProblems = Names.qualifiedName(key);
        if (!keyProblems.isEmpty()) {
            errors.add(FieldErrors.invalid("key", GoText.quote(key), String.join("; ", keyProblems)));
        }
        checkValueCount(operator, copy, errors);
        for (int i = 0; i < copy.size(); i++) {
            List<String> valueProblems = Names.labelValue(copy.get(i));
            if (!valueProblems.isEmpty()) {
                errors.add(FieldErrors.invalid("values[" + i + "][" + key + "]", GoText.quote(copy.get(i)),
                        String.join("; ", valueProblems)));
            }
        }
        if (!errors.isEmpty()) {
            throw new SelectorException(FieldErrors.aggregate(errors));
        }
        return new Requirement(key, operator, copy);
    }

    /** A requirement trusted to be valid (labels.SelectorFromValidatedSet skips validation too). */
    static Requirement unchecked(String key, Operator operator, List<String> values) {
        return new Requirement(key, operator, List.copyOf(values));
    }

    private static void checkValueCount(Operator operator, List<String> values, List<String> errors) {
        String all = GoText.goStringSlice(values);
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errors.add(FieldErrors.invalid("values", all, "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errors.add(FieldErrors.invalid("values", all, "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errors.add(FieldErrors.invalid("values", all, "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errors.add(FieldErrors.invalid("values", all, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < values.size(); i++) {
                    if (GoInts.parseInt64(values.get(i)) == null) {
                        errors.add(FieldErrors.invalid("values[" + i + "]", GoText.quote(values.get(i)),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown operator " + operator);
        }
    }

    /** The label key. */
    public String key() {
        return key;
    }

    /** The operator. */
    public Operator operator() {
        return operator;
    }

    /** The values, in the order given (the parser gives them sorted and without duplicates). */
    public List<String> values() {
        return values;
    }

    /** Whether a set of labels satisfies this requirement; a null label value counts as "". */
    public boolean matches(Map<String, String> labels) {
        boolean present = labels.containsKey(key);
        String value = present ? Objects.requireNonNullElse(labels.get(key), "") : null;
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> present && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !present || !values.contains(value);
            case EXISTS -> present;
            case DOES_NOT_EXIST -> !present;
            case GREATER_THAN, LESS_THAN -> present && compares(value);
        };
    }

    private boolean compares(String labelValue) {
        Long actual = GoInts.parseInt64(labelValue);
        if (actual == null || values.size() != 1) {
            return false;
        }
        Long bound = GoInts.parseInt64(values.get(0));
        if (bound == null) {
            return false;
        }
        return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
    }

    /** The Kubernetes string form, e.g. {@code app=web}, {@code tier in (a,b)}, {@code !canary}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (operator == Operator.DOES_NOT_EXIST) {
            out.append('!');
        }
        out.append(key);
        switch (operator) {
            case EXISTS, DOES_NOT_EXIST -> {
                return out.toString();
            }
            case EQUALS -> out.append('=');
            case DOUBLE_EQUALS -> out.append("==");
            case NOT_EQUALS -> out.append("!=");
            case IN -> out.append(" in ");
            case NOT_IN -> out.append(" notin ");
            case GREATER_THAN -> out.append('>');
            case LESS_THAN -> out.append('<');
            default -> throw new IllegalStateException("unknown operator " + operator);
        }
        boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
        if (set) {
            out.append('(');
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(GoText.BYTE_ORDER);
        out.append(String.join(",", sorted));
        if (set) {
            out.append(')');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Requirement that
                && key.equals(that.key) && operator == that.operator && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, values);
    }
}
