package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.GoJson;
import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = RevisionsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void goldenRevisionOfKubernetes133HasTheSameDataBytesAndName() throws IOException {
        JsonNode set = Json.MAPPER.readTree(resource("revision-1.33-set.json"));
        List<String> golden = resource("revision-1.33.golden").lines().toList();

        byte[] data = GoJson.bytes(Revisions.data(set.at("/spec/template")));
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(golden.get(0));
        assertThat(Revisions.name("test", Revisions.hash(data, 0))).isEqualTo(golden.get(1));
    }

    @Test
    void hashIsFnv1NotFnv1a() {
        assertThat(Integer.toHexString(Revisions.fnv32(new byte[0]))).isEqualTo("811c9dc5");
        assertThat(Integer.toHexString(Revisions.fnv32("a".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("50c5d7e");
        assertThat(Integer.toHexString(Revisions.fnv32("foobar".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("31f0b262");
    }

    @Test
    void safeEncodingMapsEveryDigitIntoTheVowelFreeAlphabet() {
        assertThat(Revisions.safeEncode("0123456789")).isEqualTo("456789bcdf");
        assertThat(Revisions.safeEncode("733928534")).isEqualTo("c77f6d978");
    }

    @Test
    void theCollisionCountIsPartOfTheHash() {
        byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(Revisions.hash(data, 0)).isNotEqualTo(Revisions.hash(data, 1));
    }

    @Test
    void namePrefixIsTruncatedTo223Characters() {
        String longName = "a".repeat(300);
        assertThat(Revisions.name(longName, "h")).isEqualTo("a".repeat(223) + "-h");
        assertThat(Revisions.name("web", "h")).isEqualTo("web-h");
    }

    @Test
    void onlyTheTemplateIsRecordedSoOtherSpecChangesReuseTheRevision() {
        ObjectNode a = set("web").replicas(1).build();
        ObjectNode b = set("web").replicas(5).partition(2).minReadySeconds(9).retention("Delete", "Delete").build();
        assertThat(ObjectMeta.name(Revisions.select(a, List.of(), List.of(), true).update()))
                .isEqualTo(ObjectMeta.name(Revisions.select(b, List.of(), List.of(), true).update()));
    }

    @Test
    void aNewRevisionCarriesTemplateLabelsTheHashLabelSetAnnotationsAndTheControllerRef() {
        ObjectNode s = set("web").build();
        ((ObjectNode) s.get("metadata")).putObject("annotations").put("note", "x");
        Revisions.Selection selection = Revisions.select(s, List.of(), List.of(), true);
        assertThat(selection.steps()).hasSize(1);
        ObjectNode revision = ((Step.CreateRevision) selection.steps().get(0)).revision();
        String hash = ObjectMeta.labels(revision).get(Revisions.HASH_LABEL);
        assertThat(ObjectMeta.name(revision)).isEqualTo("web-" + hash);
        assertThat(ObjectMeta.labels(revision)).containsEntry("app", "web");
        assertThat(revision.at("/metadata/annotations/note").asText()).isEqualTo("x");
        assertThat(revision.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("web-uid");
        assertThat(revision.get("revision").asLong()).isEqualTo(1);
        assertThat(revision.at("/data/spec/template/$patch").asText()).isEqualTo("replace");
        assertThat(selection.current()).isSameAs(selection.update());
    }

    @Test
    void aNameTakenByOtherDataBumpsTheCollisionCountButKeepsTheFirstHashLabel() {
        ObjectNode s = set("web").build();
        ObjectNode first = ((Step.CreateRevision) Revisions.select(s, List.of(), List.of(), true).steps().get(0))
                .revision();
        ObjectNode squatter = first.deepCopy();
        ((ObjectNode) squatter.at("/data/spec")).put("other", true);
        ((ObjectNode) squatter.get("metadata")).remove("ownerReferences");
        ((ObjectNode) squatter.get("metadata")).putObject("labels").put("unrelated", "x");

        Revisions.Selection selection = Revisions.select(s, List.of(), List.of(squatter), true);
        assertThat(selection.collisionCount()).isEqualTo(1);
        ObjectNode created = ((Step.CreateRevision) selection.steps().get(0)).revision();
        assertThat(ObjectMeta.name(created)).isNotEqualTo(ObjectMeta.name(first))
                .isEqualTo(Revisions.name("web", Revisions.hash(GoJson.bytes(created.get("data")), 1)));
        assertThat(ObjectMeta.labels(created).get(Revisions.HASH_LABEL))
                .isEqualTo(ObjectMeta.labels(first).get(Revisions.HASH_LABEL));
    }

    @Test
    void aNameTakenByTheSameDataIsReusedWithoutAWrite() {
        ObjectNode s = set("web").build();
        ObjectNode existing = ((Step.CreateRevision) Revisions.select(s, List.of(), List.of(), true).steps().get(0))
                .revision();
        ((ObjectNode) existing.get("metadata")).putObject("labels").put("unrelated", "x");
        Revisions.Selection selection = Revisions.select(s, List.of(), List.of(existing), true);
        assertThat(selection.steps()).isEmpty();
        assertThat(ObjectMeta.name(selection.update())).isEqualTo(ObjectMeta.name(existing));
    }

    @Test
    void historyKeepsLiveRevisionsAndTheNewestNonLiveUpToTheLimit() {
        ObjectNode s = set("web").revisionHistoryLimit(2).build();
        List<JsonNode> owned = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ObjectNode r = Json.object();
            r.putObject("metadata").put("name", "r" + i);
            r.put("revision", i);
            owned.add(r);
        }
        List<Step> steps = Revisions.truncate(s, owned, java.util.Set.of("r1", "r6"));
        assertThat(steps).containsExactly(new Step.DeleteRevision("r2"), new Step.DeleteRevision("r3"));
        assertThat(Revisions.truncate(set("web").revisionHistoryLimit(-1).build(), owned, java.util.Set.of()))
                .isEmpty();
    }
}
