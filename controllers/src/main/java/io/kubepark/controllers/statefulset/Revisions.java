package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ComputeHash;
import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.TemplatePatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** ControllerRevision history (A7): the data, its hash and name, selection, rollback and truncation. */
final class Revisions {
    static final String HASH_LABEL = "controller.kubernetes.io/hash";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;
    private static final int MAX_PREFIX = 223;

    /** By .revision, then creationTimestamp, then name (history.SortControllerRevisions). */
    static final Comparator<JsonNode> BY_REVISION = Comparator.<JsonNode>comparingLong(Revisions::number)
            .thenComparing(r -> created(r))
            .thenComparing(ObjectMeta::name);

    private Revisions() {
    }

    /** The revisions' choice for one sync, with the writes it takes. */
    record Selection(JsonNode current, JsonNode update, int collisionCount, List<Step> steps) {
    }

    /** The revision data: only spec.template, marked to replace, as Kubernetes encodes it. */
    static ObjectNode data(JsonNode template) {
        return TemplatePatch.of(template);
    }

    /** history.HashControllerRevision: FNV-1 (not 1a) over the data then the decimal collision count. */
    static String hash(byte[] data, int collisionCount) {
        byte[] probe = Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII);
        int h = fnv32(FNV32_OFFSET, data);
        h = fnv32(h, probe);
        return safeEncode(Integer.toUnsignedString(h));
    }

    static int fnv32(int seed, byte[] bytes) {
        int h = seed;
        for (byte b : bytes) {
            h *= FNV32_PRIME;
            h ^= b & 0xff;
        }
        return h;
    }

    static int fnv32(byte[] bytes) {
        return fnv32(FNV32_OFFSET, bytes);
    }

    /** rand.SafeEncodeString: every rune mapped into an alphabet without vowels. */
    static String safeEncode(String s) {
        return ComputeHash.safeEncode(s);
    }

    static String name(String prefix, String hash) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        String kept = bytes.length > MAX_PREFIX
                ? new String(Arrays.copyOf(bytes, MAX_PREFIX), StandardCharsets.UTF_8) : prefix;
        return kept + "-" + hash;
    }

    /** A ControllerRevision for the set's current template (newRevision), named with the given hash. */
    static ObjectNode newRevision(JsonNode set, ObjectNode data, long number, String hashLabel, String name) {
        ObjectNode revision = Json.object();
        revision.put("apiVersion", "apps/v1");
        revision.put("kind", "ControllerRevision");
        ObjectNode meta = revision.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", ObjectMeta.namespace(set));
        ObjectNode labels = meta.putObject("labels");
        ObjectMeta.stringMap(set.path("spec").path("template").path("metadata").path("labels")).forEach(labels::put);
        labels.put(HASH_LABEL, hashLabel);
        ObjectNode annotations = meta.putObject("annotations");
        ObjectMeta.stringMap(set.path("metadata").path("annotations")).forEach(annotations::put);
        meta.putArray("ownerReferences").add(Meta.setRef(set));
        revision.set("data", data);
        revision.put("revision", number);
        return revision;
    }

    static long number(JsonNode revision) {
        return revision.path("revision").asLong(0);
    }

    static byte[] dataBytes(JsonNode revision) {
        return GoJson.bytes(revision.path("data"));
    }

    /** The template a revision restores (ApplyRevision); the set's own when the data holds none. */
    static JsonNode template(JsonNode revision, JsonNode set) {
        JsonNode template = revision.path("data").path("spec").path("template");
        if (!template.isObject()) {
            return set.path("spec").path("template");
        }
        ObjectNode copy = (ObjectNode) template.deepCopy();
        copy.remove("$patch");
        return copy;
    }

    /**
     * history.EqualRevision: hash labels that both parse as int32 decimals and differ make revisions unequal
     * (safe-encoded labels rarely parse); otherwise the data bytes decide.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        Long ha = decimalHash(a);
        Long hb = decimalHash(b);
        if (ha != null && hb != null && !ha.equals(hb)) {
            return false;
        }
        return Arrays.equals(dataBytes(a), dataBytes(b));
    }

    private static Long decimalHash(JsonNode revision) {
        String label = ObjectMeta.labels(revision).get(HASH_LABEL);
        if (label == null) {
            return null;
        }
        try {
            return (long) Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * getStatefulSetRevisions. {@code owned} are the set's revisions (matching its selector, owned by it or
     * orphans), {@code all} every revision of the namespace, against which new names are checked. With
     * {@code writes} false nothing is created or bumped (a set being deleted).
     */
    static Selection select(JsonNode set, List<JsonNode> owned, List<JsonNode> all, boolean writes) {
        List<JsonNode> sorted = new ArrayList<>(owned);
        sorted.sort(BY_REVISION);
        int collisionCount = set.path("status").path("collisionCount").asInt(0);
        long next = sorted.isEmpty() ? 1 : number(sorted.get(sorted.size() - 1)) + 1;
        ObjectNode data = data(set.path("spec").path("template"));
        byte[] dataBytes = GoJson.bytes(data);
        String hashLabel = hash(dataBytes, collisionCount);
        ObjectNode candidate = newRevision(set, data, next, hashLabel, name(ObjectMeta.name(set), hashLabel));

        List<JsonNode> equal = sorted.stream().filter(r -> equal(r, candidate)).toList();
        List<Step> steps = new ArrayList<>();
        JsonNode update;
        if (!equal.isEmpty() && equal(sorted.get(sorted.size() - 1), equal.get(equal.size() - 1))) {
            update = sorted.get(sorted.size() - 1);
        } else if (!equal.isEmpty()) {
            JsonNode rollback = equal.get(equal.size() - 1);
            if (writes) {
                ObjectNode bumped = rollback.deepCopy();
                bumped.put("revision", next);
                steps.add(new Step.BumpRevision(ObjectMeta.name(rollback), next));
                update = bumped;
            } else {
                update = rollback;
            }
        } else {
            update = null;
            while (update == null) {
                String name = name(ObjectMeta.name(set), hash(dataBytes, collisionCount));
                JsonNode existing = all.stream().filter(r -> ObjectMeta.name(r).equals(name)).findFirst().orElse(null);
                if (existing == null) {
                    // The hash label keeps the first hash even after a collision renamed the revision.
                    ObjectNode created = newRevision(set, data, next, hashLabel, name);
                    if (writes) {
                        steps.add(new Step.CreateRevision(created.deepCopy()));
                    }
                    update = created;
                } else if (Arrays.equals(dataBytes(existing), dataBytes)) {
                    update = existing;
                } else {
                    collisionCount++;
                }
            }
        }
        String currentName = set.path("status").path("currentRevision").asText("");
        JsonNode current = sorted.stream().filter(r -> ObjectMeta.name(r).equals(currentName)).findFirst()
                .orElse(update);
        return new Selection(current, update, collisionCount, steps);
    }

    /**
     * truncateHistory: the non-live revisions beyond revisionHistoryLimit, oldest first. Live are the current
     * and update revisions and every revision a pod names. A negative limit keeps everything.
     */
    static List<Step> truncate(JsonNode set, List<JsonNode> owned, Set<String> live) {
        int limit = set.path("spec").path("revisionHistoryLimit").asInt(10);
        if (limit < 0) {
            return List.of();
        }
        List<JsonNode> history = owned.stream().filter(r -> !live.contains(ObjectMeta.name(r)))
                .sorted(BY_REVISION).toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < history.size() - limit; i++) {
            steps.add(new Step.DeleteRevision(ObjectMeta.name(history.get(i))));
        }
        return steps;
    }

    private static Instant created(JsonNode revision) {
        String text = revision.path("metadata").path("creationTimestamp").asText("");
        try {
            return text.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
