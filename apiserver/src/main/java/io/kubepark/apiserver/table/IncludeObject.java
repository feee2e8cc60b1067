package io.kubepark.apiserver.table;

/** What each table row carries in its {@code object} field (the {@code includeObject} query parameter). */
public enum IncludeObject {
    /** {@code "object": null}. */
    NONE,
    /** A {@code meta.k8s.io/v1 PartialObjectMetadata} with the object's whole metadata; the default. */
    METADATA,
    /** The complete object, as kubectl asks for with {@code --sort-by} or custom columns. */
    OBJECT;

    /**
     * Parses the {@code includeObject} query parameter value ({@code None}, {@code Metadata}, {@code Object});
     * null or empty means {@link #METADATA}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static IncludeObject fromQueryParameter(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        return switch (value) {
            case "None" -> NONE;
            case "Metadata" -> METADATA;
            case "Object" -> OBJECT;
            default -> throw new IllegalArgumentException("unrecognized includeObject value: \"" + value + "\"");
        };
    }
}
