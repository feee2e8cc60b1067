package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad input gets a Status with the right code and reason, and leaves what is stored untouched: after each
 * test the configmaps of the namespace are exactly what they were before it.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMS = "/api/v1/namespaces/default/configmaps";
    private static KubePark park;
    private String before;

    @BeforeAll
    static void start() throws Exception {
        park = KubePark.builder().start();
        post(CMS, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"keep\"},"
                + "\"data\":{\"a\":\"1\"}}");
    }

    @AfterAll
    static void stop() {
        park.close();
    }

    @BeforeEach
    void remember() throws Exception {
        before = stored();
    }

    /** The configmaps as stored, without the list's own resourceVersion. */
    private static String stored() throws Exception {
        JsonNode list = JSON.readTree(Clients.get(park, CMS).body());
        return list.get("items").toString();
    }

    private static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return Clients.send(park, "POST", path, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode status(HttpResponse<String> r, int code, String reason) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.path("kind").asText()).isEqualTo("Status");
        assertThat(s.path("status").asText()).isEqualTo("Failure");
        assertThat(s.path("code").asInt()).isEqualTo(code);
        assertThat(r.statusCode()).isEqualTo(code);
        assertThat(s.path("reason").asText()).isEqualTo(reason);
        assertThat(stored()).as("nothing stored changed").isEqualTo(before);
        return s;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|{\"metadata\": {\"name\": \"x\"",
            "application/json|[1,2,3]",
            "application/json|{\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":\"1\",\"a\":\"2\"}}",
            "application/yaml|metadata: [unclosed",
            "application/json|{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}",
            "application/json|{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}",
            "application/json|{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}",
            "application/json|{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"5\"}}",
            "application/vnd.kubernetes.protobuf|not protobuf at all",
            "application/json|{\"metadata\":\"x\"}",
    })
    void malformedOrMisplacedBodiesAreBadRequests(String type, String body) throws Exception {
        status(post(CMS, type, body), 400, "BadRequest");
    }

    @Test
    void anInvalidNameIsInvalidAndQuotesTheRule() throws Exception {
        JsonNode s = status(post(CMS, "application/json", "{\"metadata\":{\"name\":\"Bad_Name\"}}"), 422, "Invalid");
        assertThat(s.path("message").asText()).startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: "
                + "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of");
        assertThat(s.path("details").path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(s.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("FieldValueInvalid");
        assertThat(s.path("details").path("causes").get(0).path("field").asText()).isEqualTo("metadata.name");
    }

    @Test
    void aMissingNameIsInvalid() throws Exception {
        JsonNode s = status(post(CMS, "application/json", "{\"data\":{}}"), 422, "Invalid");
        assertThat(s.path("message").asText()).isEqualTo("ConfigMap \"\" is invalid: metadata.name: Required value: "
                + "name or generateName is required");
    }

    @Test
    void aServiceNameMustBeADns1035Label() throws Exception {
        JsonNode s = status(post("/api/v1/namespaces/default/services", "application/json",
                "{\"metadata\":{\"name\":\"1abc\"},\"spec\":{\"ports\":[{\"port\":80}]}}"), 422, "Invalid");
        assertThat(s.path("message").asText()).contains("a DNS-1035 label must consist of lower case alphanumeric");
    }

    @Test
    void aNameThatDiffersFromTheUrlIsABadRequest() throws Exception {
        JsonNode s = status(Clients.send(park, "PUT", CMS + "/keep", "application/json",
                "{\"metadata\":{\"name\":\"other\"}}".getBytes(StandardCharsets.UTF_8)), 400, "BadRequest");
        assertThat(s.path("message").asText()).isEqualTo("the name of the object (other) does not match the name on "
                + "the URL (keep)");
    }

    @Test
    void aBodyOverThreeMebibytesIsTooLarge() throws Exception {
        String big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + "a".repeat(3 * 1024 * 1024) + "\"}}";
        status(post(CMS, "application/json", big), 413, "RequestEntityTooLarge");
    }

    @Test
    void anUnsupportedMediaTypeIs415() throws Exception {
        JsonNode s = status(post(CMS, "text/plain", "name: x"), 415, "UnsupportedMediaType");
        assertThat(s.path("message").asText()).contains("application/json");
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/xml",
                "<x/>".getBytes(StandardCharsets.UTF_8)), 415, "UnsupportedMediaType");
    }

    @Test
    void brokenPatchesAreRejected() throws Exception {
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/json-patch+json",
                "{\"op\":\"add\"}".getBytes(StandardCharsets.UTF_8)), 400, "BadRequest");
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"2\"}]".getBytes(StandardCharsets.UTF_8)), 422, "Invalid");
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/merge-patch+json",
                "{\"data\":".getBytes(StandardCharsets.UTF_8)), 400, "BadRequest");
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/merge-patch+json",
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"a\":\"2\"}}".getBytes(StandardCharsets.UTF_8)),
                409, "Conflict");
        status(Clients.send(park, "PATCH", CMS + "/keep", "application/merge-patch+json",
                "{\"metadata\":{\"uid\":\"00000000-0000-4000-8000-000000000000\"}}".getBytes(StandardCharsets.UTF_8)),
                422, "Invalid");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/nothing-here",
            "/api/v2",
            "/api/v1/widgets",
            "/apis/example.com/v1",
            "/apis/apps/v1/namespaces/default/deployments/web/nonsense",
            "/api/v1/pods/p1",
    })
    void unknownPathsAreNotFound(String path) throws Exception {
        JsonNode s = status(Clients.get(park, path), 404, "NotFound");
        assertThat(s.path("message").asText()).isEqualTo("the server could not find the requested resource");
    }

    @Test
    void invalidListOptionsAreRejected() throws Exception {
        JsonNode s = status(Clients.get(park, CMS + "?resourceVersionMatch=Exact"), 422, "Invalid");
        assertThat(s.path("message").asText()).isEqualTo("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: "
                + "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        status(Clients.get(park, CMS + "?limit=abc"), 400, "BadRequest");
        status(Clients.get(park, CMS + "?continue=garbage"), 400, "BadRequest");
        status(Clients.get(park, CMS + "?resourceVersion=x"), 400, "BadRequest");
    }

    @Test
    void invalidDeleteOptionsAreRejected() throws Exception {
        status(Clients.send(park, "DELETE", CMS + "/keep", "application/json",
                "{\"propagationPolicy\":\"Sometimes\"}".getBytes(StandardCharsets.UTF_8)), 422, "Invalid");
        status(Clients.send(park, "DELETE", CMS + "/keep", "application/json",
                "{\"preconditions\":{\"uid\":\"nope\"}}".getBytes(StandardCharsets.UTF_8)), 409, "Conflict");
        status(Clients.send(park, "DELETE", CMS + "/keep", "application/json",
                "{not json".getBytes(StandardCharsets.UTF_8)), 400, "BadRequest");
    }

    @Test
    void unknownFieldsOfBuiltInKindsAreDroppedWithAWarningOrRefusedWhenStrict() throws Exception {
        String body = "{\"metadata\":{\"name\":\"typo\"},\"data\":{\"a\":\"1\"},\"dta\":{\"b\":\"2\"}}";
        HttpResponse<String> strict = post(CMS + "?fieldValidation=Strict", "application/json", body);
        JsonNode s = status(strict, 400, "BadRequest");
        assertThat(s.path("message").asText()).isEqualTo("strict decoding error: unknown field \"dta\"");
        HttpResponse<String> warned = post(CMS, "application/json", body);
        assertThat(warned.statusCode()).isEqualTo(201);
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"dta\\\"\"");
        assertThat(JSON.readTree(warned.body()).has("dta")).isFalse();
        HttpResponse<String> nested = post("/api/v1/namespaces/default/pods?fieldValidation=Strict", "application/json",
                "{\"metadata\":{\"name\":\"np\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\","
                        + "\"imagePullPolicyy\":\"Always\"}]}}");
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(nested.body()).path("message").asText())
                .isEqualTo("strict decoding error: unknown field \"spec.containers[0].imagePullPolicyy\"");
    }

    @Test
    void execIsAnsweredWithAStatus() throws Exception {
        post("/api/v1/namespaces/default/pods", "application/json",
                "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        before = stored();
        JsonNode s = status(post("/api/v1/namespaces/default/pods/p/exec?command=ls", "application/json", ""),
                400, "BadRequest");
        assertThat(s.path("message").asText()).contains("KubePark runs no containers");
    }
}
