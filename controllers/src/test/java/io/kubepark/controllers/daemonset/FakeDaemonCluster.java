package io.kubepark.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tiny in-memory cluster for one set: applies each plan's steps to its objects the way the applier would, plays
 * scheduler and kubelet for the pods it creates, and checks after every sync that no node has two pods that are not
 * being deleted unless the set surges.
 */
final class FakeDaemonCluster {
    ObjectNode ds;
    final Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    final Map<String, ObjectNode> pods = new LinkedHashMap<>();
    final Map<String, ObjectNode> revisions = new LinkedHashMap<>();
    final Map<String, Backoff.Entry> backoff = new HashMap<>();
    final List<Step> applied = new ArrayList<>();
    final List<Step.Event> events = new ArrayList<>();
    Instant now = DaemonSetFixtures.T0;
    /** Created pods are bound and Running at once; Ready too unless {@link #createdPodsReady} is false. */
    boolean createdPodsReady = true;
    /** Deletes only mark pods terminating, until {@link #finishTermination}. */
    boolean gracefulDeletes;
    DaemonSetPlan lastPlan;
    private int names;

    FakeDaemonCluster(ObjectNode ds, String... nodeNames) {
        this.ds = ds;
        for (String n : nodeNames) {
            nodes.put(n, DaemonSetFixtures.node(n));
        }
    }

    DaemonSetSnapshot snapshot() {
        return new DaemonSetSnapshot(ds.deepCopy(), copies(pods), copies(nodes), copies(revisions), now, backoff);
    }

    private static List<JsonNode> copies(Map<String, ObjectNode> objects) {
        return objects.values().stream().map(o -> (JsonNode) o.deepCopy()).toList();
    }

    DaemonSetPlan sync() {
        DaemonSetPlan plan = DaemonSetPlanner.plan(snapshot());
        lastPlan = plan;
        backoff.putAll(plan.backoff());
        for (Step step : plan.steps()) {
            apply(step);
            applied.add(step);
        }
        if (plan.status() != null) {
            ds.set("status", plan.status());
        }
        return plan;
    }

    /** Syncs, a second apart, until a sync changes nothing. */
    FakeDaemonCluster converge() {
        for (int i = 0; i < 100; i++) {
            DaemonSetPlan plan = sync();
            if (plan.steps().isEmpty() && plan.status() == null) {
                return this;
            }
            now = now.plusSeconds(1);
        }
        throw new AssertionError("no convergence");
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    private void apply(Step step) {
        if (step instanceof Step.CreatePods s) {
            for (ObjectNode pod : s.pods()) {
                ObjectNode created = pod.deepCopy();
                ObjectNode meta = (ObjectNode) created.get("metadata");
                String name = meta.path("generateName").asText() + "p" + (++names);
                meta.put("name", name).put("uid", name + "-uid").put("creationTimestamp", now.toString());
                meta.remove("generateName");
                ((ObjectNode) created.get("spec")).put("nodeName", DaemonPods.targetNode(created));
                ObjectNode status = created.putObject("status").put("phase", "Running");
                status.putArray("conditions").addObject().put("type", "Ready")
                        .put("status", createdPodsReady ? "True" : "False").put("lastTransitionTime", now.toString());
                pods.put(name, created);
            }
        } else if (step instanceof Step.DeletePod s) {
            if (gracefulDeletes && pods.containsKey(s.name())) {
                ((ObjectNode) pods.get(s.name()).get("metadata")).put("deletionTimestamp", now.toString());
            } else {
                pods.remove(s.name());
            }
        } else if (step instanceof Step.SetOwnerReferences s) {
            ObjectNode target = s.kind().equals("Pod") ? pods.get(s.name()) : revisions.get(s.name());
            ((ObjectNode) target.get("metadata")).set("ownerReferences", s.ownerReferences());
        } else if (step instanceof Step.RelabelPod s) {
            ((ObjectNode) pods.get(s.name()).get("metadata").get("labels")).put(DaemonPods.HASH_LABEL, s.hash());
        } else if (step instanceof Step.CreateRevision s) {
            ObjectNode r = s.revision().deepCopy();
            ((ObjectNode) r.get("metadata")).put("uid", ObjectMeta.name(r) + "-uid")
                    .put("creationTimestamp", now.toString());
            revisions.put(ObjectMeta.name(r), r);
        } else if (step instanceof Step.SetRevisionNumber s) {
            revisions.get(s.name()).put("revision", s.revision());
        } else if (step instanceof Step.DeleteRevision s) {
            revisions.remove(s.name());
        } else if (step instanceof Step.LabelRevision s) {
            Json.child(Json.child(revisions.get(s.name()), "metadata"), "labels").put(DaemonPods.HASH_LABEL, s.name());
        } else if (step instanceof Step.SetCollisionCount s) {
            Json.child(ds, "status").put("collisionCount", s.collisionCount());
        } else if (step instanceof Step.Event s) {
            events.add(s);
        }
    }

    /** Removes the pods being deleted. */
    void finishTermination() {
        pods.values().removeIf(ObjectMeta::deleting);
    }

    /** Makes the pods that match {@code which} Ready now. */
    void ready(Predicate<JsonNode> which) {
        for (ObjectNode pod : pods.values()) {
            if (which.test(pod)) {
                ((ObjectNode) pod.get("status").get("conditions").get(0)).put("status", "True")
                        .put("lastTransitionTime", now.toString());
            }
        }
    }

    /** Changes the template: the image, as {@code kubectl set image} would, and the template generation. */
    void image(String image) {
        ((ObjectNode) ds.get("spec").get("template").get("spec").get("containers").get(0)).put("image", image);
        ObjectNode meta = (ObjectNode) ds.get("metadata");
        meta.put("generation", meta.path("generation").asLong() + 1);
        ObjectNode annotations = (ObjectNode) meta.get("annotations");
        annotations.put(DaemonPods.GENERATION_ANNOTATION,
                Long.toString(Long.parseLong(annotations.path(DaemonPods.GENERATION_ANNOTATION).asText()) + 1));
    }

    List<ObjectNode> podsOn(String node) {
        return pods.values().stream().filter(p -> node.equals(DaemonPods.targetNode(p))).toList();
    }

    List<ObjectNode> livePods() {
        return pods.values().stream().filter(p -> !ObjectMeta.deleting(p)).toList();
    }

    String hash() {
        return ds.path("status").isEmpty() ? "" : currentHash();
    }

    private String currentHash() {
        return revisions.values().stream().max(History.BY_REVISION)
                .map(r -> ObjectMeta.labels(r).get(DaemonPods.HASH_LABEL)).orElse("");
    }

    JsonNode status() {
        return ds.path("status");
    }

    List<String> created() {
        List<String> out = new ArrayList<>();
        for (Step s : applied) {
            if (s instanceof Step.CreatePods c) {
                c.pods().forEach(p -> out.add(DaemonPods.targetNode(p)));
            }
        }
        return out;
    }

    void assertAtMostOneLivePodPerNode() {
        for (String n : nodes.keySet()) {
            assertThat(podsOn(n).stream().filter(p -> !ObjectMeta.deleting(p)).count()).as(n).isLessThanOrEqualTo(1);
        }
    }
}
