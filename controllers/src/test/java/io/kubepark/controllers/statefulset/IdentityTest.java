package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.pod;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void podNameIsTheSetNameAndThePlainDecimalOrdinal() {
        assertThat(Identity.podName("web", 0)).isEqualTo("web-0");
        assertThat(Identity.podName("web", 12)).isEqualTo("web-12");
        assertThat(Identity.claimName("data", "web", 3)).isEqualTo("data-web-3");
    }

    @Test
    void parentNameIsGreedyAndOrdinalIsTheTrailingNumber() {
        assertThat(Identity.parse("my-web-3")).isEqualTo(new Identity.ParsedName("my-web", 3));
        assertThat(Identity.parse("web-007")).isEqualTo(new Identity.ParsedName("web", 7));
        assertThat(Identity.parse("web-2147483647").ordinal()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void namesWithoutANumberOrBeyondInt32HaveNoOrdinal() {
        assertThat(Identity.parse("web")).isEqualTo(new Identity.ParsedName("", -1));
        assertThat(Identity.parse("web-x")).isEqualTo(new Identity.ParsedName("", -1));
        assertThat(Identity.parse("web-2147483648")).isEqualTo(new Identity.ParsedName("web", -1));
    }

    @Test
    void replicasAreTheOrdinalsFromStartForReplicasAndOthersAreCondemned() {
        JsonNode s = set("web").replicas(3).start(2).build();
        assertThat(Identity.startOrdinal(s)).isEqualTo(2);
        assertThat(Identity.endOrdinal(s)).isEqualTo(4);
        assertThat(Identity.inOrdinalRange(s, 1)).isFalse();
        assertThat(Identity.inOrdinalRange(s, 2)).isTrue();
        assertThat(Identity.inOrdinalRange(s, 4)).isTrue();
        assertThat(Identity.isCondemned(s, 5)).isTrue();
        assertThat(Identity.isCondemned(s, 0)).isTrue();
        assertThat(Identity.isCondemned(s, -1)).isFalse();
    }

    @Test
    void aNewPodCarriesTemplateMetadataIdentityLabelsHostnameAndTheControllerRef() {
        ObjectNode s = set("web").claimTemplate("data").build();
        ((ObjectNode) s.at("/spec/template/metadata")).putObject("annotations").put("a", "b");
        ObjectNode pod = Identity.newPod(s, s.at("/spec/template"), 1);

        assertThat(ObjectMeta.name(pod)).isEqualTo("web-1");
        assertThat(ObjectMeta.namespace(pod)).isEqualTo("ns");
        assertThat(pod.has("generateName")).isFalse();
        assertThat(ObjectMeta.labels(pod)).containsEntry("app", "web")
                .containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                .containsEntry("apps.kubernetes.io/pod-index", "1");
        assertThat(pod.at("/metadata/annotations/a").asText()).isEqualTo("b");
        assertThat(pod.at("/spec/hostname").asText()).isEqualTo("web-1");
        assertThat(pod.at("/spec/subdomain").asText()).isEqualTo("web");
        assertThat(pod.at("/metadata/ownerReferences/0").toString()).isEqualTo(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"web\",\"uid\":\"web-uid\","
                        + "\"controller\":true,\"blockOwnerDeletion\":true}");
        assertThat(pod.at("/spec/volumes/0").toString())
                .isEqualTo("{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-web-1\"}}");
    }

    @Test
    void anEmptyServiceNameLeavesTheSubdomainOut() {
        ObjectNode s = set("web").build();
        ((ObjectNode) s.get("spec")).put("serviceName", "");
        assertThat(Identity.newPod(s, s.at("/spec/template"), 0).at("/spec").has("subdomain")).isFalse();
    }

    @Test
    void claimVolumesReplaceSameNamedTemplateVolumesAndComeFirst() {
        ObjectNode s = set("web").claimTemplate("data").build();
        ObjectNode podSpec = (ObjectNode) s.at("/spec/template/spec");
        podSpec.putArray("volumes").addObject().put("name", "cache").putObject("emptyDir");
        ((com.fasterxml.jackson.databind.node.ArrayNode) podSpec.get("volumes")).addObject().put("name", "data")
                .putObject("emptyDir");
        ObjectNode pod = Identity.newPod(s, s.at("/spec/template"), 0);
        assertThat(pod.at("/spec/volumes").size()).isEqualTo(2);
        assertThat(pod.at("/spec/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("data-web-0");
        assertThat(pod.at("/spec/volumes/1/name").asText()).isEqualTo("cache");
    }

    @Test
    void claimLabelsAreTemplateLabelsWithSelectorMatchLabelsMergedOver() {
        ObjectNode s = set("web").claimTemplate("data").build();
        ObjectNode labels = ((ObjectNode) s.at("/spec/volumeClaimTemplates/0/metadata")).putObject("labels");
        labels.put("app", "other");
        labels.put("tier", "db");
        ObjectNode claim = Identity.claims(s, 2).get("data");
        assertThat(ObjectMeta.name(claim)).isEqualTo("data-web-2");
        assertThat(ObjectMeta.namespace(claim)).isEqualTo("ns");
        assertThat(ObjectMeta.labels(claim)).containsEntry("app", "web").containsEntry("tier", "db");
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("1Gi");
    }

    @Test
    void claimsWithoutTemplateLabelsGetTheMatchLabels() {
        ObjectNode s = set("web").claimTemplate("data").build();
        assertThat(ObjectMeta.labels(Identity.claims(s, 0).get("data"))).containsExactly(java.util.Map.entry("app",
                "web"));
    }

    @Test
    void identityNeedsTheNameTheNamespaceAndThePodNameLabel() {
        JsonNode s = set("web").build();
        assertThat(Identity.identityMatches(s, pod("web-0").memberOf(s).build())).isTrue();
        assertThat(Identity.identityMatches(s, pod("web-0").build())).isFalse();
        assertThat(Identity.identityMatches(s, pod("web-00").label(Identity.POD_NAME_LABEL,
                "web-00").build())).isFalse();
        assertThat(Identity.identityMatches(s, pod("db-0").label(Identity.POD_NAME_LABEL, "db-0").build())).isFalse();
        ObjectNode otherNamespace = pod("web-0").memberOf(s).build();
        ((ObjectNode) otherNamespace.get("metadata")).put("namespace", "other");
        assertThat(Identity.identityMatches(s, otherNamespace)).isFalse();
    }

    @Test
    void storageMatchesOnlyWhenEveryTemplateHasItsExactClaimVolume() {
        ObjectNode s = set("web").claimTemplate("data").build();
        ObjectNode good = Identity.newPod(s, s.at("/spec/template"), 0);
        assertThat(Identity.storageMatches(s, good)).isTrue();
        ObjectNode wrong = good.deepCopy();
        ((ObjectNode) wrong.at("/spec/volumes/0/persistentVolumeClaim")).put("claimName", "data-web-1");
        assertThat(Identity.storageMatches(s, wrong)).isFalse();
        assertThat(Identity.storageMatches(s, pod("web-0").build())).isFalse();
    }

    @Test
    void repairRestoresIdentityLabelsAndStorageButNotTheRevision() {
        ObjectNode s = set("web").claimTemplate("data").build();
        ObjectNode broken = pod("web-1").revision("web-old").build();
        Identity.updateIdentity(s, broken);
        Identity.updateStorage(s, broken);
        assertThat(Identity.identityMatches(s, broken)).isTrue();
        assertThat(Identity.storageMatches(s, broken)).isTrue();
        assertThat(Identity.revisionOf(broken)).isEqualTo("web-old");
    }
}
