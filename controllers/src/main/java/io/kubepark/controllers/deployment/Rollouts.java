package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure helpers of pkg/controller/deployment/util/deployment_util.go and controller_utils.go that the
 * planner needs, over deployments and ReplicaSets held as JSON trees.
 */
final class Rollouts {
    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** annotationsToSkip: never copied from a deployment to its ReplicaSet. */
    static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, ROLLBACK_TO);
    /** maxRevHistoryLengthInChars. */
    static final int MAX_REVISION_HISTORY = 2000;
    static final int MAX_INT32 = Integer.MAX_VALUE;

    private Rollouts() {
    }

    // ---------------------------------------------------------------- the deployment's spec

    static int replicas(JsonNode d) {
        return d.path("spec").path("replicas").asInt(1);
    }

    static boolean isRollingUpdate(JsonNode d) {
        return d.path("spec").path("strategy").path("type").asText("RollingUpdate").equals("RollingUpdate");
    }

    static boolean isRecreate(JsonNode d) {
        return d.path("spec").path("strategy").path("type").asText("").equals("Recreate");
    }

    /** HasProgressDeadline. */
    static boolean hasProgressDeadline(JsonNode d) {
        JsonNode pds = d.path("spec").path("progressDeadlineSeconds");
        return pds.isNumber() && pds.asInt() != MAX_INT32;
    }

    static int progressDeadlineSeconds(JsonNode d) {
        return d.path("spec").path("progressDeadlineSeconds").asInt(0);
    }

    /** HasRevisionHistoryLimit. */
    static boolean hasRevisionHistoryLimit(JsonNode d) {
        JsonNode limit = d.path("spec").path("revisionHistoryLimit");
        return limit.isNumber() && limit.asInt() != MAX_INT32;
    }

    static int minReadySeconds(JsonNode obj) {
        return obj.path("spec").path("minReadySeconds").asInt(0);
    }

    /** intstr.GetScaledValueFromIntOrPercent; a missing value is 0 (ValueOrDefault), an unreadable one 0. */
    static int scaled(JsonNode value, int total, boolean roundUp) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = value.asText();
        if (!text.endsWith("%")) {
            return 0;
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            return 0;
        }
        double exact = percent * (double) total / 100;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }

    /** ResolveFenceposts (rule D9): {surge, unavailable}; both 0 makes unavailable 1. */
    static int[] fenceposts(JsonNode d) {
        JsonNode rolling = d.path("spec").path("strategy").path("rollingUpdate");
        int desired = replicas(d);
        int surge = scaled(rolling.path("maxSurge"), desired, true);
        int unavailable = scaled(rolling.path("maxUnavailable"), desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    /** MaxSurge: 0 unless rolling. */
    static int maxSurge(JsonNode d) {
        return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
    }

    /** MaxUnavailable: 0 unless rolling with replicas, and never above replicas. */
    static int maxUnavailable(JsonNode d) {
        int replicas = replicas(d);
        if (!isRollingUpdate(d) || replicas == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas);
    }

    // ---------------------------------------------------------------- ReplicaSets

    static int specReplicas(JsonNode rs) {
        return rs.path("spec").path("replicas").asInt(0);
    }

    static int statusReplicas(JsonNode rs) {
        return rs.path("status").path("replicas").asInt(0);
    }

    static int readyReplicas(JsonNode rs) {
        return rs.path("status").path("readyReplicas").asInt(0);
    }

    static int availableReplicas(JsonNode rs) {
        return rs.path("status").path("availableReplicas").asInt(0);
    }

    static String annotation(JsonNode obj, String key) {
        JsonNode value = obj.path("metadata").path("annotations").path(key);
        return value.isTextual() ? value.asText() : null;
    }

    /** Revision: the revision annotation; 0 when absent, null when unreadable. */
    static Long revision(JsonNode rs) {
        String value = annotation(rs, REVISION);
        if (value == null) {
            return 0L;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** MaxRevision: unreadable revisions skipped. */
    static long maxRevision(List<ObjectNode> sets) {
        long max = 0;
        for (JsonNode rs : sets) {
            Long v = revision(rs);
            if (v != null && v > max) {
                max = v;
            }
        }
        return max;
    }

    /** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
    static final Comparator<JsonNode> BY_CREATION = Comparator
            .<JsonNode, Instant>comparing(rs -> orEpoch(Pods.created(rs))).thenComparing(ObjectMeta::name);

    /** ReplicaSetsByRevision: by revision, ties and unreadable ones by creation. */
    static final Comparator<JsonNode> BY_REVISION = (a, b) -> {
        Long ra = revision(a);
        Long rb = revision(b);
        if (ra == null || rb == null || ra.equals(rb)) {
            return BY_CREATION.compare(a, b);
        }
        return Long.compare(ra, rb);
    };

    /** ReplicaSetsBySizeNewer: larger first, then newer first. */
    static final Comparator<JsonNode> BY_SIZE_NEWER = Comparator.<JsonNode>comparingInt(rs -> -specReplicas(rs))
            .thenComparing(BY_CREATION.reversed());

    /** ReplicaSetsBySizeOlder: larger first, then older first. */
    static final Comparator<JsonNode> BY_SIZE_OLDER = Comparator.<JsonNode>comparingInt(rs -> -specReplicas(rs))
            .thenComparing(BY_CREATION);

    private static Instant orEpoch(Instant t) {
        return t == null ? Instant.MIN : t;
    }

    /** FilterActiveReplicaSets: those with replicas. */
    static List<ObjectNode> active(List<ObjectNode> sets) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode rs : sets) {
            if (rs != null && specReplicas(rs) > 0) {
                out.add(rs);
            }
        }
        return out;
    }

    static int sumSpec(List<ObjectNode> sets) {
        return sets.stream().filter(java.util.Objects::nonNull).mapToInt(Rollouts::specReplicas).sum();
    }

    /** EqualIgnoreHash (rule D4): semantic equality without the pod-template-hash label. */
    static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
        return semantic(withoutHash(a)).equals(semantic(withoutHash(b)));
    }

    private static JsonNode withoutHash(JsonNode template) {
        ObjectNode copy = template.isObject() ? (ObjectNode) template.deepCopy() : Json.object();
        JsonNode labels = copy.path("metadata").path("labels");
        if (labels instanceof ObjectNode l) {
            l.remove(HASH_LABEL);
        }
        return copy;
    }

    /**
     * The template as apiequality.Semantic.DeepEqual sees the typed struct: absent, null, empty objects and empty
     * arrays are all the zero value. Numbers compare by value.
     */
    static JsonNode semantic(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.object();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                JsonNode value = semantic(node.get(name));
                if (!isZero(value)) {
                    out.set(name, value);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            node.forEach(item -> out.add(semantic(item)));
            return out;
        }
        if (node.isIntegralNumber()) {
            return Json.NODES.numberNode(node.asLong());
        }
        return node;
    }

    private static boolean isZero(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || ((value.isObject() || value.isArray()) && value.isEmpty());
    }

    /** FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's (rule D4). */
    static ObjectNode findNew(JsonNode d, List<ObjectNode> sets) {
        List<ObjectNode> sorted = new ArrayList<>(sets);
        sorted.sort(BY_CREATION);
        JsonNode template = d.path("spec").path("template");
        for (ObjectNode rs : sorted) {
            if (equalIgnoreHash(rs.path("spec").path("template"), template)) {
                return rs;
            }
        }
        return null;
    }

    /** FindOldReplicaSets, second list: every ReplicaSet but the new one. */
    static List<ObjectNode> findOld(JsonNode d, List<ObjectNode> sets) {
        ObjectNode newRs = findNew(d, sets);
        List<ObjectNode> old = new ArrayList<>();
        for (ObjectNode rs : sets) {
            if (newRs == null || !ObjectMeta.uid(rs).equals(ObjectMeta.uid(newRs))) {
                old.add(rs);
            }
        }
        return old;
    }

    /** FindActiveOrLatest; sorts {@code old} newest first, in place, as Kubernetes does. */
    static ObjectNode findActiveOrLatest(ObjectNode newRs, List<ObjectNode> old) {
        if (newRs == null && old.isEmpty()) {
            return null;
        }
        old.sort(BY_CREATION.reversed());
        List<ObjectNode> all = new ArrayList<>(old);
        all.add(newRs);
        List<ObjectNode> active = active(all);
        return switch (active.size()) {
            case 0 -> newRs != null ? newRs : old.get(0);
            case 1 -> active.get(0);
            default -> null;
        };
    }

    /** IsSaturated. */
    static boolean isSaturated(JsonNode d, JsonNode rs) {
        if (rs == null) {
            return false;
        }
        String desired = annotation(rs, DESIRED_REPLICAS);
        int value;
        try {
            value = Integer.parseInt(desired == null ? "" : desired);
        } catch (NumberFormatException e) {
            return false;
        }
        int replicas = replicas(d);
        return specReplicas(rs) == replicas && value == replicas && availableReplicas(rs) == replicas;
    }

    /** NewRSNewReplicas (rule D10, D12). */
    static int newReplicaSetReplicas(JsonNode d, List<ObjectNode> all, JsonNode newRs) {
        int replicas = replicas(d);
        if (isRecreate(d)) {
            return replicas;
        }
        int surge = scaled(d.path("spec").path("strategy").path("rollingUpdate").path("maxSurge"), replicas, true);
        int current = sumSpec(all);
        int maxTotal = replicas + surge;
        if (current >= maxTotal) {
            return specReplicas(newRs);
        }
        int up = Math.min(maxTotal - current, replicas - specReplicas(newRs));
        return specReplicas(newRs) + up;
    }

    /** GetProportion and getReplicaSetFraction (rule D14). */
    static int proportion(JsonNode rs, JsonNode d, int toAdd, int added, int statusReplicas) {
        if (rs == null || specReplicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d, statusReplicas);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(JsonNode rs, JsonNode d, int statusReplicas) {
        if (replicas(d) == 0) {
            return -specReplicas(rs);
        }
        int deploymentReplicas = replicas(d) + maxSurge(d);
        Integer annotated = intAnnotation(rs, MAX_REPLICAS);
        int base = annotated == null ? statusReplicas : annotated;
        if (base == 0) {
            return 0;
        }
        double size = (double) (specReplicas(rs) * deploymentReplicas) / base;
        return roundToInt32(size) - specReplicas(rs);
    }

    /** k8s.io/utils/integer.RoundToInt32: half away from zero. */
    static int roundToInt32(double a) {
        return a < 0 ? (int) (a - 0.5) : (int) (a + 0.5);
    }

    static Integer intAnnotation(JsonNode rs, String key) {
        String value = annotation(rs, key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ReplicasAnnotationsNeedUpdate. */
    static boolean replicasAnnotationsNeedUpdate(JsonNode rs, int desired, int max) {
        return !Integer.toString(desired).equals(annotation(rs, DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotation(rs, MAX_REPLICAS));
    }

    /** SetReplicasAnnotations; true when something changed. */
    static boolean setReplicasAnnotations(ObjectNode rs, int desired, int max) {
        ObjectNode annotations = Json.child(Json.child(rs, "metadata"), "annotations");
        boolean updated = false;
        if (!Integer.toString(desired).equals(annotations.path(DESIRED_REPLICAS).asText(null))) {
            annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
            updated = true;
        }
        if (!Integer.toString(max).equals(annotations.path(MAX_REPLICAS).asText(null))) {
            annotations.put(MAX_REPLICAS, Integer.toString(max));
            updated = true;
        }
        return updated;
    }

    /** SetNewReplicaSetAnnotations (rule D7); changes {@code rs}, true when its annotations changed. */
    static boolean setNewReplicaSetAnnotations(JsonNode d, ObjectNode rs, String newRevision, boolean exists) {
        ObjectNode annotations = Json.child(Json.child(rs, "metadata"), "annotations");
        boolean changed = false;
        for (Map.Entry<String, String> e : ObjectMeta.stringMap(d.path("metadata").path("annotations")).entrySet()) {
            String k = e.getKey();
            if (NOT_COPIED.contains(k) || (annotations.has(k) && annotations.path(k).asText().equals(e.getValue()))) {
                continue;
            }
            annotations.put(k, e.getValue());
            changed = true;
        }
        boolean had = annotations.has(REVISION);
        String oldRevision = annotations.path(REVISION).asText("");
        long oldNumber;
        try {
            oldNumber = Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            if (!oldRevision.isEmpty()) {
                return false;
            }
            oldNumber = 0;
        }
        long newNumber = Long.parseLong(newRevision);
        if (oldNumber < newNumber) {
            annotations.put(REVISION, newRevision);
            changed = true;
        }
        if (had && oldNumber < newNumber) {
            String history = annotations.path(REVISION_HISTORY).asText("");
            if (history.isEmpty()) {
                annotations.put(REVISION_HISTORY, oldRevision);
            } else {
                List<String> old = new ArrayList<>(List.of(history.split(",", -1)));
                int total = history.length() + oldRevision.length() + 1;
                int start = 0;
                while (total > MAX_REVISION_HISTORY && start < old.size()) {
                    total -= old.get(start).length() + 1;
                    start++;
                }
                if (total <= MAX_REVISION_HISTORY) {
                    List<String> kept = new ArrayList<>(old.subList(start, old.size()));
                    kept.add(oldRevision);
                    annotations.put(REVISION_HISTORY, String.join(",", kept));
                }
            }
        }
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    /** A ReplicaSet's copy to write, keeping every field; annotations always present as an object. */
    static ObjectNode copy(JsonNode rs) {
        ObjectNode copy = (ObjectNode) rs.deepCopy();
        Json.child(Json.child(copy, "metadata"), "annotations");
        return copy;
    }

    /** Removes empty annotations so a planned ReplicaSet looks like a stored one. */
    static void tidy(ObjectNode rs) {
        JsonNode annotations = rs.path("metadata").path("annotations");
        if (annotations.isObject() && annotations.isEmpty()) {
            ((ObjectNode) rs.path("metadata")).remove("annotations");
        }
    }

    static boolean sameObject(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        String ua = ObjectMeta.uid(a);
        return ua.isEmpty() ? ObjectMeta.name(a).equals(ObjectMeta.name(b)) : ua.equals(ObjectMeta.uid(b));
    }

    static void replace(List<ObjectNode> sets, ObjectNode updated) {
        for (int i = 0; i < sets.size(); i++) {
            if (sameObject(sets.get(i), updated)) {
                sets.set(i, updated);
            }
        }
    }
}
