package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The decision core of the DaemonSet controller (pkg/controller/daemon, v1.33): maps what one sync reads to what it
 * writes, without performing any write, reading a clock or keeping state between calls. The rule numbers are those
 * of docs/workloads/daemonset.md.
 *
 * <p>A plan holds, in order: the revision writes of constructHistory; the pod adoptions and releases, then either
 * the placement writes of manage (one pod per node that should run one, none elsewhere, failed pods replaced) or,
 * when placement has nothing to do, those of the rolling update; the history cleanup; and the status.
 */
public final class DaemonSetPlanner {
    /** BurstReplicas: the most pods one sync creates, and the most it deletes. */
    static final int BURST = 250;

    private DaemonSetPlanner() {
    }

    /** Plans one sync of {@code snapshot.daemonSet()}. */
    public static DaemonSetPlan plan(DaemonSetSnapshot snapshot) {
        return new Sync(snapshot).plan();
    }

    private static final class Sync {
        private final DaemonSetSnapshot snapshot;
        private final JsonNode ds;
        private final Instant now;
        private final int minReadySeconds;
        private final List<Step> podSteps = new ArrayList<>();
        private final Map<String, Backoff.Entry> backoff = new HashMap<>();
        private Duration requeue;

        Sync(DaemonSetSnapshot snapshot) {
            this.snapshot = snapshot;
            this.ds = snapshot.daemonSet();
            this.now = snapshot.now();
            this.minReadySeconds = ds.path("spec").path("minReadySeconds").asInt(0);
        }

        DaemonSetPlan plan() {
            if (ObjectMeta.deleting(ds)) {
                return DaemonSetPlan.nothing(); // rule 29
            }
            LabelSelector selector;
            try {
                selector = LabelSelector.fromLabelSelectorNode(ds.path("spec").path("selector"));
            } catch (SelectorException e) {
                return DaemonSetPlan.nothing(); // validation keeps such sets out; nothing to do until it changes
            }
            List<JsonNode> claimed = claimPods(selector);
            History.Result history = History.construct(ds, selector, snapshot.revisions(), claimed);
            if (history.failed()) {
                return new DaemonSetPlan(history.steps(), List.of(), List.of(), null, null, true, Map.of());
            }
            String hash = history.hash();

            Map<String, JsonNode> nodes = new TreeMap<>();
            snapshot.nodes().forEach(n -> nodes.put(ObjectMeta.name(n), n));
            Placement placement = Placement.of(ds);
            Map<String, Placement.Fit> fits = new LinkedHashMap<>();
            nodes.forEach((name, node) -> fits.put(name, placement.fit(node)));
            SortedMap<String, List<JsonNode>> nodeToPods = nodeToPods(claimed);

            boolean retry = false;
            if (!manage(nodes, fits, nodeToPods, hash)
                    && ds.path("spec").path("updateStrategy").path("type").asText("").equals("RollingUpdate")) {
                RollingUpdate.Result rolled = new RollingUpdate(ds, hash, now).run(nodes, fits, copy(nodeToPods));
                retry = rolled.failed();
                syncNodes(rolled.podsToDelete(), rolled.nodesToCreate(), hash);
            }
            List<Step> cleanup = retry ? List.of()
                    : History.cleanup(ds, history.old(), claimed.stream().filter(p -> DaemonPods.targetNode(p) != null)
                    .toList());
            ObjectNode status = status(fits, nodeToPods, hash);
            return new DaemonSetPlan(history.steps(), podSteps, cleanup, status, requeue, retry, backoff);
        }

        /**
         * ClaimPods (rule 9): the namespace's pods the set controls and that match, plus the matching orphans it
         * adopts; controlled pods that no longer match are released.
         */
        private List<JsonNode> claimPods(LabelSelector selector) {
            List<JsonNode> claimed = new ArrayList<>();
            for (JsonNode pod : snapshot.pods()) {
                if (!ObjectMeta.namespace(pod).equals(ObjectMeta.namespace(ds))) {
                    continue;
                }
                boolean matches = selector.matches(ObjectMeta.labels(pod));
                JsonNode controller = Refs.controllerOf(pod);
                if (controller != null) {
                    if (!controller.path("uid").asText("").equals(ObjectMeta.uid(ds))) {
                        continue;
                    }
                    if (matches) {
                        claimed.add(pod);
                    } else {
                        podSteps.add(new Step.SetOwnerReferences("Pod", ObjectMeta.name(pod), ObjectMeta.uid(pod),
                                Refs.released(pod, ds)));
                    }
                } else if (matches && !ObjectMeta.deleting(pod)) {
                    var refs = Refs.adopted(pod, ds);
                    podSteps.add(new Step.SetOwnerReferences("Pod", ObjectMeta.name(pod), ObjectMeta.uid(pod),
                            refs.deepCopy()));
                    ObjectNode adopted = pod.deepCopy();
                    Json.child(adopted, "metadata").set("ownerReferences", refs);
                    claimed.add(adopted);
                }
            }
            return claimed;
        }

        /** getNodesToDaemonPods (rule 10), by node name, without terminal pods being deleted. */
        private static SortedMap<String, List<JsonNode>> nodeToPods(List<JsonNode> pods) {
            SortedMap<String, List<JsonNode>> out = new TreeMap<>();
            for (JsonNode pod : pods) {
                if (DaemonPods.isTerminal(pod) && ObjectMeta.deleting(pod)) {
                    continue;
                }
                String node = DaemonPods.targetNode(pod);
                if (node != null) {
                    out.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
                }
            }
            return out;
        }

        private static SortedMap<String, List<JsonNode>> copy(SortedMap<String, List<JsonNode>> map) {
            SortedMap<String, List<JsonNode>> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
            return out;
        }

        /** manage: placement (rules 3, 4, 11–14); true when it creates or deletes a pod. */
        private boolean manage(Map<String, JsonNode> nodes, Map<String, Placement.Fit> fits,
                               SortedMap<String, List<JsonNode>> nodeToPods, String hash) {
            List<String> create = new ArrayList<>();
            List<String> delete = new ArrayList<>();
            boolean surge = allowsSurge();
            for (Map.Entry<String, Placement.Fit> e : fits.entrySet()) {
                podsShouldBeOnNode(e.getKey(), e.getValue(), nodeToPods.get(e.getKey()), hash, surge, create, delete);
            }
            // rule 13: pods not yet bound whose node does not exist
            nodeToPods.forEach((node, pods) -> {
                if (!nodes.containsKey(node)) {
                    pods.stream().filter(p -> DaemonPods.nodeName(p).isEmpty())
                            .forEach(p -> delete.add(ObjectMeta.name(p)));
                }
            });
            syncNodes(delete, create, hash);
            return !create.isEmpty() || !delete.isEmpty();
        }

        /** podsShouldBeOnNode. */
        private void podsShouldBeOnNode(String node, Placement.Fit fit, List<JsonNode> pods, String hash,
                                        boolean surge, List<String> create, List<String> delete) {
            boolean exists = pods != null;
            if (fit.shouldRun() && !exists) {
                create.add(node);
                return;
            }
            if (fit.shouldContinueRunning()) {
                List<JsonNode> running = new ArrayList<>();
                for (JsonNode pod : pods == null ? List.<JsonNode>of() : pods) {
                    if (ObjectMeta.deleting(pod)) {
                        continue;
                    }
                    String phase = DaemonPods.phase(pod);
                    if (phase.equals("Failed")) {
                        failedPod(pod, node, delete);
                    } else if (phase.equals("Succeeded")) {
                        podSteps.add(new Step.Event("Normal", "SucceededDaemonPod", "Found succeeded daemon pod "
                                + ObjectMeta.namespace(pod) + "/" + ObjectMeta.name(pod) + " on node " + node
                                + ", will try to delete it"));
                        delete.add(ObjectMeta.name(pod));
                    } else {
                        running.add(pod);
                    }
                }
                running.sort(DaemonPods.OLDEST_FIRST);
                if (!surge) {
                    // rule 11: all but the oldest
                    for (int i = 1; i < running.size(); i++) {
                        delete.add(ObjectMeta.name(running.get(i)));
                    }
                    return;
                }
                if (running.size() <= 1) {
                    if (running.isEmpty() && fit.shouldRun()) {
                        create.add(node);
                    }
                    return;
                }
                // rule 24: the oldest pod of each revision stays; the old one goes once not ready or the new available
                JsonNode oldestNew = null;
                JsonNode oldestOld = null;
                for (JsonNode pod : running) {
                    if (DaemonPods.hashOf(pod).equals(hash)) {
                        if (oldestNew == null) {
                            oldestNew = pod;
                            continue;
                        }
                    } else if (oldestOld == null) {
                        oldestOld = pod;
                        continue;
                    }
                    delete.add(ObjectMeta.name(pod));
                }
                if (oldestNew != null && oldestOld != null && (!DaemonPods.isReady(oldestOld)
                        || DaemonPods.isAvailable(oldestNew, minReadySeconds, now))) {
                    delete.add(ObjectMeta.name(oldestOld));
                }
                return;
            }
            if (exists) {
                // rule 4
                pods.stream().filter(p -> !ObjectMeta.deleting(p)).forEach(p -> delete.add(ObjectMeta.name(p)));
            }
        }

        /** Rule 12: a failed pod is deleted, unless its node's deletions are in back-off. */
        private void failedPod(JsonNode pod, String node, List<String> delete) {
            String key = Backoff.key(ds, node);
            Backoff.Entry entry = backoff.containsKey(key) ? backoff.get(key) : snapshot.backoff().get(key);
            if (Backoff.inBackoff(entry, now)) {
                requeueAfter(entry.backoff());
                return;
            }
            backoff.put(key, Backoff.next(entry, now));
            podSteps.add(new Step.Event("Warning", "FailedDaemonPod", "Found failed daemon pod "
                    + ObjectMeta.namespace(pod) + "/" + ObjectMeta.name(pod) + " on node " + node
                    + ", will try to kill it"));
            delete.add(ObjectMeta.name(pod));
        }

        /** util.AllowsSurge: a RollingUpdate whose maxSurge scaled against one node is above 0. */
        private boolean allowsSurge() {
            JsonNode strategy = ds.path("spec").path("updateStrategy");
            if (!strategy.path("type").asText("").equals("RollingUpdate")) {
                return false;
            }
            Integer surge = RollingUpdate.scaled(strategy.path("rollingUpdate").path("maxSurge"), 1, true);
            return surge != null && surge > 0;
        }

        /** syncNodes (rules 30, 31): at most {@link #BURST} creates and deletes; creates first. */
        private void syncNodes(List<String> delete, List<String> create, String hash) {
            List<ObjectNode> pods = new ArrayList<>();
            for (String node : create.subList(0, Math.min(create.size(), BURST))) {
                pods.add(DaemonPods.newPod(ds, node, hash));
            }
            if (!pods.isEmpty()) {
                podSteps.add(new Step.CreatePods(pods));
            }
            for (String name : delete.subList(0, Math.min(delete.size(), BURST))) {
                podSteps.add(new Step.DeletePod(name));
            }
        }

        private void requeueAfter(Duration d) {
            if (requeue == null || d.compareTo(requeue) < 0) {
                requeue = d;
            }
        }

        /** updateDaemonSetStatus and storeDaemonSetStatus (rules 27, 28); null when nothing changes. */
        private ObjectNode status(Map<String, Placement.Fit> fits, SortedMap<String, List<JsonNode>> nodeToPods,
                                  String hash) {
            Long generation = DaemonPods.templateGeneration(ds);
            int desired = 0;
            int current = 0;
            int misscheduled = 0;
            int ready = 0;
            int updated = 0;
            int available = 0;
            for (Map.Entry<String, Placement.Fit> e : fits.entrySet()) {
                List<JsonNode> pods = nodeToPods.getOrDefault(e.getKey(), List.of());
                if (!e.getValue().shouldRun()) {
                    if (!pods.isEmpty()) {
                        misscheduled++;
                    }
                    continue;
                }
                desired++;
                if (pods.isEmpty()) {
                    continue;
                }
                current++;
                JsonNode pod = pods.stream().min(DaemonPods.OLDEST_FIRST).orElseThrow();
                if (DaemonPods.isReady(pod)) {
                    ready++;
                    if (DaemonPods.isAvailable(pod, minReadySeconds, now)) {
                        available++;
                    }
                }
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    updated++;
                }
            }
            if (minReadySeconds > 0 && ready != available) {
                requeueAfter(Duration.ofSeconds(minReadySeconds));
            }
            int unavailable = desired - available;
            long observed = ds.path("metadata").path("generation").asLong(0);
            JsonNode stored = ds.path("status");
            if (stored.path("desiredNumberScheduled").asInt(0) == desired
                    && stored.path("currentNumberScheduled").asInt(0) == current
                    && stored.path("numberMisscheduled").asInt(0) == misscheduled
                    && stored.path("numberReady").asInt(0) == ready
                    && stored.path("updatedNumberScheduled").asInt(0) == updated
                    && stored.path("numberAvailable").asInt(0) == available
                    && stored.path("numberUnavailable").asInt(0) == unavailable
                    && stored.path("observedGeneration").asLong(0) >= observed) {
                return null;
            }
            // apps/v1 DaemonSetStatus in field order; the four counts are always written, the rest when not zero
            ObjectNode status = Json.object();
            status.put("currentNumberScheduled", current);
            status.put("numberMisscheduled", misscheduled);
            status.put("desiredNumberScheduled", desired);
            status.put("numberReady", ready);
            putNonZero(status, "observedGeneration", observed);
            putNonZero(status, "updatedNumberScheduled", updated);
            putNonZero(status, "numberAvailable", available);
            putNonZero(status, "numberUnavailable", unavailable);
            for (String kept : List.of("collisionCount", "conditions")) {
                if (stored.has(kept)) {
                    status.set(kept, stored.get(kept).deepCopy());
                }
            }
            return status;
        }

        private static void putNonZero(ObjectNode status, String field, long value) {
            if (value != 0) {
                status.put(field, value);
            }
        }
    }
}
