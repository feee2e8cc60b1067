package io.kubepark.apiserver.selector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Formats errors like Kubernetes' field.Error and errors.Aggregate, which is how label requirement
 * problems reach clients, e.g. {@code values[0][app]: Invalid value: "-x": a valid label must ...}.
 */
final class FieldErrors {

    /** The text of a nil *field.Path, used by the selector parser. */
    static final String NIL_PATH = "<nil>";

    private FieldErrors() {
    }

    /** field.Invalid(path, value, detail).Error(); {@code renderedValue} is already in Go syntax. */
    static String invalid(String path, String renderedValue, String detail) {
        return path + ": Invalid value: " + renderedValue + ": " + detail;
    }

    /** field.ErrorList.ToAggregate().Error(): duplicates dropped, several wrapped in brackets. */
    static String aggregate(List<String> messages) {
        Set<String> unique = new LinkedHashSet<>(messages);
        if (unique.size() == 1) {
            return unique.iterator().next();
        }
        return "[" + String.join(", ", unique) + "]";
    }
}
