package io.kubepark.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelDocsTest {

    private final ModelDocs docs = new ModelDocs(ModelDocsTest.class.getClassLoader());

    @Test
    void mapsDefinitionNamesToClientJavaModelClasses() {
        assertThat(docs.forDefinition("io.k8s.api.apps.v1.StatefulSetSpec").className()).isEqualTo("V1StatefulSetSpec");
        assertThat(docs.forDefinition("io.k8s.api.core.v1.Pod").className()).isEqualTo("V1Pod");
        assertThat(docs.forDefinition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").className()).isEqualTo("V1ObjectMeta");
        assertThat(docs.forDefinition("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").className())
                .isEqualTo("V1LabelSelector");
        assertThat(docs.forDefinition("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler").className())
                .isEqualTo("V2HorizontalPodAutoscaler");
        assertThat(docs.forDefinition("io.k8s.api.core.v1.Event").className()).isEqualTo("CoreV1Event");
        assertThat(docs.forDefinition("io.k8s.api.events.v1.Event").className()).isEqualTo("EventsV1Event");
        assertThat(docs.forDefinition("io.k8s.api.discovery.v1.EndpointPort").className()).isEqualTo("DiscoveryV1EndpointPort");
        assertThat(docs.forDefinition("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")
                .className()).isEqualTo("V1CustomResourceDefinition");
        assertThat(docs.forDefinition("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference").className())
                .isEqualTo("ApiregistrationV1ServiceReference");
        assertThat(docs.forDefinition("io.k8s.apimachinery.pkg.version.Info").className()).isEqualTo("VersionInfo");
        assertThat(docs.forDefinition("io.k8s.apimachinery.pkg.util.intstr.IntOrString")).isNull();
        assertThat(docs.forDefinition("io.k8s.apimachinery.pkg.api.resource.Quantity")).isNull();
    }

    @Test
    void readsDescriptionsJsonNamesTypesAndRequiredFields() {
        ModelDocs.ClassDoc spec = docs.forDefinition("io.k8s.api.apps.v1.StatefulSetSpec");
        assertThat(spec.description()).contains("StatefulSet");
        assertThat(spec.fields().get("podManagementPolicy").description()).contains("OrderedReady");
        assertThat(spec.fields().get("replicas").descriptor()).isEqualTo("Ljava/lang/Integer;");
        assertThat(spec.required()).contains("selector", "template");
        ModelDocs.ClassDoc listMeta = docs.forDefinition("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta");
        assertThat(listMeta.fields().get("continue").description()).isNotBlank(); // Java field _continue
        ModelDocs.ClassDoc props = docs.forDefinition(
                "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
        assertThat(props.fields()).containsKeys("$ref", "x-kubernetes-int-or-string");
        assertThat(props.fields().get("x-kubernetes-int-or-string").description()).isNotBlank();
    }

    @Test
    void typeArgumentsOfGenericSignatures() {
        assertThat(Schemas.typeArgument("Ljava/util/Map<Ljava/lang/String;[B>;", 1)).isEqualTo("[B");
        assertThat(Schemas.typeArgument("Ljava/util/List<Ljava/lang/Integer;>;", 0)).isEqualTo("Ljava/lang/Integer;");
        assertThat(Schemas.typeArgument("Ljava/util/Map<Ljava/lang/String;Ljava/util/List<Ljava/lang/String;>;>;", 1))
                .isEqualTo("Ljava/util/List<Ljava/lang/String;>;");
    }
}
