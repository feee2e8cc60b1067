package io.kubepark.apiserver.api;

/** One entry of {@code details.causes} in a Status: {@code {reason, message, field}}. */
public record Cause(String reason, String message, String field) {
    public static Cause required(String field, String detail) {
        return new Cause("FieldValueRequired", detail.isEmpty() ? "Required value" : "Required value: " + detail, field);
    }

    public static Cause invalid(String field, String value, String detail) {
        return new Cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + detail, field);
    }

    public static Cause forbidden(String field, String detail) {
        return new Cause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    public static Cause notSupported(String field, String value, String detail) {
        return new Cause("FieldValueNotSupported", "Unsupported value: \"" + value + "\": " + detail, field);
    }

    /** How the cause reads inside an Invalid message: {@code metadata.name: Required value: ...}. */
    String describe() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
