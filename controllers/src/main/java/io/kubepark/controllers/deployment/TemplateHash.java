package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ComputeHash;
import io.kubepark.controllers.runtime.GoJson;

/**
 * The {@code pod-template-hash} of a Deployment's template (rule D5). Kubernetes' controller.ComputeHash
 * hashes a dump of the Go struct, which KubePark cannot reproduce; this is KubePark's own stable hash of the
 * same shape: FNV-32a over the template's canonical JSON, then the collision count as 8 little-endian bytes
 * when there is one, the decimal sum encoded as rand.SafeEncodeString encodes it.
 */
public final class TemplateHash {
    private TemplateHash() {
    }

    /** The hash of {@code template}; {@code collisionCount} is null until the first collision. */
    public static String of(JsonNode template, Integer collisionCount) {
        return ComputeHash.of(GoJson.bytes(template), collisionCount);
    }
}
