package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubepark.apiserver.auth.Access;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubepark serve --insecure-http}: plain HTTP, where a request without credentials is the admin's, a token
 * still authenticates as whom it names and a bad token is refused; ServiceAccount tokens are signed with a key made
 * at start (EC P-256, ES256), there being no CA.
 */
class InsecureHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KubePark park;

    @BeforeAll
    static void start() {
        park = KubePark.start(KubePark.builder().nodes(0).options(), Security.serve(true, null, Access.Mode.RBAC));
    }

    @AfterAll
    static void stop() {
        park.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(park.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    @Test
    void aServiceAccountTokenIsAnEs256JwtTheServerAccepts() throws Exception {
        assertThat(park.url()).startsWith("http://");
        assertThat(call("GET", "/api/v1/namespaces", null, null).statusCode()).as("no credentials: the admin")
                .isEqualTo(200);
        assertThat(call("GET", "/api/v1/namespaces", "not-a-token", null).statusCode()).isEqualTo(401);
        String admin = park.adminToken();
        created(call("POST", "/api/v1/namespaces/default/serviceaccounts", admin,
                "{\"metadata\":{\"name\":\"robot\"}}"));
        String token = created(call("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", admin,
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}"))
                .path("status").path("token").asText();

        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        JsonNode who = created(call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", token,
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));
        assertThat(who.path("status").path("userInfo").path("username").asText())
                .isEqualTo("system:serviceaccount:default:robot");
        assertThat(call("GET", "/api/v1/namespaces/default/pods", token, null).statusCode()).isEqualTo(403);

        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertThat(call("GET", "/version", forged, null).statusCode()).isEqualTo(401);
    }
}
