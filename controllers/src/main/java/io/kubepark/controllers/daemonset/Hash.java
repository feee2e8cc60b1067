package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.TemplatePatch;

/**
 * The hash in a DaemonSet's revision names and pods' {@code controller-revision-hash} (rule 17). Kubernetes'
 * ComputeHash feeds its in-memory Go value to FNV-32a through a deep printer; KubePark feeds the revision data's Go
 * JSON bytes instead, then the collision count as ComputeHash does, and encodes the sum the same way. Same shape
 * and alphabet; other values than a real cluster's.
 */
final class Hash {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    private Hash() {
    }

    /** The hash of a pod template with the set's collision count (null when the set has none). */
    static String of(JsonNode template, Integer collisionCount) {
        int h = fnv32a(FNV32_OFFSET, GoJson.bytes(TemplatePatch.of(template)));
        if (collisionCount != null) {
            // binary.LittleEndian.PutUint32 into an 8-byte slice: four bytes of count, four zero bytes
            byte[] count = new byte[8];
            for (int i = 0; i < 4; i++) {
                count[i] = (byte) (collisionCount >>> (8 * i));
            }
            h = fnv32a(h, count);
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    static int fnv32a(int seed, byte[] bytes) {
        int h = seed;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV32_PRIME;
        }
        return h;
    }

    /** rand.SafeEncodeString: every rune mapped into an alphabet without vowels. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }
}
