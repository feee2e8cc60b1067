package io.kubepark.controllers.deployment;

import static io.kubepark.controllers.deployment.DeploymentFixtures.deployment;
import static io.kubepark.controllers.deployment.DeploymentFixtures.rolling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The helpers of deployment_util.go: fenceposts, annotations, template equality and the hash. */
class RolloutsTest {

    @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2} -> {3}/{4}")
    @CsvSource({
            "10, 25%, 25%, 3, 2",
            "4, 25%, 25%, 1, 1",
            "1, 25%, 25%, 1, 0",
            "5, 0%, 10%, 0, 1",
            "3, 0, 5, 0, 3",
            "0, 25%, 25%, 0, 0",
            "10, 3, 2, 3, 2"})
    void surgeRoundsUpUnavailableRoundsDownAndBothZeroMakeOneUnavailable(int replicas, String surge,
                                                                          String unavailable, int wantSurge,
                                                                          int wantUnavailable) {
        // D9
        ObjectNode d = rolling(deployment(replicas), value(surge), value(unavailable));
        assertThat(Rollouts.maxSurge(d)).isEqualTo(wantSurge);
        assertThat(Rollouts.maxUnavailable(d)).isEqualTo(wantUnavailable);
    }

    private static Object value(String text) {
        return text.endsWith("%") ? text : (Object) Integer.parseInt(text);
    }

    @Test
    void recreateHasNeitherSurgeNorUnavailable() {
        // D9
        ObjectNode d = deployment(4);
        ((ObjectNode) d.at("/spec/strategy")).put("type", "Recreate");
        assertThat(Rollouts.maxSurge(d)).isZero();
        assertThat(Rollouts.maxUnavailable(d)).isZero();
    }

    @Test
    void aRaisedRevisionIsRememberedInTheHistoryWithinTwoThousandCharacters() {
        // D7
        ObjectNode d = deployment(1);
        ((ObjectNode) d.path("metadata")).putObject("annotations").put("team", "parks")
                .put(Rollouts.LAST_APPLIED, "{}");
        ObjectNode rs = DeploymentFixtures.replicaSet(d, "nginx:1.27", 1, 2, "2025-01-01T00:00:00Z");
        assertThat(Rollouts.setNewReplicaSetAnnotations(d, rs, "5", true)).isTrue();
        JsonNode annotations = rs.at("/metadata/annotations");
        assertThat(annotations.path(Rollouts.REVISION).asText()).isEqualTo("5");
        assertThat(annotations.path(Rollouts.REVISION_HISTORY).asText()).isEqualTo("2");
        assertThat(annotations.path("team").asText()).isEqualTo("parks");
        assertThat(annotations.has(Rollouts.LAST_APPLIED)).isFalse();
        assertThat(Rollouts.setNewReplicaSetAnnotations(d, rs, "7", true)).isTrue();
        assertThat(rs.at("/metadata/annotations").path(Rollouts.REVISION_HISTORY).asText()).isEqualTo("2,5");
        assertThat(Rollouts.setNewReplicaSetAnnotations(d, rs, "6", true)).as("never lowered").isFalse();

        String long1999 = "1" + ",1".repeat(999);
        ((ObjectNode) rs.at("/metadata/annotations")).put(Rollouts.REVISION_HISTORY, long1999);
        Rollouts.setNewReplicaSetAnnotations(d, rs, "8", true);
        String history = rs.at("/metadata/annotations").path(Rollouts.REVISION_HISTORY).asText();
        assertThat(history.length()).isLessThanOrEqualTo(2000);
        assertThat(history).endsWith(",7").startsWith("1,1");
    }

    @Test
    void templatesCompareSemanticallyAndWithoutTheHashLabel() throws Exception {
        // D4
        JsonNode stored = Json.MAPPER.readTree("{\"metadata\":{\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"abc\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\"}]}}");
        JsonNode patched = Json.MAPPER.readTree("{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"image\":\"nginx\",\"name\":\"nginx\",\"resources\":{}}],\"volumes\":[]}}");
        assertThat(Rollouts.equalIgnoreHash(stored, patched)).isTrue();
        ((ObjectNode) patched.at("/spec/containers/0")).put("image", "nginx:2");
        assertThat(Rollouts.equalIgnoreHash(stored, patched)).isFalse();
    }

    @Test
    void theTemplateHashIsStableShapedLikeKubernetesAndMovesWithTheCollisionCount() {
        // D5, D6
        JsonNode template = deployment(1).at("/spec/template");
        String hash = TemplateHash.of(template, null);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}").isEqualTo(TemplateHash.of(template.deepCopy(), null));
        assertThat(TemplateHash.of(template, 1)).isNotEqualTo(hash).isNotEqualTo(TemplateHash.of(template, 2));
        ObjectNode reordered = Json.object();
        reordered.set("spec", template.path("spec"));
        reordered.set("metadata", template.path("metadata"));
        assertThat(TemplateHash.of(reordered, null)).as("field order does not matter").isEqualTo(hash);
    }

    @Test
    void proportionsFollowTheMaxReplicasAnnotationRoundedHalfAwayFromZero() {
        // D14: 10 → 20 replicas with maxSurge 3 during a rollout of old 8 / new 5
        ObjectNode d = rolling(deployment(20), 3, 2);
        ObjectNode old = DeploymentFixtures.replicaSet(d, "nginx:1.27", 8, 1, "2025-01-01T00:00:00Z");
        ((ObjectNode) old.at("/metadata/annotations")).put(Rollouts.MAX_REPLICAS, "13");
        assertThat(Rollouts.proportion(old, d, 10, 0, 13)).isEqualTo(6);
        assertThat(Rollouts.roundToInt32(2.5)).isEqualTo(3);
        assertThat(Rollouts.roundToInt32(-2.5)).isEqualTo(-3);
    }
}
