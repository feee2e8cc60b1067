package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny in-memory cluster for one set: applies each plan's steps to its objects the way the applier would
 * (stopping at the first failing step) and checks the controller's invariants after every step.
 */
final class FakeCluster {
    ObjectNode set;
    final Map<String, ObjectNode> pods = new LinkedHashMap<>();
    final Map<String, ObjectNode> claims = new LinkedHashMap<>();
    final Map<String, ObjectNode> revisions = new LinkedHashMap<>();
    final List<Step> applied = new ArrayList<>();
    final List<Step.Event> events = new ArrayList<>();
    Instant now = StatefulSetFixtures.T0;
    boolean maxUnavailableGate;
    /** Created pods start Running and Ready; otherwise Pending until {@link #ready}. */
    boolean createdPodsReady;
    /** Deletes only mark pods terminating, until {@link #finishTermination}. */
    boolean gracefulDeletes;
    SyncPlan lastPlan;
    SetSnapshot lastSnapshot;
    private int uids;
    private long resourceVersion = 100;

    FakeCluster(ObjectNode set) {
        this.set = set;
    }

    SetSnapshot snapshot() {
        return new SetSnapshot(set.deepCopy(),
                new ArrayList<>(pods.values().stream().map(p -> (JsonNode) p.deepCopy()).toList()),
                new HashMap<>(claims), new ArrayList<>(revisions.values()), now, maxUnavailableGate);
    }

    SyncPlan sync() {
        SetSnapshot before = snapshot();
        lastSnapshot = before;
        SyncPlan plan = StatefulSetPlanner.plan(before);
        lastPlan = plan;
        checkPlan(before, plan);
        for (Step step : plan.steps()) {
            if (!apply(step)) {
                return plan;
            }
            applied.add(step);
            checkInvariants();
        }
        if (plan.status() != null) {
            set.set("status", plan.status());
        }
        return plan;
    }

    /** Syncs, and with {@link #createdPodsReady} lets time pass, until a sync changes nothing. */
    FakeCluster converge() {
        for (int i = 0; i < 200; i++) {
            SyncPlan plan = sync();
            if (plan.steps().isEmpty() && plan.status() == null) {
                return this;
            }
            now = now.plusSeconds(1);
        }
        throw new AssertionError("no convergence");
    }

    void update(java.util.function.Consumer<ObjectNode> spec) {
        spec.accept((ObjectNode) set.get("spec"));
        ObjectNode meta = (ObjectNode) set.get("metadata");
        meta.put("generation", meta.path("generation").asLong() + 1);
    }

    void ready(String name) {
        ObjectNode status = Json.child(pods.get(name), "status");
        status.put("phase", "Running");
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "Ready");
        condition.put("status", "True");
        condition.put("lastTransitionTime", now.toString());
    }

    void notReady(String name) {
        ObjectNode status = Json.child(pods.get(name), "status");
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "Ready");
        condition.put("status", "False");
        condition.put("lastTransitionTime", now.toString());
    }

    void fail(String name) {
        Json.child(pods.get(name), "status").put("phase", "Failed");
    }

    void deletePod(String name) {
        pods.remove(name);
    }

    void finishTermination(String name) {
        if (pods.containsKey(name) && ObjectMeta.deleting(pods.get(name))) {
            pods.remove(name);
        }
    }

    List<String> podNames() {
        return new ArrayList<>(pods.keySet());
    }

    String revisionOf(String pod) {
        return Identity.revisionOf(pods.get(pod));
    }

    JsonNode status() {
        return set.path("status");
    }

    private String nextUid(String prefix) {
        return prefix + "-uid-" + (++uids);
    }

    private String nextResourceVersion() {
        return Long.toString(++resourceVersion);
    }

    private boolean apply(Step step) {
        if (step instanceof Step.SetOwnerReferences s) {
            Map<String, ObjectNode> objects = switch (s.kind()) {
                case "Pod" -> pods;
                case "ControllerRevision" -> revisions;
                default -> claims;
            };
            ObjectNode obj = objects.get(s.name());
            if (obj == null || !ObjectMeta.uid(obj).equals(s.uid())) {
                return false;
            }
            ((ObjectNode) obj.get("metadata")).set("ownerReferences", s.ownerReferences().deepCopy());
            ((ObjectNode) obj.get("metadata")).put("resourceVersion", nextResourceVersion());
        } else if (step instanceof Step.CreateRevision s) {
            String name = ObjectMeta.name(s.revision());
            if (revisions.containsKey(name)) {
                return false;
            }
            ObjectNode revision = s.revision().deepCopy();
            ObjectNode meta = (ObjectNode) revision.get("metadata");
            meta.put("uid", nextUid("rev"));
            meta.put("creationTimestamp", now.toString());
            revisions.put(name, revision);
        } else if (step instanceof Step.BumpRevision s) {
            revisions.get(s.name()).put("revision", s.revision());
        } else if (step instanceof Step.DeleteRevision s) {
            revisions.remove(s.name());
        } else if (step instanceof Step.CreateClaim s) {
            String name = ObjectMeta.name(s.claim());
            if (!claims.containsKey(name)) {
                ObjectNode claim = s.claim().deepCopy();
                ((ObjectNode) claim.get("metadata")).put("uid", nextUid("pvc"));
                claim.putObject("status").put("phase", "Bound");
                claims.put(name, claim);
            }
        } else if (step instanceof Step.CreatePod s) {
            String name = ObjectMeta.name(s.pod());
            if (pods.containsKey(name)) {
                return false;
            }
            ObjectNode pod = s.pod().deepCopy();
            ObjectNode meta = (ObjectNode) pod.get("metadata");
            meta.put("uid", nextUid(name));
            meta.put("resourceVersion", nextResourceVersion());
            pod.putObject("status").put("phase", "Pending");
            pods.put(name, pod);
            if (createdPodsReady) {
                ready(name);
            }
        } else if (step instanceof Step.DeletePod s) {
            ObjectNode pod = pods.get(s.name());
            if (pod == null || !ObjectMeta.uid(pod).equals(s.uid())) {
                return false;
            }
            if (gracefulDeletes) {
                ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", now.toString());
            } else {
                pods.remove(s.name());
            }
        } else if (step instanceof Step.UpdatePod s) {
            ObjectNode pod = pods.get(ObjectMeta.name(s.pod()));
            if (pod == null || !pod.path("metadata").path("resourceVersion").equals(
                    s.pod().path("metadata").path("resourceVersion"))) {
                return false;
            }
            ObjectNode updated = s.pod().deepCopy();
            ((ObjectNode) updated.get("metadata")).put("resourceVersion", nextResourceVersion());
            pods.put(ObjectMeta.name(updated), updated);
        } else if (step instanceof Step.Event s) {
            events.add(s);
        }
        return true;
    }

    /** OrderedReady: one pod write per sync, and never a create above a replica that is not healthy. */
    private void checkPlan(SetSnapshot before, SyncPlan plan) {
        JsonNode s = before.set();
        if (s.path("spec").path("podManagementPolicy").asText().equals("Parallel")) {
            return;
        }
        long podWrites = plan.steps().stream()
                .filter(st -> st instanceof Step.CreatePod || st instanceof Step.DeletePod).count();
        // With MaxUnavailableStatefulSet on, a rolling update may delete several pods in one sync (rule 41).
        if (!before.maxUnavailableGate()) {
            assertThat(podWrites).as("pod creates and deletes in one OrderedReady sync").isLessThanOrEqualTo(1);
        }
        int minReady = s.path("spec").path("minReadySeconds").asInt(0);
        for (Step step : plan.steps()) {
            if (step instanceof Step.CreatePod c) {
                int ordinal = Identity.ordinal(c.pod());
                for (JsonNode pod : before.pods()) {
                    int other = Identity.ordinal(pod);
                    if (Identity.inOrdinalRange(s, other) && other < ordinal) {
                        assertThat(PodState.isRunningAndReady(pod) && !PodState.isTerminating(pod)
                                && PodState.isAvailable(pod, minReady, before.now()))
                                .as("ordinal %d is healthy when %d is created", other, ordinal).isTrue();
                    }
                }
            }
        }
    }

    /** No two pods with one identity; status counts consistent. */
    private void checkInvariants() {
        Map<Integer, String> byOrdinal = new HashMap<>();
        for (ObjectNode pod : pods.values()) {
            Identity.ParsedName parsed = Identity.parse(ObjectMeta.name(pod));
            if (parsed.parent().equals(ObjectMeta.name(set)) && parsed.ordinal() >= 0) {
                String previous = byOrdinal.put(parsed.ordinal(), ObjectMeta.name(pod));
                assertThat(previous).as("two pods with ordinal %d", parsed.ordinal()).isNull();
            }
        }
        JsonNode status = set.path("status");
        assertThat(status.path("readyReplicas").asInt()).isLessThanOrEqualTo(status.path("replicas").asInt());
        assertThat(status.path("availableReplicas").asInt()).isLessThanOrEqualTo(status.path("readyReplicas").asInt());
    }

    /** The pod as the last plan saw it. */
    JsonNode lastPlanPod(String name) {
        return lastSnapshot.pods().stream().filter(p -> ObjectMeta.name(p).equals(name)).findFirst().orElseThrow();
    }

    Duration requeue() {
        return lastPlan.requeueAfter();
    }
}
