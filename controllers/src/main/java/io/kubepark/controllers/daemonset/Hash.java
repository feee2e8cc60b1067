package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ComputeHash;
import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.TemplatePatch;

/**
 * The hash in a DaemonSet's revision names and pods' {@code controller-revision-hash} (rule 17): that of its
 * revision data.
 */
final class Hash {
    private Hash() {
    }

    /** The hash of a pod template with the set's collision count (null when the set has none). */
    static String of(JsonNode template, Integer collisionCount) {
        return ComputeHash.of(GoJson.bytes(TemplatePatch.of(template)), collisionCount);
    }

    static int fnv32a(int seed, byte[] bytes) {
        return ComputeHash.fnv32a(seed, bytes);
    }
}
