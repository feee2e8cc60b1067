package io.kubepark.controllers.runtime;

/**
 * The template hashes of ReplicaSet and DaemonSet revisions (controller.ComputeHash). Kubernetes feeds its in-memory
 * Go value to FNV-32a through a deep printer, which KubePark cannot reproduce; KubePark feeds the Go JSON bytes the
 * caller gives, then the collision count as ComputeHash does, and encodes the sum the same way: same shape and
 * alphabet, other values than a real cluster's.
 */
public final class ComputeHash {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    private ComputeHash() {
    }

    /** The hash of {@code data}; {@code collisionCount} is null until the first collision. */
    public static String of(byte[] data, Integer collisionCount) {
        int h = fnv32a(FNV32_OFFSET, data);
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

    /** FNV-32a of {@code bytes}, continuing from {@code seed}. */
    public static int fnv32a(int seed, byte[] bytes) {
        int h = seed;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV32_PRIME;
        }
        return h;
    }

    /** rand.SafeEncodeString: every rune mapped into an alphabet without vowels. */
    public static String safeEncode(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }
}
