package io.kubepark.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static OpenApi api;

    /** The served resources, read from the server's own resources.json. */
    static List<OpenApi.Resource> servedResources() throws IOException {
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/io/kubepark/apiserver/resources.json")) {
            assertThat(in).as("resources.json on the class path").isNotNull();
            List<OpenApi.Resource> out = new ArrayList<>();
            for (JsonNode r : MAPPER.readTree(in)) {
                List<String> verbs = new ArrayList<>();
                r.path("verbs").forEach(v -> verbs.add(v.asText()));
                List<String> subs = new ArrayList<>();
                r.path("subresources").forEach(s -> subs.add(s.path("name").asText()));
                out.add(new OpenApi.Resource(r.path("group").asText(), r.path("version").asText(),
                        r.path("resource").asText(), r.path("kind").asText(), r.path("namespaced").asBoolean(),
                        verbs, subs));
            }
            return out;
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        api = new OpenApi(servedResources());
    }

    private static JsonNode v3(String path) throws IOException {
        byte[] bytes = api.v3(path);
        assertThat(bytes).as(path).isNotNull();
        return MAPPER.readTree(bytes);
    }

    @Test
    void indexListsGroupVersionsWithTheHashesOfTheirDocuments() throws Exception {
        JsonNode index = MAPPER.readTree(api.v3Index());
        for (String key : List.of("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/autoscaling/v2", "version")) {
            String url = index.path("paths").path(key).path("serverRelativeURL").asText();
            assertThat(url).startsWith("/openapi/v3/" + key + "?hash=");
            String hash = url.substring(url.indexOf("?hash=") + 6);
            assertThat(hash).matches("[0-9A-F]{128}").isEqualTo(api.v3Hash(key)).isEqualTo(OpenApi.hash(api.v3(key)));
        }
        assertThat(api.v3Hash("/apis/apps/v1")).isEqualTo(api.v3Hash("apis/apps/v1"));
        assertThat(api.v3("apis/nope/v1")).isNull();
        assertThat(api.v3Hash("apis/nope/v1")).isNull();
        assertThat(api.v3("apis/apps/v1")).isSameAs(api.v3("/openapi/v3/apis/apps/v1?hash=X"));
    }

    @Test
    void appsV1HasAStatefulSetPatchOperationThatKubectlsFieldValidationCheckFinds() throws Exception {
        JsonNode doc = v3("apis/apps/v1");
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Kubernetes");
        assertThat(doc.path("info").path("version").asText()).isEqualTo("v1.33.1");
        JsonNode patch = doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}").path("patch");
        assertThat(patch.path("operationId").asText()).isEqualTo("patchAppsV1NamespacedStatefulSet");
        assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
        JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
        assertThat(gvk.path("group").asText()).isEqualTo("apps");
        assertThat(gvk.path("version").asText()).isEqualTo("v1");
        assertThat(gvk.path("kind").asText()).isEqualTo("StatefulSet");
        JsonNode fieldValidation = param(patch, "fieldValidation");
        assertThat(fieldValidation).isNotNull();
        assertThat(fieldValidation.path("in").asText()).isEqualTo("query");
        assertThat(fieldValidation.path("schema").path("type").asText()).isEqualTo("string");
        assertThat(fieldValidation.path("schema").path("uniqueItems").asBoolean()).isTrue();
        assertThat(param(patch, "dryRun")).isNotNull();
        assertThat(param(patch, "fieldManager")).isNotNull();
        assertThat(param(patch, "force").path("schema").path("type").asText()).isEqualTo("boolean");
        assertThat(fieldNames(patch.path("requestBody").path("content"))).contains("application/apply-patch+yaml",
                "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json");
        assertThat(patch.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.apps.v1.StatefulSet");

        JsonNode paths = doc.path("paths");
        assertThat(fieldNames(paths)).contains("/apis/apps/v1/", "/apis/apps/v1/statefulsets",
                "/apis/apps/v1/namespaces/{namespace}/statefulsets",
                "/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/status",
                "/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale",
                "/apis/apps/v1/watch/namespaces/{namespace}/statefulsets/{name}");
        JsonNode scale = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").path("patch");
        assertThat(scale.path("operationId").asText()).isEqualTo("patchAppsV1NamespacedDeploymentScale");
        assertThat(scale.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("autoscaling");
        assertThat(paths.path("/apis/apps/v1/statefulsets").path("get").path("operationId").asText())
                .isEqualTo("listAppsV1StatefulSetForAllNamespaces");
        JsonNode collection = paths.path("/apis/apps/v1/namespaces/{namespace}/statefulsets");
        assertThat(collection.path("post").path("operationId").asText()).isEqualTo("createAppsV1NamespacedStatefulSet");
        assertThat(collection.path("delete").path("x-kubernetes-action").asText()).isEqualTo("deletecollection");
        assertThat(fieldNames(doc.path("components").path("schemas"))).contains("io.k8s.api.autoscaling.v1.Scale",
                "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.api.core.v1.PodSpec",
                "io.k8s.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent");
    }

    @Test
    void coreV1PathsAreNamedAsKubeApiserverNamesThem() throws Exception {
        JsonNode paths = v3("api/v1").path("paths");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/configmaps/{name}").path("patch").path("operationId")
                .asText()).isEqualTo("patchCoreV1NamespacedConfigMap");
        assertThat(paths.path("/api/v1/configmaps").path("get").path("operationId").asText())
                .isEqualTo("listCoreV1ConfigMapForAllNamespaces");
        assertThat(paths.path("/api/v1/namespaces/{name}").path("put").path("operationId").asText())
                .isEqualTo("replaceCoreV1Namespace");
        assertThat(paths.path("/api/v1/namespaces/{name}/finalize").path("put").path("operationId").asText())
                .isEqualTo("replaceCoreV1NamespaceFinalize");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/log").path("get").path("operationId")
                .asText()).isEqualTo("readCoreV1NamespacedPodLog");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/exec").path("post").path("operationId")
                .asText()).isEqualTo("connectCoreV1PostNamespacedPodExec");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/pods/{name}/eviction").path("post")
                .path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("policy");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token").path("post")
                .path("operationId").asText()).isEqualTo("createCoreV1NamespacedServiceAccountToken");
        assertThat(paths.path("/api/v1/nodes/{name}/proxy/{path}").path("get").path("operationId").asText())
                .isEqualTo("connectCoreV1GetNodeProxyWithPath");
        assertThat(paths.has("/api/v1/namespaces/{namespace}/bindings")).isTrue();
        assertThat(paths.has("/api/v1/namespaces/{namespace}/bindings/{name}")).isFalse();
    }

    @Test
    void schemasCarryDescriptionsAndKubernetesExtensions() throws Exception {
        JsonNode schemas = v3("apis/apps/v1").path("components").path("schemas");
        JsonNode spec = schemas.path("io.k8s.api.apps.v1.StatefulSetSpec");
        assertThat(spec.path("description").asText()).isNotBlank();
        assertThat(spec.path("properties").path("podManagementPolicy").path("description").asText())
                .isNotBlank().contains("OrderedReady");
        assertThat(spec.path("properties").path("replicas").path("format").asText()).isEqualTo("int32");
        assertThat(spec.path("required").toString()).contains("selector", "template");
        // client-java keeps no description for properties that are references, so no allOf wrapper is needed
        JsonNode template = spec.path("properties").path("template");
        assertThat(template.path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec");

        JsonNode statefulSet = schemas.path("io.k8s.api.apps.v1.StatefulSet");
        JsonNode gvks = statefulSet.path("x-kubernetes-group-version-kind");
        assertThat(gvks.isArray()).isTrue();
        assertThat(gvks.get(0).path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(gvks.get(0).path("group").asText()).isEqualTo("apps");

        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.path("x-kubernetes-list-map-keys").get(0).asText()).isEqualTo("name");
        assertThat(containers.path("type").asText()).isEqualTo("array");
        assertThat(containers.path("items").path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(containers.path("description").asText()).isNotBlank();

        JsonNode maxSurge = schemas.path("io.k8s.api.apps.v1.RollingUpdateDeployment").path("properties").path("maxSurge");
        assertThat(maxSurge.path("$ref").asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        JsonNode intOrString = schemas.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.path("format").asText()).isEqualTo("int-or-string");
        assertThat(intOrString.path("x-kubernetes-int-or-string").asBoolean()).isTrue();

        assertThat(intOrString.path("description").asText()).startsWith("IntOrString is");
        JsonNode time = schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(time.path("format").asText()).isEqualTo("date-time");
        assertThat(time.path("description").asText()).doesNotStartWith("Time at");

        JsonNode selector = schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector");
        assertThat(selector.path("x-kubernetes-map-type").asText()).isEqualTo("atomic");
        JsonNode secretData = v3("api/v1").path("components").path("schemas").path("io.k8s.api.core.v1.Secret")
                .path("properties").path("data");
        assertThat(secretData.path("additionalProperties").path("format").asText()).isEqualTo("byte");
    }

    @Test
    void v2HasTheSameOperationsAndDefinitions() throws Exception {
        JsonNode v2 = MAPPER.readTree(api.v2());
        assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
        assertThat(v2.path("info").path("version").asText()).isEqualTo("v1.33.1");
        JsonNode patch = v2.path("paths").path("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}").path("patch");
        assertThat(patch.path("operationId").asText()).isEqualTo("patchAppsV1NamespacedStatefulSet");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("StatefulSet");
        JsonNode fieldValidation = param(patch, "fieldValidation");
        assertThat(fieldValidation.path("type").asText()).isEqualTo("string");
        assertThat(fieldValidation.path("uniqueItems").asBoolean()).isTrue();
        assertThat(patch.path("consumes").toString()).contains("application/strategic-merge-patch+json",
                "application/apply-patch+yaml");
        assertThat(param(patch, "body").path("schema").path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        JsonNode defs = v2.path("definitions");
        JsonNode containers = defs.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(defs.path("io.k8s.api.apps.v1.StatefulSetSpec").path("properties").path("podManagementPolicy")
                .path("description").asText()).contains("OrderedReady");
        JsonNode template = defs.path("io.k8s.api.apps.v1.StatefulSetSpec").path("properties").path("template");
        assertThat(template.path("$ref").asText()).isEqualTo("#/definitions/io.k8s.api.core.v1.PodTemplateSpec");
        assertThat(defs.path("io.k8s.api.apps.v1.StatefulSet").path("x-kubernetes-group-version-kind").get(0)
                .path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(defs.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asText())
                .isEqualTo("int-or-string");
        assertThat(v2.path("paths").has("/api/v1/namespaces/{namespace}/configmaps/{name}")).isTrue();
        assertThat(api.v2()).isSameAs(api.v2());
    }

    @Test
    void everyReferenceResolvesAndOperationIdsAreUnique() throws Exception {
        for (String key : api.v3Paths()) {
            JsonNode doc = v3(key);
            Set<String> refs = new HashSet<>();
            collectRefs(doc, refs);
            Set<String> known = new HashSet<>();
            doc.path("components").path("schemas").fieldNames().forEachRemaining(n -> known.add("#/components/schemas/" + n));
            assertThat(known).as(key).containsAll(refs);
            assertThat(doc.path("paths").size()).as(key).isPositive();
        }
        JsonNode v2 = MAPPER.readTree(api.v2());
        Set<String> refs = new HashSet<>();
        collectRefs(v2, refs);
        Set<String> known = new HashSet<>();
        v2.path("definitions").fieldNames().forEachRemaining(n -> known.add("#/definitions/" + n));
        assertThat(known).containsAll(refs);
        Set<String> ids = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v2.path("paths").fields(); it.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = it.next().getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getKey().equals("parameters") && !ids.add(op.getValue().path("operationId").asText())) {
                    duplicates.add(op.getValue().path("operationId").asText());
                }
            }
        }
        assertThat(duplicates).isEmpty();
    }

    @Test
    void everyServedKindHasASchemaWithItsGroupVersionKind() throws Exception {
        for (OpenApi.Resource r : servedResources()) {
            JsonNode schemas = v3(OpenApi.gvKey(r.group(), r.version())).path("components").path("schemas");
            String def = api.schemas().definitionFor(r.group(), r.version(), r.kind());
            assertThat(def).as(r.toString()).isNotNull();
            assertThat(schemas.path(def).path("x-kubernetes-group-version-kind").toString())
                    .as(def).contains("\"kind\":\"" + r.kind() + "\"");
        }
    }

    @Test
    void kindsMissingFromTheMetadataAreCopiedFromAnotherVersionOfTheirGroup() throws Exception {
        JsonNode schemas = v3("apis/networking.k8s.io/v1").path("components").path("schemas");
        JsonNode ip = schemas.path("io.k8s.api.networking.v1.IPAddress");
        assertThat(ip.path("x-kubernetes-group-version-kind").toString())
                .contains("\"group\":\"networking.k8s.io\"", "\"kind\":\"IPAddress\"", "\"version\":\"v1\"");
        assertThat(ip.path("properties").path("spec").path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.networking.v1.IPAddressSpec");
        assertThat(ip.path("description").asText()).isNotBlank();
        assertThat(schemas.has("io.k8s.api.networking.v1.ServiceCIDRList")).isTrue();
    }

    @Test
    void documentsAreDeterministic() throws Exception {
        OpenApi again = new OpenApi(servedResources());
        assertThat(again.v3Index()).isEqualTo(api.v3Index());
        assertThat(again.v2()).isEqualTo(api.v2());
    }

    @Test
    void mostPropertiesAreDescribed() {
        Schemas.Coverage c = api.coverage();
        assertThat(c.definitionsDescribed()).isGreaterThan(c.definitions() * 95 / 100);
        // client-java has no descriptions for fields whose type is another definition (ObjectMeta, ...)
        assertThat(c.propertiesDescribed()).isGreaterThan(c.properties() * 70 / 100);
    }

    private static JsonNode param(JsonNode op, String name) {
        for (JsonNode p : op.path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void collectRefs(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }
}
