package io.kubepark.apiserver.api;

import java.util.List;
import java.util.Map;

/** Query parameters of one request, as decoded from the URL. Unknown parameters are ignored. */
public record Params(Map<String, List<String>> values) {
    public static final Params NONE = new Params(Map.of());

    public Params {
        values = Map.copyOf(values);
    }

    /** The first value of a parameter, or null. */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String get(String name, String otherwise) {
        String v = get(name);
        return v == null ? otherwise : v;
    }

    /** A boolean parameter: {@code true}, {@code 1} and an empty value count as true. */
    public boolean flag(String name) {
        String v = get(name);
        return v != null && (v.isEmpty() || v.equals("true") || v.equals("1"));
    }

    /** A non-negative integer parameter, or {@code otherwise}; a malformed value is a 400. */
    public long number(String name, long otherwise) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": \"" + v + "\"");
        }
    }
}
