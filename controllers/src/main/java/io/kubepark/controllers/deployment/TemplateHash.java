package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.GoJson;

/**
 * The {@code pod-template-hash} of a Deployment's template (rule D5). Kubernetes' controller.ComputeHash
 * hashes a dump of the Go struct, which KubePark cannot reproduce; this is KubePark's own stable hash of the
 * same shape: FNV-32a over the template's canonical JSON, then the collision count as 8 little-endian bytes
 * when there is one, the decimal sum encoded as rand.SafeEncodeString encodes it.
 */
public final class TemplateHash {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    private TemplateHash() {
    }

    /** The hash of {@code template}; {@code collisionCount} is null until the first collision. */
    public static String of(JsonNode template, Integer collisionCount) {
        int h = fnv32a(FNV32_OFFSET, GoJson.bytes(template));
        if (collisionCount != null) {
            byte[] count = new byte[8];
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                count[i] = (byte) (c >>> (8 * i));
            }
            h = fnv32a(h, count);
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    private static int fnv32a(int seed, byte[] bytes) {
        int h = seed;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV32_PRIME;
        }
        return h;
    }

    private static String safeEncode(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }
}
