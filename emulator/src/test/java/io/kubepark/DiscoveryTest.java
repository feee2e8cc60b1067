package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Version, discovery (legacy and aggregated), health and access reviews. */
class DiscoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGG = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    @Test
    void versionIsV133AndIgnoresTheQueryString() throws Exception {
        VersionInfo version = client.getKubernetesVersion();
        assertThat(version.getMajor()).isEqualTo("1");
        assertThat(version.getMinor()).isEqualTo("33");
        assertThat(version.getGitVersion()).isEqualTo("v1.33.1");
        assertThat(Clients.get(park, "/version?timeout=32s").statusCode()).isEqualTo(200);
    }

    @Test
    void openApiV2AnswersInTheFormTheAcceptHeaderPrefers() throws Exception {
        String protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
        String dotted = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        for (String accept : List.of(protobuf, dotted, protobuf + ", application/json",
                "application/json;q=0.5, " + dotted)) {
            HttpResponse<String> r = Clients.get(park, "/openapi/v2?timeout=32s", accept);
            assertThat(r.statusCode()).as(accept).isEqualTo(200);
            // the answer always names the dotted form: the '@' one is not a media type Go can parse
            assertThat(r.headers().firstValue("Content-Type")).as(accept).hasValue(dotted);
            assertThat(r.body()).as(accept).startsWith("\n\u00032.0");
        }
        for (String accept : List.of("application/json", "*/*", "application/json, " + protobuf)) {
            HttpResponse<String> r = Clients.get(park, "/openapi/v2", accept);
            assertThat(r.headers().firstValue("Content-Type")).as(accept).hasValue("application/json");
            assertThat(JSON.readTree(r.body()).path("swagger").asText()).isEqualTo("2.0");
        }
        HttpResponse<String> html = Clients.get(park, "/openapi/v2", "text/html");
        assertThat(html.statusCode()).isEqualTo(406);
    }

    @Test
    void legacyDiscoveryListsGroupsAndResources() {
        List<String> groups = client.getApiGroups().getGroups().stream().map(APIGroup::getName).toList();
        assertThat(groups).contains("apps", "batch", "autoscaling", "policy", "storage.k8s.io", "discovery.k8s.io",
                "networking.k8s.io", "rbac.authorization.k8s.io", "scheduling.k8s.io", "coordination.k8s.io",
                "events.k8s.io", "apiextensions.k8s.io", "authorization.k8s.io", "node.k8s.io",
                "admissionregistration.k8s.io").doesNotContain("");
        List<APIResource> apps = client.getApiResources("apps/v1").getResources();
        APIResource sts = apps.stream().filter(r -> r.getName().equals("statefulsets")).findFirst().orElseThrow();
        assertThat(sts.getNamespaced()).isTrue();
        assertThat(sts.getShortNames()).containsExactly("sts");
        assertThat(sts.getCategories()).containsExactly("all");
        assertThat(sts.getVerbs()).contains("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
        APIResource scale = apps.stream().filter(r -> r.getName().equals("statefulsets/scale")).findFirst().orElseThrow();
        assertThat(scale.getKind()).isEqualTo("Scale");
        assertThat(scale.getGroup()).isEqualTo("autoscaling");
        assertThat(client.getApiResources("v1").getResources()).extracting(APIResource::getName)
                .contains("pods", "pods/status", "pods/log", "namespaces", "configmaps", "events", "nodes");
    }

    @Test
    void aggregatedDiscoveryAnswersInItsOwnMediaTypeWithAnETag() throws Exception {
        HttpResponse<String> apis = Clients.get(park, "/apis?timeout=32s", AGG);
        assertThat(apis.statusCode()).isEqualTo(200);
        assertThat(apis.headers().firstValue("Content-Type"))
                .hasValue("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        JsonNode doc = JSON.readTree(apis.body());
        assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        JsonNode apps = StreamSupport.stream(doc.path("items").spliterator(), false)
                .filter(g -> g.path("metadata").path("name").asText().equals("apps")).findFirst().orElseThrow();
        JsonNode deployments = StreamSupport.stream(apps.path("versions").get(0).path("resources").spliterator(), false)
                .filter(r -> r.path("resource").asText().equals("deployments")).findFirst().orElseThrow();
        assertThat(deployments.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(deployments.path("singularResource").asText()).isEqualTo("deployment");
        assertThat(deployments.path("shortNames").get(0).asText()).isEqualTo("deploy");
        assertThat(deployments.path("subresources").toString()).contains("\"subresource\":\"scale\"")
                .contains("{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}");
        HttpResponse<String> core = Clients.get(park, "/api", AGG);
        assertThat(JSON.readTree(core.body()).path("items").get(0).path("versions").get(0).path("version").asText())
                .isEqualTo("v1");
        String etag = apis.headers().firstValue("ETag").orElseThrow();
        var again = java.net.http.HttpRequest.newBuilder(java.net.URI.create(park.url() + "/apis"))
                .header("Accept", AGG).header("If-None-Match", etag).build();
        assertThat(Clients.http().send(again, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(304);
    }

    @Test
    void plainAcceptGetsLegacyDocuments() throws Exception {
        JsonNode api = JSON.readTree(Clients.get(park, "/api").body());
        assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
        assertThat(api.path("versions").get(0).asText()).isEqualTo("v1");
        assertThat(JSON.readTree(Clients.get(park, "/apis/apps").body()).path("preferredVersion").path("groupVersion")
                .asText()).isEqualTo("apps/v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/livez", "/readyz"})
    void healthEndpointsAnswerOk(String path) throws Exception {
        HttpResponse<String> r = Clients.get(park, path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(Clients.get(park, path + "?verbose").body()).contains("[+]ping ok").contains("check passed");
    }

    @Test
    void selfSubjectAccessReviewAllowsEverything() {
        SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview()
                .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb("delete")
                        .withResource("pods").withNamespace("default").endResourceAttributes().endSpec().build());
        assertThat(review.getStatus().getAllowed()).isTrue();
    }

    @Test
    void selfSubjectRulesReviewListsEverythingAndWantsANamespace() {
        var rules = client.authorization().v1().selfSubjectRulesReview().create(
                new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder().withNewSpec()
                        .withNamespace("default").endSpec().build()).getStatus();
        assertThat(rules.getResourceRules()).singleElement().satisfies(r -> {
            assertThat(r.getVerbs()).containsExactly("*");
            assertThat(r.getApiGroups()).containsExactly("*");
            assertThat(r.getResources()).containsExactly("*");
        });
        assertThat(rules.getNonResourceRules()).singleElement()
                .satisfies(r -> assertThat(r.getNonResourceURLs()).containsExactly("*"));
        assertThat(rules.getIncomplete()).isFalse();

        var noNamespace = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.authorization().v1().selfSubjectRulesReview().create(
                        new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                                .withNewSpec().endSpec().build()));
        assertThat(noNamespace).isNotNull();
        assertThat(noNamespace.getCode()).isEqualTo(400);
        assertThat(noNamespace.getStatus().getReason()).isEqualTo("BadRequest");
        assertThat(noNamespace.getStatus().getMessage()).isEqualTo("no namespace on request");
    }
}
