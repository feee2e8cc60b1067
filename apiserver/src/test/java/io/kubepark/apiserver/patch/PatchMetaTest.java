package io.kubepark.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.apiserver.patch.PatchMeta.Field;
import io.kubepark.apiserver.patch.PatchMeta.ShapeKind;
import org.junit.jupiter.api.Test;

class PatchMetaTest {

    private final PatchMeta meta = PatchMeta.builtIn();

    @Test
    void loadsOnceFromTheClassPath() {
        assertThat(PatchMeta.builtIn()).isSameAs(meta);
        assertThat(meta.definitionNames()).hasSizeGreaterThan(500);
        assertThat(meta.kinds()).contains("/v1/Pod", "apps/v1/Deployment");
    }

    @Test
    void mapsApiVersionAndKindToDefinitions() {
        assertThat(meta.definitionFor("v1", "Pod")).contains("io.k8s.api.core.v1.Pod");
        assertThat(meta.definitionFor("apps/v1", "StatefulSet")).contains("io.k8s.api.apps.v1.StatefulSet");
        assertThat(meta.definitionFor("batch/v1", "CronJob")).contains("io.k8s.api.batch.v1.CronJob");
        assertThat(meta.definitionFor("apiextensions.k8s.io/v1", "CustomResourceDefinition"))
                .contains("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
        assertThat(meta.definitionFor("example.com/v1", "Widget")).isEmpty();
        assertThat(meta.definitionFor("v1", "Nope")).isEmpty();
    }

    @Test
    void knowsTheKindsAndFieldsOfV133() {
        assertThat(meta.definitionFor("networking.k8s.io/v1", "ServiceCIDR"))
                .contains("io.k8s.api.networking.v1.ServiceCIDR");
        assertThat(meta.definitionFor("networking.k8s.io/v1", "IPAddress"))
                .contains("io.k8s.api.networking.v1.IPAddress");
        Field conditions = meta.field("io.k8s.api.networking.v1.ServiceCIDRStatus", "conditions").orElseThrow();
        assertThat(conditions.patchMergeKey()).isEqualTo("type");
        assertThat(conditions.listMapKeys()).containsExactly("type");
        assertThat(meta.field("io.k8s.api.networking.v1.ServiceCIDRSpec", "cidrs").orElseThrow().listType())
                .isEqualTo("atomic");
        assertThat(meta.field("io.k8s.api.core.v1.PodStatus", "observedGeneration")).isPresent();
        assertThat(meta.field("io.k8s.api.core.v1.Lifecycle", "stopSignal")).isPresent();
        assertThat(meta.field("io.k8s.api.discovery.v1.EndpointHints", "forNodes").orElseThrow().listType())
                .isEqualTo("atomic");
        // 1.34 fields are not served by a 1.33 server
        assertThat(meta.field("io.k8s.api.core.v1.PodSpec", "hostnameOverride")).isEmpty();
    }

    @Test
    void containersMergeByName() {
        Field containers = meta.field("io.k8s.api.core.v1.PodSpec", "containers").orElseThrow();
        assertThat(containers.patchStrategies()).containsExactly("merge");
        assertThat(containers.patchMergeKey()).isEqualTo("name");
        assertThat(containers.listType()).isEqualTo("map");
        assertThat(containers.listMapKeys()).containsExactly("name");
        assertThat(containers.shape().kind()).isEqualTo(ShapeKind.ARRAY);
        assertThat(containers.shape().element().ref()).isEqualTo("io.k8s.api.core.v1.Container");
    }

    @Test
    void carriesStrategiesListTypesAndMapTypes() {
        assertThat(meta.field("io.k8s.api.core.v1.PodSpec", "volumes").orElseThrow().patchStrategies())
                .containsExactly("merge", "retainKeys");
        assertThat(meta.field("io.k8s.api.apps.v1.DeploymentSpec", "strategy").orElseThrow().patchStrategies())
                .containsExactly("retainKeys");
        assertThat(meta.field("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "selector").orElseThrow()
                .patchStrategies()).containsExactly("replace");
        Field finalizers = meta.field(PatchMeta.OBJECT_META, "finalizers").orElseThrow();
        assertThat(finalizers.patchStrategies()).containsExactly("merge");
        assertThat(finalizers.patchMergeKey()).isEmpty();
        assertThat(finalizers.listType()).isEqualTo("set");
        Field owners = meta.field(PatchMeta.OBJECT_META, "ownerReferences").orElseThrow();
        assertThat(owners.patchMergeKey()).isEqualTo("uid");
        Field tolerations = meta.field("io.k8s.api.core.v1.PodSpec", "tolerations").orElseThrow();
        assertThat(tolerations.patchStrategies()).isEmpty();
        assertThat(tolerations.listType()).isEqualTo("atomic");
        assertThat(meta.field("io.k8s.api.core.v1.PodSpec", "nodeSelector").orElseThrow().mapType())
                .isEqualTo("atomic");
        assertThat(meta.field("io.k8s.api.core.v1.ServiceSpec", "ports").orElseThrow().listMapKeys())
                .containsExactly("port", "protocol");
        assertThat(meta.definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString").orElseThrow().format())
                .isEqualTo("int-or-string");
        assertThat(meta.definition("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").orElseThrow().mapType())
                .isEqualTo("atomic");
    }

    @Test
    void everyReferenceResolves() {
        for (String name : meta.definitionNames()) {
            for (Field f : meta.definition(name).orElseThrow().properties().values()) {
                PatchMeta.Shape s = f.shape();
                while (s.kind() == ShapeKind.ARRAY || s.kind() == ShapeKind.MAP) {
                    s = s.element();
                }
                if (s.kind() == ShapeKind.REF) {
                    assertThat(meta.definition(s.ref())).as(name + "." + f.name()).isPresent();
                }
            }
        }
    }
}
