package io.kubepark.apiserver.selector;

import java.util.regex.Pattern;

/** strconv.ParseInt(s, 10, 64): optional sign, ASCII digits only, 64-bit range. */
final class GoInts {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private GoInts() {
    }

    /** The value, or null where Go's ParseInt would fail. */
    static Long parseInt64(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }
}
