package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CustomResourceDefinitions and their objects through fabric8: schema, pruning, defaults, subresources (A16). */
class CustomResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup("example.com").withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true)
            .build();
    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                additionalPrinterColumns:
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [image]
                        properties:
                          image: {type: string}
                          replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                          mode: {type: string, enum: [fast, safe], default: safe}
                          labels: {type: object, additionalProperties: {type: string}}
                          free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """;
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(new java.io.ByteArrayInputStream(CRD.getBytes(StandardCharsets.UTF_8))).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com")
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                        10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }

    private static GenericKubernetesResource create(GenericKubernetesResource r) {
        return client.genericKubernetesResources(WIDGETS).inNamespace("default").resource(r).create();
    }

    @Test
    void theDefinitionIsEstablishedAndDiscovered() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("widgets.example.com").get();
        assertThat(crd.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
        assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
        assertThat(crd.getMetadata().getFinalizers()).contains("customresourcecleanup.apiextensions.k8s.io");
        assertThat(client.getApiResources("example.com/v1").getResources()).extracting(r -> r.getName())
                .contains("widgets", "widgets/status", "widgets/scale");
    }

    @Test
    void theDefinitionsSchemaIsInTheOpenApiDocumentOfItsGroupVersion() throws Exception {
        JsonNode index = JSON.readTree(Clients.get(park, "/openapi/v3").body());
        String url = index.path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/example.com/v1?hash=");
        JsonNode doc = JSON.readTree(Clients.get(park, url).body());
        JsonNode widget = doc.path("components").path("schemas").path("com.example.v1.Widget");
        assertThat(widget.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Widget");
        assertThat(widget.path("properties").path("spec").path("properties").path("replicas").path("maximum").asInt())
                .isEqualTo(10);
        JsonNode patch = doc.path("paths").path("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Widget");
        assertThat(patch.path("parameters").toString()).contains("fieldValidation");
    }

    @Test
    void unknownFieldsArePrunedAndDefaultsApplied() {
        GenericKubernetesResource w = create(widget("pruned", Map.of("image", "nginx", "extra", "dropped",
                "free", Map.of("anything", 1), "labels", Map.of("a", "b"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) w.getAdditionalProperties().get("spec");
        assertThat(spec).doesNotContainKey("extra").containsEntry("replicas", 1).containsEntry("mode", "safe")
                .containsEntry("free", Map.of("anything", 1)).containsEntry("labels", Map.of("a", "b"));
        assertThat(w.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void schemaViolationsAreInvalidWithTheValidatorsMessages() {
        assertThatThrownBy(() -> create(widget("bad", Map.of("image", "x", "replicas", "three"))))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Widget.example.com \"bad\" is invalid: "
                            + "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
                });
        assertThatThrownBy(() -> create(widget("bad2", Map.of("replicas", 11, "mode", "slow"))))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField() + ": " + c.getMessage())
                            .containsExactlyInAnyOrder(
                                    "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10",
                                    "spec.mode: Unsupported value: \"slow\": supported values: \"fast\", \"safe\"",
                                    "spec.image: Required value");
                });
        assertThat(client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("bad").get()).isNull();
    }

    @Test
    void strictFieldValidationRefusesUnknownFields() throws Exception {
        var r = Clients.send(park, "POST", "/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict",
                "application/json", ("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"strict\"},"
                        + "\"spec\":{\"image\":\"x\",\"bogus\":1}}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText())
                .isEqualTo("strict decoding error: unknown field \"spec.bogus\"");
    }

    @Test
    void statusAndScaleSubresourcesSplitTheObject() {
        create(widget("split", Map.of("image", "nginx", "replicas", 2)));
        var resource = client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("split");
        GenericKubernetesResource withStatus = resource.editStatus(w -> {
            w.setAdditionalProperty("status", Map.of("replicas", 2));
            return w;
        });
        assertThat(withStatus.getAdditionalProperties().get("status")).isEqualTo(Map.of("replicas", 2));
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);
        GenericKubernetesResource specWrite = resource.edit(w -> {
            w.setAdditionalProperty("status", Map.of("replicas", 99));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) w.getAdditionalProperties().get("spec"));
            spec.put("replicas", 3);
            w.setAdditionalProperty("spec", spec);
            return w;
        });
        assertThat(specWrite.getAdditionalProperties().get("status")).isEqualTo(Map.of("replicas", 2));
        assertThat(specWrite.getMetadata().getGeneration()).isEqualTo(2L);
        JsonNode scale = JSON.valueToTree(resource.scale());
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(2);
        resource.scale(5);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) resource.get().getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("replicas", 5);
    }

    @Test
    void aDefinitionNameMustMatchItsNames() {
        String wrong = CRD.replace("name: widgets.example.com", "name: gadgets.example.com");
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(new java.io.ByteArrayInputStream(wrong.getBytes(StandardCharsets.UTF_8))).item();
        assertThatThrownBy(() -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("metadata.name: Invalid value: \"gadgets.example.com\": "
                            + "must be spec.names.plural+\".\"+spec.group");
                });
    }

    @Test
    void deletingADefinitionDeletesItsObjectsFirst() {
        String things = CRD.replace("widgets", "things").replace("Widget", "Thing").replace("widget", "thing")
                .replace("[wd]", "[th]");
        client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1()
                .customResourceDefinitions().load(new java.io.ByteArrayInputStream(things.getBytes(StandardCharsets.UTF_8)))
                .item()).create();
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1")
                .withPlural("things").withKind("Thing").withNamespaced(true).build();
        client.genericKubernetesResources(ctx).inNamespace("default").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("example.com/v1").withKind("Thing").withNewMetadata().withName("t1").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("image", "x"))).build()).create();
        client.apiextensions().v1().customResourceDefinitions().withName("things.example.com").delete();
        await().untilAsserted(() -> assertThat(client.apiextensions().v1().customResourceDefinitions()
                .withName("things.example.com").get()).isNull());
        assertThatThrownBy(() -> client.genericKubernetesResources(ctx).inNamespace("default").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
}
