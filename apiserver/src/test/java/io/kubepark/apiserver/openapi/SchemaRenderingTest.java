package io.kubepark.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering rules on a small hand-made metadata document. */
class SchemaRenderingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String META = """
            {"gvk": {"example.io/v1/Widget": "io.k8s.api.example.v1.Widget"},
             "definitions": {
               "io.k8s.api.example.v1.Widget": {"type": "object", "properties": {
                 "spec": {"ref": "io.k8s.api.example.v1.WidgetSpec"},
                 "parts": {"array": {"ref": "io.k8s.api.example.v1.Part"}, "listType": "map",
                           "listMapKeys": ["name"], "patchStrategy": "merge", "patchMergeKey": "name"},
                 "owner": {"ref": "io.k8s.api.example.v1.Part", "mapType": "atomic"},
                 "labels": {"map": {"type": "string"}}}},
               "io.k8s.api.example.v1.WidgetSpec": {"type": "object", "properties": {"size": {"type": "integer"}}},
               "io.k8s.api.example.v1.Part": {"type": "object", "properties": {"name": {"type": "string"}}},
               "io.k8s.api.example.v1.Unused": {"type": "object"}
             }}
            """;

    private final OpenApi api;

    SchemaRenderingTest() throws Exception {
        Schemas schemas = Schemas.load(new ByteArrayInputStream(META.getBytes(StandardCharsets.UTF_8)),
                new ClassLoader(null) {});
        api = new OpenApi(List.of(new OpenApi.Resource("example.io", "v1", "widgets", "Widget", true,
                List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"),
                List.of("status"))), schemas, "v1.33.1");
    }

    @Test
    void aReferenceWithSiblingsIsWrappedInAllOfInV3Only() throws Exception {
        JsonNode v3 = MAPPER.readTree(api.v3("apis/example.io/v1")).path("components").path("schemas");
        JsonNode owner = v3.path("io.k8s.api.example.v1.Widget").path("properties").path("owner");
        assertThat(owner.path("allOf").get(0).path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.example.v1.Part");
        assertThat(owner.path("x-kubernetes-map-type").asText()).isEqualTo("atomic");
        assertThat(owner.has("$ref")).isFalse();
        JsonNode spec = v3.path("io.k8s.api.example.v1.Widget").path("properties").path("spec");
        assertThat(spec.path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.example.v1.WidgetSpec");
        JsonNode parts = v3.path("io.k8s.api.example.v1.Widget").path("properties").path("parts");
        assertThat(parts.path("items").path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.example.v1.Part");
        assertThat(parts.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(v3.has("io.k8s.api.example.v1.Unused")).isFalse();

        JsonNode v2 = MAPPER.readTree(api.v2()).path("definitions");
        JsonNode owner2 = v2.path("io.k8s.api.example.v1.Widget").path("properties").path("owner");
        assertThat(owner2.path("$ref").asText()).isEqualTo("#/definitions/io.k8s.api.example.v1.Part");
        assertThat(owner2.path("x-kubernetes-map-type").asText()).isEqualTo("atomic");
        assertThat(v2.path("io.k8s.api.example.v1.Widget").path("properties").path("labels")
                .path("additionalProperties").path("type").asText()).isEqualTo("string");
    }

    @Test
    void pathsFollowTheVerbs() throws Exception {
        JsonNode paths = MAPPER.readTree(api.v3("apis/example.io/v1")).path("paths");
        assertThat(paths.path("/apis/example.io/v1/namespaces/{namespace}/widgets/{name}/status").path("patch")
                .path("operationId").asText()).isEqualTo("patchExampleIoV1NamespacedWidgetStatus");
        assertThat(paths.path("/apis/example.io/v1/widgets").path("get").path("operationId").asText())
                .isEqualTo("listExampleIoV1WidgetForAllNamespaces");
        assertThat(paths.path("/apis/example.io/v1/watch/widgets").path("get").path("x-kubernetes-action").asText())
                .isEqualTo("watchlist");
        assertThat(paths.path("/apis/example.io/v1/").path("get").path("operationId").asText())
                .isEqualTo("getExampleIoV1APIResources");
    }
}
