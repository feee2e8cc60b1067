package io.kubepark.controllers.daemonset;

import static io.kubepark.controllers.daemonset.DaemonSetFixtures.T0;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.ds;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.TemplatePatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ControllerRevisions (rules 15–20) and the hash (rule 17). */
class HistoryTest {

    private static ObjectNode onDelete(String name) {
        return ds(name, spec -> spec.putObject("updateStrategy").put("type", "OnDelete"));
    }

    private static List<String> revisionsByNumber(FakeDaemonCluster c) {
        return c.revisions.values().stream().sorted(History.BY_REVISION)
                .map(r -> ObjectMeta.name(r) + "@" + r.path("revision").asLong()).toList();
    }

    /** A revision of the set's current template, as another controller (or an older one) might have left it. */
    private static ObjectNode revision(ObjectNode ds, String name, long number, String hashLabel) {
        ObjectNode r = Json.object();
        r.put("apiVersion", "apps/v1").put("kind", "ControllerRevision");
        ObjectNode meta = r.putObject("metadata").put("name", name).put("namespace", "ns").put("uid", name + "-uid");
        ObjectNode labels = meta.putObject("labels").put("app", ObjectMeta.name(ds));
        if (hashLabel != null) {
            labels.put(DaemonPods.HASH_LABEL, hashLabel);
        }
        r.set("data", TemplatePatch.of(ds.path("spec").path("template")));
        r.put("revision", number);
        return r;
    }

    // rule 15
    @Test
    void theFirstSyncStoresTheTemplateAsRevisionOne() {
        ObjectNode ds = ds("agent");
        ((ObjectNode) ds.get("metadata").get("annotations")).put("team", "infra");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        c.sync();
        JsonNode r = c.revisions.values().iterator().next();
        String hash = Hash.of(ds.path("spec").path("template"), null);
        assertThat(ObjectMeta.name(r)).isEqualTo("agent-" + hash);
        assertThat(ObjectMeta.labels(r)).containsExactly(java.util.Map.entry("app", "agent"),
                java.util.Map.entry(DaemonPods.HASH_LABEL, hash));
        assertThat(ObjectMeta.stringMap(r.path("metadata").path("annotations"))).containsEntry("team", "infra")
                .containsEntry(DaemonPods.GENERATION_ANNOTATION, "1");
        assertThat(r.path("metadata").path("ownerReferences").get(0).path("uid").asText()).isEqualTo("agent-uid");
        assertThat(r.path("revision").asLong()).isEqualTo(1);
        assertThat(new String(GoJson.bytes(r.path("data")), StandardCharsets.UTF_8)).isEqualTo(
                "{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"creationTimestamp\":null,\"labels\":"
                        + "{\"app\":\"agent\"}},\"spec\":{\"containers\":[{\"image\":\"img:1\",\"name\":\"c\","
                        + "\"resources\":{}}]}}}}");
        assertThat(Json.string(r.path("data"))).as("stored in Go's key order, as kubectl compares it")
                .isEqualTo(new String(GoJson.bytes(r.path("data")), StandardCharsets.UTF_8));
        assertThat(c.livePods()).allSatisfy(p -> assertThat(DaemonPods.hashOf(p)).isEqualTo(hash));
    }

    // rules 15, 16
    @Test
    void aNewTemplateIsTheNextRevisionAndGoingBackRenumbersTheOldOne() {
        FakeDaemonCluster c = new FakeDaemonCluster(onDelete("agent"), "n1").converge();
        String first = c.revisions.keySet().iterator().next();
        c.image("img:2");
        c.sync();
        String second = c.revisions.keySet().stream().filter(n -> !n.equals(first)).findFirst().orElseThrow();
        assertThat(revisionsByNumber(c)).containsExactly(first + "@1", second + "@2");
        c.image("img:1");
        c.sync();
        assertThat(revisionsByNumber(c)).containsExactly(second + "@2", first + "@3");
        assertThat(c.lastPlan.history()).containsExactly(new Step.SetRevisionNumber(first, 3));
    }

    // rule 18
    @Test
    void aRevisionOfTheSameNameWithOtherDataRaisesTheCollisionCount() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        String hash = Hash.of(ds.path("spec").path("template"), null);
        ObjectNode squatter = revision(ds("other"), "agent-" + hash, 1, "x");
        ((ObjectNode) squatter.get("metadata").get("labels")).put("app", "other");
        c.revisions.put("agent-" + hash, squatter);
        DaemonSetPlan plan = c.sync();
        assertThat(plan.history()).containsExactly(new Step.SetCollisionCount(1));
        assertThat(plan.retry()).isTrue();
        assertThat(plan.pods()).isEmpty();
        assertThat(plan.status()).isNull();
        c.sync();
        String renamed = "agent-" + Hash.of(ds.path("spec").path("template"), 1);
        assertThat(renamed).isNotEqualTo("agent-" + hash);
        assertThat(c.revisions).containsKey(renamed);
        assertThat(c.livePods()).allSatisfy(p -> assertThat(ObjectMeta.name(c.revisions.get(renamed)))
                .endsWith(DaemonPods.hashOf(p)));
    }

    // rule 19: the oldest old revisions beyond the limit go, but not one a pod still carries
    @Test
    void revisionsBeyondTheLimitGoOldestFirstUnlessAPodCarriesTheirHash() {
        FakeDaemonCluster c = new FakeDaemonCluster(onDelete("agent"), "n1").converge();
        ((ObjectNode) c.ds.get("spec")).put("revisionHistoryLimit", 1);
        String first = c.revisions.keySet().iterator().next();
        for (String image : List.of("img:2", "img:3", "img:4")) {
            c.image(image);
            c.sync();
        }
        assertThat(c.revisions).hasSize(2).containsKey(first);
        assertThat(c.revisions.get(first).path("revision").asLong()).isEqualTo(1);
        assertThat(revisionsByNumber(c).get(1)).endsWith("@4");
    }

    // rule 19: a limit of 0 keeps only the current revision and those pods carry
    @Test
    void aLimitOfZeroKeepsOnlyLiveRevisions() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", spec -> spec.put("revisionHistoryLimit", 0)), "n1")
                .converge();
        c.image("img:2");
        c.converge();
        assertThat(revisionsByNumber(c)).singleElement().satisfies(r -> assertThat(r).endsWith("@2"));
    }

    // rule 20: an orphan of the current template is adopted, labelled with its name and used as is
    @Test
    void anOrphanRevisionIsAdoptedAndLabelledWithItsName() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        c.revisions.put("legacy", revision(ds, "legacy", 1, null));
        DaemonSetPlan plan = c.sync();
        assertThat(plan.history()).hasSize(2);
        assertThat(plan.history().get(0)).isInstanceOf(Step.SetOwnerReferences.class);
        assertThat(plan.history().get(1)).isEqualTo(new Step.LabelRevision("legacy"));
        assertThat(c.revisions).containsOnlyKeys("legacy");
        assertThat(c.livePods()).allSatisfy(p -> assertThat(DaemonPods.hashOf(p)).isEqualTo("legacy"));
    }

    // rule 20: a controlled revision whose labels stop matching is released
    @Test
    void aRevisionThatNoLongerMatchesIsReleased() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1").converge();
        ObjectNode stray = revision(ds("x"), "stray", 7, "s");
        ((ObjectNode) stray.get("metadata")).putArray("ownerReferences").add(Refs.controllerRef(ds));
        ((ObjectNode) stray.get("metadata").get("labels")).put("app", "x");
        c.revisions.put("stray", stray);
        DaemonSetPlan plan = c.sync();
        assertThat(plan.history()).singleElement().satisfies(s -> assertThat(s.toString())
                .startsWith("SetOwnerReferences[kind=ControllerRevision, name=stray, uid=stray-uid, ownerReferences=[]"));
    }

    // rule 20: duplicates of the current template: the highest number stays, pods are relabelled first
    @Test
    void duplicatesOfTheCurrentRevisionAreMergedIntoTheNewest() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        for (ObjectNode r : List.of(revision(ds, "dup-a", 3, "ha"), revision(ds, "dup-b", 5, "hb"))) {
            ((ObjectNode) r.get("metadata")).putArray("ownerReferences").add(Refs.controllerRef(ds));
            c.revisions.put(ObjectMeta.name(r), r);
        }
        c.pods.put("old", pod(ds, "old", "n1", "ha", T0));
        DaemonSetPlan plan = c.sync();
        assertThat(plan.history()).containsExactly(new Step.RelabelPod("old", "hb"), new Step.DeleteRevision("dup-a"));
        assertThat(c.revisions).containsOnlyKeys("dup-b");
        assertThat(c.revisions.get("dup-b").path("revision").asLong()).isEqualTo(5);
    }

    // rule 17
    @Test
    void theHashIsFnv32aOfTheRevisionDataSafeEncoded() {
        assertThat(Integer.toHexString(Hash.fnv32a(0x811c9dc5, new byte[0]))).isEqualTo("811c9dc5");
        assertThat(Integer.toHexString(Hash.fnv32a(0x811c9dc5, "a".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("e40c292c");
        assertThat(Integer.toHexString(Hash.fnv32a(0x811c9dc5, "foobar".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("bf9cf968");
        JsonNode template = ds("agent").path("spec").path("template");
        String hash = Hash.of(template, null);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}").isEqualTo(Hash.of(template.deepCopy(), null));
        assertThat(Hash.of(template, 0)).isNotEqualTo(hash);
        assertThat(Hash.of(template, 1)).isNotEqualTo(Hash.of(template, 0));
        assertThat(Hash.of(ds("other").path("spec").path("template"), null)).isNotEqualTo(hash);
    }
}
