package io.kubepark;

import static io.kubepark.StatefulSetFixture.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StatefulSet defaults and validation as a v1.33 API server applies them (A11), with nothing stored on a 422. */
class StatefulSetValidationTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().nodes(0).start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static String rejected(StatefulSetBuilder builder) {
        StatefulSet s = builder.build();
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                () -> client.apps().statefulSets().inNamespace("default").resource(s).create());
        assertThat(e).as("a 422 for " + s.getMetadata().getName()).isNotNull();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(client.apps().statefulSets().inNamespace("default").withName(s.getMetadata().getName()).get())
                .isNull();
        return e.getStatus().getMessage();
    }

    @Test
    void defaultsAreThoseOfAV133Server() {
        StatefulSet s = client.apps().statefulSets().inNamespace("default").resource(set("defaults", 1, true)
                .build()).create();
        assertThat(s.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(s.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(s.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(s.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getVolumeMode()).isEqualTo("Filesystem");
    }

    @Test
    void badSpecsAreRefusedWithTheRealMessages() {
        assertThat(rejected(set("policy", 1, false).editSpec().withPodManagementPolicy("Sometimes").endSpec()))
                .contains("spec.podManagementPolicy: Unsupported value: \"Sometimes\": supported values: "
                        + "\"OrderedReady\", \"Parallel\"");
        assertThat(rejected(set("restart", 1, false).editSpec().editTemplate().editSpec().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec()))
                .contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assertThat(rejected(set("partition", 1, false).editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(-1).endRollingUpdate().endUpdateStrategy().endSpec()))
                .contains("spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or "
                        + "equal to 0");
        assertThat(rejected(set("ondelete", 1, false).editSpec().withNewUpdateStrategy().withType("OnDelete")
                .withNewRollingUpdate().withPartition(1).endRollingUpdate().endUpdateStrategy().endSpec()))
                .contains("only allowed for updateStrategy 'RollingUpdate'");
        assertThat(rejected(set("mismatch", 1, false).editSpec().editTemplate().editMetadata()
                .withLabels(java.util.Map.of("other", "x")).endMetadata().endTemplate().endSpec()))
                .contains("`selector` does not match template `labels`");
        assertThat(rejected(set("Upper.Case", 1, false))).contains("metadata.name");
    }

    @Test
    void onlyTheUpdatableFieldsOfTheSpecMayChange() {
        client.apps().statefulSets().inNamespace("default").resource(set("frozen", 1, false).build()).create();
        park.awaitIdle();
        UnaryOperator<StatefulSet> changeService = s -> {
            s.getSpec().setServiceName("other");
            return s;
        };
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                () -> client.apps().statefulSets().inNamespace("default").withName("frozen").edit(changeService));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getMessage()).contains("spec: Forbidden: updates to statefulset spec for fields other "
                + "than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' "
                + "and 'minReadySeconds' are forbidden");
        client.apps().statefulSets().inNamespace("default").withName("frozen").edit(s -> {
            s.getSpec().setReplicas(3);
            s.getSpec().setMinReadySeconds(5);
            return s;
        });
        assertThat(client.apps().statefulSets().inNamespace("default").withName("frozen").get().getSpec()
                .getReplicas()).isEqualTo(3);
    }
}
