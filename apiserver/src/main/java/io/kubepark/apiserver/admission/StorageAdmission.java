package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The storage admission of a default v1.33 API server: StorageObjectInUseProtection (the protection finalizers on
 * new claims and volumes) and DefaultStorageClass (B6, B10).
 */
public final class StorageAdmission {
    public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
    public static final String PV_PROTECTION = "kubernetes.io/pv-protection";
    public static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    private static final String DEFAULT_CLASS_BETA = "storageclass.beta.kubernetes.io/is-default-class";

    private StorageAdmission() {}

    /** Adds {@code finalizer} unless the object has it. */
    public static void protect(ObjectNode obj, String finalizer) {
        ObjectNode meta = Json.child(obj, "metadata");
        JsonNode existing = meta.path("finalizers");
        for (JsonNode f : existing) {
            if (f.asText().equals(finalizer)) {
                return;
            }
        }
        ArrayNode finalizers = existing.isArray() ? (ArrayNode) existing : meta.putArray("finalizers");
        finalizers.add(finalizer);
    }

    /**
     * Sets {@code spec.storageClassName} of a new claim that has none (not even the beta annotation) to the default
     * class, when there is one. An explicit {@code ""} is left alone.
     */
    public static void defaultClass(ObjectNode claim, Supplier<List<JsonNode>> classes) {
        JsonNode spec = claim.path("spec");
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()) {
            return;
        }
        if (claim.path("metadata").path("annotations").has("volume.beta.kubernetes.io/storage-class")) {
            return;
        }
        JsonNode chosen = defaultOf(classes.get());
        if (chosen != null) {
            Json.child(claim, "spec").put("storageClassName", chosen.path("metadata").path("name").asText());
        }
    }

    /** The default class: marked by the annotation (or its beta form), newest first, ties by name; or null. */
    public static JsonNode defaultOf(List<JsonNode> classes) {
        return classes.stream().filter(StorageAdmission::isDefault)
                .max(Comparator.<JsonNode, String>comparing(c -> c.path("metadata").path("creationTimestamp").asText(""))
                        .thenComparing(c -> c.path("metadata").path("name").asText(), Comparator.reverseOrder()))
                .orElse(null);
    }

    static boolean isDefault(JsonNode storageClass) {
        JsonNode annotations = storageClass.path("metadata").path("annotations");
        return "true".equals(annotations.path(DEFAULT_CLASS).asText(null))
                || "true".equals(annotations.path(DEFAULT_CLASS_BETA).asText(null));
    }
}
