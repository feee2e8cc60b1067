package io.kubepark.apiserver.store;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which objects of one resource a list or watch wants.
 *
 * @param namespace      only this namespace, or null for all
 * @param requiredLabels label values one of which each object must have (from {@code =} and {@code in}
 *                       terms), used to read the label index instead of every object; may be empty
 * @param filter         the whole condition, applied to each candidate
 */
public record Query(String namespace, Map<String, Set<String>> requiredLabels, Predicate<StoredObject> filter) {
    public static Query all() {
        return new Query(null, Map.of(), o -> true);
    }

    boolean matches(StoredObject o) {
        return o != null && (namespace == null || namespace.equals(o.namespace())) && filter.test(o);
    }
}
