package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.controllers.runtime.ComputeHash;
import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.TemplatePatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The ControllerRevisions of a DaemonSet (rules 15–20): constructHistory and cleanupHistory of update.go. */
final class History {
    static final Comparator<JsonNode> BY_REVISION = Comparator.comparingLong(History::number);

    private History() {
    }

    /**
     * What constructHistory decided.
     *
     * @param current the current revision (as it will be once the steps are done); null when the sync fails
     * @param old the set's other revisions
     * @param hash the current revision's hash label, which new pods carry
     * @param steps the writes, in order
     * @param failed whether the sync fails after the steps (a hash collision)
     */
    record Result(JsonNode current, List<JsonNode> old, String hash, List<Step> steps, boolean failed) {
    }

    static long number(JsonNode revision) {
        return revision.path("revision").asLong(0);
    }

    /**
     * constructHistory over the namespace's revisions ({@code all}) and the set's claimed pods (for the relabelling
     * of a duplicate).
     */
    static Result construct(JsonNode ds, LabelSelector selector, List<JsonNode> all, List<JsonNode> pods) {
        List<Step> steps = new ArrayList<>();
        List<JsonNode> current = new ArrayList<>();
        List<JsonNode> old = new ArrayList<>();
        byte[] wanted = GoJson.bytes(TemplatePatch.of(ds.path("spec").path("template")));
        for (JsonNode revision : controlled(ds, selector, all, steps)) {
            if (!ObjectMeta.labels(revision).containsKey(DaemonPods.HASH_LABEL)) {
                steps.add(new Step.LabelRevision(ObjectMeta.name(revision)));
                ObjectNode labelled = revision.deepCopy();
                Json.child(Json.child(labelled, "metadata"), "labels").put(DaemonPods.HASH_LABEL, ObjectMeta.name(revision));
                revision = labelled;
            }
            if (Arrays.equals(GoJson.bytes(revision.path("data")), wanted)) {
                current.add(revision);
            } else {
                old.add(revision);
            }
        }
        long next = old.stream().mapToLong(History::number).max().orElse(0) + 1;
        JsonNode cur;
        if (current.isEmpty()) {
            Integer collisionCount = ds.path("status").hasNonNull("collisionCount")
                    ? ds.path("status").path("collisionCount").asInt() : null;
            String hash = ComputeHash.of(wanted, collisionCount);
            String name = ObjectMeta.name(ds) + "-" + hash;
            JsonNode existing = all.stream().filter(r -> ObjectMeta.name(r).equals(name)).findFirst().orElse(null);
            if (existing == null) {
                ObjectNode created = newRevision(ds, hash, name, next);
                steps.add(new Step.CreateRevision(created.deepCopy()));
                cur = created;
            } else if (Arrays.equals(GoJson.bytes(existing.path("data")), wanted)) {
                cur = existing;
            } else {
                steps.add(new Step.SetCollisionCount(collisionCount == null ? 1 : collisionCount + 1));
                return new Result(null, old, "", steps, true);
            }
        } else {
            cur = dedup(current, pods, steps);
            if (number(cur) < next) {
                steps.add(new Step.SetRevisionNumber(ObjectMeta.name(cur), next));
                ObjectNode bumped = cur.deepCopy();
                bumped.put("revision", next);
                cur = bumped;
            }
        }
        return new Result(cur, old, ObjectMeta.labels(cur).getOrDefault(DaemonPods.HASH_LABEL, ""), steps, false);
    }

    /**
     * controlledHistories: the revisions the set controls and whose labels match its selector, plus the matching
     * orphans it adopts; controlled revisions that no longer match are released.
     */
    private static List<JsonNode> controlled(JsonNode ds, LabelSelector selector, List<JsonNode> all, List<Step> steps) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode revision : all) {
            boolean matches = selector.matches(ObjectMeta.labels(revision));
            JsonNode controller = Refs.controllerOf(revision);
            if (controller != null) {
                if (!controller.path("uid").asText("").equals(ObjectMeta.uid(ds))) {
                    continue;
                }
                if (matches) {
                    out.add(revision);
                } else {
                    steps.add(new Step.SetOwnerReferences("ControllerRevision", ObjectMeta.name(revision),
                            ObjectMeta.uid(revision), Refs.released(revision, ds)));
                }
            } else if (matches && !ObjectMeta.deleting(revision)) {
                var refs = Refs.adopted(revision, ds);
                steps.add(new Step.SetOwnerReferences("ControllerRevision", ObjectMeta.name(revision),
                        ObjectMeta.uid(revision), refs.deepCopy()));
                ObjectNode adopted = revision.deepCopy();
                Json.child(adopted, "metadata").set("ownerReferences", refs);
                out.add(adopted);
            }
        }
        return out;
    }

    /**
     * dedupCurHistories: of several revisions equal to the template, the one with the highest number stays; pods
     * carrying another hash get its hash, and the others are deleted.
     */
    private static JsonNode dedup(List<JsonNode> current, List<JsonNode> pods, List<Step> steps) {
        if (current.size() == 1) {
            return current.get(0);
        }
        JsonNode keep = null;
        for (JsonNode cur : current) {
            if (keep == null || number(cur) >= number(keep)) {
                keep = cur;
            }
        }
        String hash = ObjectMeta.labels(keep).getOrDefault(DaemonPods.HASH_LABEL, "");
        for (JsonNode pod : pods) {
            if (!DaemonPods.hashOf(pod).equals(hash)) {
                steps.add(new Step.RelabelPod(ObjectMeta.name(pod), hash));
            }
        }
        for (JsonNode cur : current) {
            if (cur != keep) {
                steps.add(new Step.DeleteRevision(ObjectMeta.name(cur)));
            }
        }
        return keep;
    }

    /** snapshot: the revision of the current template. */
    private static ObjectNode newRevision(JsonNode ds, String hash, String name, long number) {
        ObjectNode revision = Json.object();
        revision.put("apiVersion", "apps/v1");
        revision.put("kind", "ControllerRevision");
        ObjectNode meta = revision.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", ObjectMeta.namespace(ds));
        ObjectNode labels = meta.putObject("labels");
        ObjectMeta.labels(ds.path("spec").path("template")).forEach(labels::put);
        labels.put(DaemonPods.HASH_LABEL, hash);
        JsonNode annotations = ds.path("metadata").path("annotations");
        if (!annotations.isEmpty()) {
            meta.set("annotations", annotations.deepCopy());
        }
        meta.putArray("ownerReferences").add(Refs.controllerRef(ds));
        revision.set("data", sorted(TemplatePatch.of(ds.path("spec").path("template"))));
        revision.put("revision", number);
        return revision;
    }

    /**
     * The data with its keys in Go's order, as a real controller stores it: kubectl compares the data bytes it reads
     * with its own encoding of the set's template (rollout undo's "skipped rollback").
     */
    private static JsonNode sorted(JsonNode data) {
        try {
            return Json.parse(GoJson.bytes(data));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * cleanupHistory: of the old revisions, the oldest beyond revisionHistoryLimit go, except those whose hash a pod
     * of the set carries ({@code pods} includes finished pods being deleted).
     */
    static List<Step> cleanup(JsonNode ds, List<JsonNode> old, List<JsonNode> pods) {
        int limit = ds.path("spec").path("revisionHistoryLimit").asInt(10);
        int toKill = old.size() - limit;
        if (toKill <= 0) {
            return List.of();
        }
        Set<String> live = new HashSet<>();
        for (JsonNode pod : pods) {
            if (!DaemonPods.hashOf(pod).isEmpty()) {
                live.add(DaemonPods.hashOf(pod));
            }
        }
        List<JsonNode> sorted = new ArrayList<>(old);
        sorted.sort(BY_REVISION);
        List<Step> steps = new ArrayList<>();
        for (JsonNode revision : sorted) {
            if (toKill <= 0) {
                break;
            }
            if (live.contains(ObjectMeta.labels(revision).getOrDefault(DaemonPods.HASH_LABEL, ""))) {
                continue;
            }
            steps.add(new Step.DeleteRevision(ObjectMeta.name(revision)));
            toKill--;
        }
        return steps;
    }
}
