package io.kubepark.apiserver.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable Kubernetes label selector: a conjunction of {@link Requirement}s, or the special
 * selector that matches nothing (a missing {@code metav1.LabelSelector}).
 *
 * <p>Built from the string syntax of the {@code labelSelector} query parameter ({@link #parse}),
 * from a {@code metav1.LabelSelector} JSON object ({@link #fromLabelSelectorNode}) or from a plain
 * label map ({@link #fromSet}). Requirements are kept sorted by key, as Kubernetes keeps them.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);
    private static final Comparator<Requirement> BY_KEY = Comparator.comparing(Requirement::key, GoText.BYTE_ORDER);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** The selector without requirements, which matches every label set. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** The selector that matches no label set at all (what a null metav1.LabelSelector means). */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Parses the string syntax, e.g. {@code app=web,tier in (a,b),!canary,release notin (x),version>2}.
     * A null, empty or blank string selects everything.
     *
     * @throws SelectorException with Kubernetes' message when the string is not a valid selector
     */
    public static LabelSelector parse(String selector) throws SelectorException {
        if (selector == null) {
            return EVERYTHING;
        }
        return of(LabelSelectorParser.parse(selector));
    }

    /**
     * Converts a {@code metav1.LabelSelector} JSON object ({@code matchLabels}, {@code matchExpressions})
     * as Kubernetes' LabelSelectorAsSelector does: a null, missing or JSON-null node selects nothing,
     * an object without any requirement selects everything.
     *
     * @throws SelectorException when a key, value or operator is invalid
     */
    public static LabelSelector fromLabelSelectorNode(JsonNode selector) throws SelectorException {
        return LabelSelectorNodes.toSelector(selector);
    }

    /**
     * The selector requiring every given label to have the given value (labels.SelectorFromSet),
     * as used for ReplicationController and Service selectors. Keys and values are not validated;
     * a null or empty map selects everything.
     */
    public static LabelSelector fromSet(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        labels.forEach((key, value) -> requirements.add(Requirement.unchecked(key, Operator.EQUALS, List.of(value))));
        return of(requirements);
    }

    /** A selector of the given requirements (an empty list selects everything). */
    public static LabelSelector of(List<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(BY_KEY);
        return new LabelSelector(List.copyOf(sorted), false);
    }

    /** The requirements, sorted by key (empty for {@link #everything()} and {@link #nothing()}). */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** Whether the labels satisfy every requirement; a null map counts as no labels. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    /** True when the selector has no requirement and so does not restrict anything. */
    public boolean matchesEverything() {
        return !nothing && requirements.isEmpty();
    }

    /**
     * True only for {@link #nothing()}. Like Kubernetes, contradictions such as {@code a=x,a!=x}
     * are not detected.
     */
    public boolean matchesNothing() {
        return nothing;
    }

    /**
     * For each key constrained by {@code =}, {@code ==} or {@code in}: the values a matching object's
     * label may have (the intersection where the key has several such requirements). An empty set
     * means no object can match. Keys only constrained otherwise are absent. Sorted by key; empty
     * for {@link #everything()} and {@link #nothing()}.
     */
    public Map<String, Set<String>> requiredValues() {
        Map<String, Set<String>> allowed = new TreeMap<>(GoText.BYTE_ORDER);
        for (Requirement requirement : requirements) {
            switch (requirement.operator()) {
                case EQUALS, DOUBLE_EQUALS, IN -> allowed.merge(requirement.key(),
                        new LinkedHashSet<>(requirement.values()), LabelSelector::intersect);
                default -> {
                }
            }
        }
        Map<String, Set<String>> result = new TreeMap<>(GoText.BYTE_ORDER);
        allowed.forEach((key, values) -> result.put(key, Collections.unmodifiableSet(values)));
        return Collections.unmodifiableMap(result);
    }

    private static Set<String> intersect(Set<String> left, Set<String> right) {
        for (Iterator<String> it = left.iterator(); it.hasNext(); ) {
            if (!right.contains(it.next())) {
                it.remove();
            }
        }
        return left;
    }

    /**
     * The canonical string form, as Kubernetes prints it: requirements sorted by key and joined by
     * ",", set values sorted, e.g. {@code app=web,tier in (a,b)}. Empty for everything and nothing.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Requirement requirement : requirements) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(requirement);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelSelector that && nothing == that.nothing && requirements.equals(that.requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements, nothing);
    }
}
