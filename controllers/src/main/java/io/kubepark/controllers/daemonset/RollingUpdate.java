package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** rollingUpdate of update.go (rules 23–25): which old pods go and which nodes get a new pod, in one sync. */
final class RollingUpdate {
    /** What one sync of the update does; {@code failed} when the strategy cannot be read or a node is missing. */
    record Result(List<String> podsToDelete, List<String> nodesToCreate, boolean failed) {
        static final Result FAILED = new Result(List.of(), List.of(), true);
    }

    private final JsonNode ds;
    private final String hash;
    private final Long generation;
    private final int minReadySeconds;
    private final Instant now;

    RollingUpdate(JsonNode ds, String hash, Instant now) {
        this.ds = ds;
        this.hash = hash;
        this.generation = DaemonPods.templateGeneration(ds);
        this.minReadySeconds = ds.path("spec").path("minReadySeconds").asInt(0);
        this.now = now;
    }

    /**
     * @param nodes the nodes by name
     * @param fits what rule 1 says of each node
     * @param nodeToPods the set's pods by node, in node-name order (finished pods being deleted left out)
     */
    Result run(Map<String, JsonNode> nodes, Map<String, Placement.Fit> fits, SortedMap<String, List<JsonNode>> nodeToPods) {
        int desired = 0;
        for (Map.Entry<String, Placement.Fit> e : fits.entrySet()) {
            if (e.getValue().shouldRun()) {
                desired++;
                nodeToPods.putIfAbsent(e.getKey(), List.of());
            }
        }
        JsonNode rolling = ds.path("spec").path("updateStrategy").path("rollingUpdate");
        Integer maxUnavailable = scaled(rolling.path("maxUnavailable"), desired, false);
        Integer maxSurge = scaled(rolling.path("maxSurge"), desired, true);
        if (maxUnavailable == null || maxSurge == null) {
            return Result.FAILED;
        }
        if (desired > 0 && maxUnavailable == 0 && maxSurge == 0) {
            maxUnavailable = 1;
        }
        return maxSurge == 0 ? withoutSurge(nodeToPods, maxUnavailable) : withSurge(nodes, fits, nodeToPods, maxSurge,
                desired);
    }

    /** Delete just enough old pods to stay within maxUnavailable; rule 3 then creates their replacements. */
    private Result withoutSurge(SortedMap<String, List<JsonNode>> nodeToPods, int maxUnavailable) {
        int unavailable = 0;
        List<String> replacements = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (List<JsonNode> pods : nodeToPods.values()) {
            OldAndNew on = OldAndNew.of(pods, hash, generation);
            if (on == null || (on.oldPod() == null) == (on.newPod() == null)) {
                unavailable++;
            } else if (on.newPod() != null) {
                if (!available(on.newPod())) {
                    unavailable++;
                }
            } else if (!available(on.oldPod())) {
                replacements.add(ObjectMeta.name(on.oldPod()));
                unavailable++;
            } else if (unavailable < maxUnavailable) {
                candidates.add(ObjectMeta.name(on.oldPod()));
            }
        }
        int remaining = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.size());
        List<String> delete = new ArrayList<>(replacements);
        delete.addAll(candidates.subList(0, remaining));
        return new Result(delete, List.of(), false);
    }

    /** Create new pods beside available old ones, up to maxSurge at once; delete old pods whose new pod is available. */
    private Result withSurge(Map<String, JsonNode> nodes, Map<String, Placement.Fit> fits,
                             SortedMap<String, List<JsonNode>> nodeToPods, int maxSurge, int desired) {
        List<String> delete = new ArrayList<>();
        List<String> shouldNotRunPodsToDelete = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        int surge = 0;
        int availableCount = 0;
        for (Map.Entry<String, List<JsonNode>> e : nodeToPods.entrySet()) {
            String nodeName = e.getKey();
            OldAndNew on = OldAndNew.of(e.getValue(), hash, generation);
            if (on == null) {
                surge++;
                continue;
            }
            JsonNode oldPod = on.oldPod();
            JsonNode newPod = on.newPod();
            if (oldPod != null ? available(oldPod) : newPod != null && available(newPod)) {
                availableCount++;
            }
            if (oldPod == null) {
                continue;
            }
            if (newPod == null) {
                if (!nodes.containsKey(nodeName)) {
                    return Result.FAILED;
                }
                boolean shouldRun = fits.get(nodeName).shouldRun();
                if (!available(oldPod)) {
                    if (!shouldRun) {
                        delete.add(ObjectMeta.name(oldPod));
                    } else {
                        allowed.add(nodeName);
                    }
                } else if (!shouldRun) {
                    shouldNotRunPodsToDelete.add(ObjectMeta.name(oldPod));
                } else if (surge < maxSurge) {
                    candidates.add(nodeName);
                }
            } else if (!available(newPod)) {
                surge++;
            } else {
                delete.add(ObjectMeta.name(oldPod));
            }
        }
        // With surge the owner expects full availability: a pod on a node that should no longer run it goes only
        // once enough pods elsewhere are available.
        int deletable = Math.min(availableCount - desired, shouldNotRunPodsToDelete.size());
        if (deletable > 0) {
            delete.addAll(shouldNotRunPodsToDelete.subList(0, deletable));
        }
        int remaining = Math.min(Math.max(maxSurge - surge, 0), candidates.size());
        List<String> create = new ArrayList<>(allowed);
        create.addAll(candidates.subList(0, remaining));
        return new Result(delete, create, false);
    }

    private boolean available(JsonNode pod) {
        return DaemonPods.isAvailable(pod, minReadySeconds, now);
    }

    /**
     * findUpdatedPodsOnNode: the node's pods that are not being deleted, at most one of each revision; null when
     * there are more.
     */
    record OldAndNew(JsonNode oldPod, JsonNode newPod) {
        static OldAndNew of(List<JsonNode> pods, String hash, Long generation) {
            JsonNode oldPod = null;
            JsonNode newPod = null;
            for (JsonNode pod : pods) {
                if (ObjectMeta.deleting(pod)) {
                    continue;
                }
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    if (newPod != null) {
                        return null;
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return null;
                    }
                    oldPod = pod;
                }
            }
            return new OldAndNew(oldPod, newPod);
        }
    }

    /**
     * SurgeCount and UnavailableCount: GetScaledValueFromIntOrPercent rounding up. A missing maxSurge is 0; a missing
     * maxUnavailable or a malformed value gives null (the sync fails).
     */
    static Integer scaled(JsonNode value, int total, boolean missingIsZero) {
        if (value.isMissingNode() || value.isNull()) {
            return missingIsZero ? 0 : null;
        }
        if (value.isIntegralNumber()) {
            return value.asInt();
        }
        String text = value.asText();
        if (!text.endsWith("%")) {
            return null;
        }
        try {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            return (int) Math.ceil(percent * (double) total / 100);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
