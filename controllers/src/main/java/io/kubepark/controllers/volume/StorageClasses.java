package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

/** The StorageClass questions the binder asks: which class, which binding mode, which default. */
final class StorageClasses {
    static final String IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_IS_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
    static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    /** Newest creationTimestamp first, then name ascending (Kubernetes' GetDefaultClass). */
    private static final Comparator<JsonNode> DEFAULT_ORDER = Comparator
            .comparing(StorageClasses::created, Comparator.reverseOrder())
            .thenComparing(ObjectMeta::name);

    private StorageClasses() {
    }

    static JsonNode find(List<JsonNode> classes, String name) {
        for (JsonNode c : classes) {
            if (ObjectMeta.name(c).equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The default class, or null when no class carries a default annotation set to "true". */
    static JsonNode defaultClass(List<JsonNode> classes) {
        return classes.stream().filter(StorageClasses::isDefault).min(DEFAULT_ORDER).orElse(null);
    }

    static boolean isDefault(JsonNode c) {
        return "true".equals(Storage.annotation(c, IS_DEFAULT))
                || "true".equals(Storage.annotation(c, BETA_IS_DEFAULT));
    }

    /**
     * Whether the claim's class delays binding to the first consumer. No class, or a class that does not
     * exist (yet), means Immediate.
     */
    static boolean delaysBinding(JsonNode claim, List<JsonNode> classes) {
        String className = Storage.className(claim);
        if (className.isEmpty()) {
            return false;
        }
        JsonNode c = find(classes, className);
        return c != null && WAIT_FOR_FIRST_CONSUMER.equals(c.path("volumeBindingMode").asText());
    }

    private static Instant created(JsonNode c) {
        try {
            return Instant.parse(c.path("metadata").path("creationTimestamp").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
