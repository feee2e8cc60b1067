package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checked access on {@code kubepark serve --authorization rbac}: TLS with the CA of the kubeconfig, 401 without
 * credentials, ServiceAccount tokens from the TokenRequest API, 403 until a RoleBinding allows, and truthful
 * access reviews for kubectl 1.31 and 1.33.
 */
class AuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Cluster cluster;
    private static String server;
    private static String adminToken;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(List.of("--authorization", "rbac"));
        String ca = null;
        for (String line : Files.readAllLines(cluster.kubeconfig())) {
            String t = line.trim();
            if (t.startsWith("server:")) {
                server = t.substring("server:".length()).trim();
            } else if (t.startsWith("certificate-authority-data:")) {
                ca = t.substring("certificate-authority-data:".length()).trim();
            } else if (t.startsWith("token:")) {
                adminToken = t.substring("token:".length()).trim();
            }
        }
        assertThat(server).startsWith("https://127.0.0.1:");
        assertThat(ca).isNotNull();
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("kubepark", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(ca))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode ok201(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return JSON.readTree(response.body());
    }

    /** A namespace with a ServiceAccount {@code sa}, and a token for it from the TokenRequest API. */
    private static String serviceAccountToken(String ns) throws Exception {
        ok201(call("POST", "/api/v1/namespaces", adminToken, "{\"metadata\":{\"name\":\"" + ns + "\"}}"));
        ok201(call("POST", "/api/v1/namespaces/" + ns + "/serviceaccounts", adminToken,
                "{\"metadata\":{\"name\":\"sa\"}}"));
        JsonNode request = ok201(call("POST", "/api/v1/namespaces/" + ns + "/serviceaccounts/sa/token", adminToken,
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{"
                        + "\"expirationSeconds\":1200}}"));
        assertThat(request.path("kind").asText()).isEqualTo("TokenRequest");
        assertThat(request.path("spec").path("expirationSeconds").asLong()).isEqualTo(1200);
        assertThat(request.path("spec").path("audiences").get(0).asText())
                .isEqualTo("https://kubernetes.default.svc.cluster.local");
        String token = request.path("status").path("token").asText();
        assertThat(token.split("\\.")).hasSize(3);
        return token;
    }

    private static void bindView(String ns) throws Exception {
        ok201(call("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/" + ns + "/rolebindings", adminToken,
                "{\"metadata\":{\"name\":\"sa-view\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
                        + "\"kind\":\"ClusterRole\",\"name\":\"view\"},\"subjects\":[{\"kind\":\"ServiceAccount\","
                        + "\"name\":\"sa\",\"namespace\":\"" + ns + "\"}]}"));
    }

    @Test
    void aRequestWithoutCredentialsIsUnauthorized() throws Exception {
        HttpResponse<String> response = call("GET", "/api/v1/namespaces", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        assertThat(call("GET", "/api/v1/namespaces", "not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/healthz", null, null).statusCode()).as("public info").isEqualTo(200);
        assertThat(call("GET", "/version", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ui", null, null).statusCode()).as("the park page; its reads need the token")
                .isEqualTo(200);
        assertThat(call("GET", "/apis", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/namespaces", adminToken, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aServiceAccountTokenIsForbiddenUntilARoleBindingAllows() throws Exception {
        String token = serviceAccountToken("team-a");
        JsonNode who = ok201(call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", token,
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));
        assertThat(who.path("status").path("userInfo").path("username").asText())
                .isEqualTo("system:serviceaccount:team-a:sa");
        assertThat(who.path("status").path("userInfo").path("groups").toString())
                .contains("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");

        HttpResponse<String> refused = call("GET", "/api/v1/namespaces/team-a/pods", token, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode status = JSON.readTree(refused.body());
        assertThat(status.path("message").asText()).isEqualTo("pods is forbidden: User "
                + "\"system:serviceaccount:team-a:sa\" cannot list resource \"pods\" in API group \"\" in the "
                + "namespace \"team-a\"");
        assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
        assertThat(status.path("details").path("kind").asText()).isEqualTo("pods");
        assertThat(status.path("code").asInt()).isEqualTo(403);

        bindView("team-a");
        assertThat(call("GET", "/api/v1/namespaces/team-a/pods", token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/namespaces/default/pods", token, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/namespaces/team-a/pods/x", token, null).statusCode()).isEqualTo(403);
    }

    @Test
    void accessReviewsAnswerTruthfully() throws Exception {
        String token = serviceAccountToken("team-b");
        String review = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":"
                + "{\"resourceAttributes\":{\"namespace\":\"team-b\",\"verb\":\"list\",\"resource\":\"pods\"}}}";
        String path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        assertThat(ok201(call("POST", path, token, review)).path("status").path("allowed").asBoolean()).isFalse();
        assertThat(ok201(call("POST", path, adminToken, review)).path("status").path("allowed").asBoolean()).isTrue();
        bindView("team-b");
        JsonNode allowed = ok201(call("POST", path, token, review)).path("status");
        assertThat(allowed.path("allowed").asBoolean()).isTrue();
        assertThat(allowed.path("reason").asText()).isEqualTo("RBAC: allowed by RoleBinding \"sa-view/team-b\" of "
                + "ClusterRole \"view\" to ServiceAccount \"sa/team-b\"");
        JsonNode sar = ok201(call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", adminToken,
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":"
                        + "\"system:serviceaccount:team-b:sa\",\"groups\":[\"system:authenticated\"],"
                        + "\"resourceAttributes\":{\"namespace\":\"team-b\",\"verb\":\"delete\",\"resource\":"
                        + "\"pods\"}}}"));
        assertThat(sar.path("status").path("allowed").asBoolean()).isFalse();
    }

    @Test
    void theAuthDelegatorRoleLetsAServiceAccountReviewTokensAndAccess() throws Exception {
        String token = serviceAccountToken("proxy");
        String tokenReview = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":"
                + "{\"token\":\"" + token + "\"}}";
        String path = "/apis/authentication.k8s.io/v1/tokenreviews";
        assertThat(call("POST", path, token, tokenReview).statusCode()).isEqualTo(403);
        ok201(call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", adminToken,
                "{\"metadata\":{\"name\":\"proxy-auth-delegator\"},\"roleRef\":{\"apiGroup\":"
                        + "\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"system:auth-delegator\"},"
                        + "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"sa\",\"namespace\":\"proxy\"}]}"));
        JsonNode review = ok201(call("POST", path, token, tokenReview)).path("status");
        assertThat(review.path("authenticated").asBoolean()).isTrue();
        assertThat(review.path("user").path("username").asText()).isEqualTo("system:serviceaccount:proxy:sa");
        assertThat(call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", token,
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":"
                        + "\"someone\",\"nonResourceAttributes\":{\"path\":\"/metrics\",\"verb\":\"get\"}}}")
                .statusCode()).isEqualTo(201);
        assertThat(call("GET", "/metrics", token, null).statusCode()).as("not in system:monitoring").isEqualTo(403);
        assertThat(call("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:monitoring", adminToken,
                null).body()).contains("\"name\":\"system:monitoring\"").contains("\"kind\":\"Group\"");
    }

    @Test
    void anAggregatedClusterRoleIsFilledByTheController() throws Exception {
        ok201(call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", adminToken,
                "{\"metadata\":{\"name\":\"monitoring\"},\"aggregationRule\":{\"clusterRoleSelectors\":[{"
                        + "\"matchLabels\":{\"example.com/aggregate-to-monitoring\":\"true\"}}]},\"rules\":[]}"));
        ok201(call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", adminToken,
                "{\"metadata\":{\"name\":\"monitoring-endpoints\",\"labels\":{\"example.com/aggregate-to-monitoring\":"
                        + "\"true\"}},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"endpoints\"],"
                        + "\"verbs\":[\"get\"]}]}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(JSON.readTree(call("GET",
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/monitoring", adminToken, null).body())
                .path("rules").toString()).contains("endpoints"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void kubectlWorksOverTlsAndCanIAnswersTruthfully(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String nodes = ok(k.run("get", "nodes")).out();
        assertThat(nodes).containsPattern("node-1\\s+Ready");
        assertThat(ok(k.run("auth", "can-i", "create", "deployments")).out().trim()).isEqualTo("yes");
        String ns = "can-i-" + version.replace(".", "");
        String token = serviceAccountToken(ns);
        Kubectl.Result no = k.run("auth", "can-i", "list", "pods", "-n", ns, "--token=" + token);
        assertThat(no.out().trim()).as(no.toString()).isEqualTo("no");
        assertThat(no.exitCode()).isEqualTo(1);
        Kubectl.Result refused = k.run("get", "pods", "-n", ns, "--token=" + token);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("pods is forbidden: User \"system:serviceaccount:" + ns + ":sa\" cannot "
                + "list resource \"pods\" in API group \"\" in the namespace \"" + ns + "\"");
        bindView(ns);
        assertThat(ok(k.run("auth", "can-i", "list", "pods", "-n", ns, "--token=" + token)).out().trim())
                .isEqualTo("yes");
        assertThat(k.run("auth", "can-i", "delete", "pods", "-n", ns, "--token=" + token).out().trim())
                .isEqualTo("no");
        ok(k.run("get", "pods", "-n", ns, "--token=" + token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void theAdminClientCertificateAndCreateTokenAuthenticate(String version) throws Exception {
        // the admin's client certificate from the data dir, in a kubeconfig without the token
        java.nio.file.Path pki = cluster.dataDir().resolve("pki");
        String certOnly = Files.readString(cluster.kubeconfig()).replaceAll("token: \\S+",
                "client-certificate: " + pki.resolve("admin.crt") + "\n    client-key: " + pki.resolve("admin.key"));
        java.nio.file.Path kubeconfig = Files.createTempFile("kubeconfig-cert", "");
        Files.writeString(kubeconfig, certOnly);
        Kubectl byCert = Kubectl.of(version, kubeconfig);
        String whoami = ok(byCert.run("auth", "whoami")).out();
        assertThat(whoami).containsPattern("Username\\s+kubepark-admin").contains("system:masters");
        assertThat(ok(byCert.run("auth", "can-i", "delete", "nodes")).out().trim()).isEqualTo("yes");

        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "create-token-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.run("create", "serviceaccount", "robot", "-n", ns));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ok(k.run("get", "configmap",
                "kube-root-ca.crt", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}")).out())
                .startsWith("-----BEGIN CERTIFICATE-----"));
        String token = ok(k.run("create", "token", "robot", "-n", ns, "--duration=15m")).out().trim();
        String robot = ok(k.run("auth", "whoami", "--token=" + token)).out();
        assertThat(robot).containsPattern("Username\\s+system:serviceaccount:" + ns + ":robot");
        assertThat(call("GET", "/api/v1/namespaces/" + ns + "/serviceaccounts", token, null).statusCode())
                .isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void canIListShowsTheRulesBoundToTheUserInTheNamespace(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "can-i-list-" + version.replace(".", "");
        String token = serviceAccountToken(ns);
        String before = ok(k.run("auth", "can-i", "--list", "-n", ns, "--token=" + token)).out();
        assertThat(before).containsPattern("selfsubjectaccessreviews.authorization.k8s.io\\s+\\[\\]\\s+\\[\\]\\s+"
                + "\\[create\\]").containsPattern("\\[/healthz\\]\\s+\\[\\]\\s+\\[get\\]")
                .doesNotContainPattern("(?m)^configmaps\\s").doesNotContain("*.*");

        ok(k.run("create", "role", "cfg-reader", "--verb=get", "--resource=configmaps", "--resource-name=settings",
                "-n", ns));
        ok(k.run("create", "rolebinding", "cfg-reader", "--role=cfg-reader", "--serviceaccount=" + ns + ":sa",
                "-n", ns));
        String after = ok(k.run("auth", "can-i", "--list", "-n", ns, "--token=" + token)).out();
        assertThat(after).containsPattern("(?m)^configmaps\\s+\\[\\]\\s+\\[settings\\]\\s+\\[get\\]")
                .doesNotContainPattern("(?m)^pods\\s");
        String elsewhere = ok(k.run("auth", "can-i", "--list", "-n", "default", "--token=" + token)).out();
        assertThat(elsewhere).doesNotContainPattern("(?m)^configmaps\\s");
        assertThat(ok(k.run("auth", "can-i", "--list", "-n", ns)).out()).as("the admin: cluster-admin's rules")
                .containsPattern("(?m)^\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]");

        HttpResponse<String> noNamespace = call("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                token, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{}}");
        assertThat(noNamespace.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noNamespace.body()).path("message").asText()).isEqualTo("no namespace on request");
    }
}
