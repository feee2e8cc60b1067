package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Faults injected through the handle, seen by real clients, and cleared. */
@KubeParkTest(nodes = 2, virtualClock = true)
class FaultsTest {
    KubePark park;
    KubernetesClient client;

    private String url(String path) {
        return park.url() + "/api/v1/namespaces/" + park.namespace() + path;
    }

    @Test
    void aConflictOnCreateIsAnsweredOnceThenTheCreateWorks() {
        park.faults().failRequests("create", "configmaps", 409, 1);

        assertThatThrownBy(() -> client.configMaps().resource(Fixtures.configMap("a", "k", "v")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        client.configMaps().resource(Fixtures.configMap("a", "k", "v")).create();
        assertThat(client.configMaps().withName("a").get()).isNotNull();
    }

    @Test
    void tooManyRequestsAndInternalErrorsAreProperStatuses() {
        park.faults().failRequests("list", "pods", 429, 1);
        park.faults().failRequests("get", "pods/status", 500, 1);

        HttpResponse<String> shed = Fixtures.get(url("/pods"));
        assertThat(shed.statusCode()).isEqualTo(429);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(shed.body()).contains("\"reason\":\"TooManyRequests\"").contains("\"retryAfterSeconds\":1");
        assertThat(Fixtures.get(url("/pods")).statusCode()).isEqualTo(200);

        HttpResponse<String> broken = Fixtures.get(url("/pods/missing/status"));
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"InternalError\"");
        assertThat(Fixtures.get(url("/pods/missing/status")).statusCode()).isEqualTo(404);
    }

    @Test
    void aRuleWithoutACountHoldsUntilCleared() {
        park.faults().failRequests("*", "secrets", 503, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(Fixtures.get(url("/secrets")).statusCode()).isEqualTo(503);
        }
        assertThat(Fixtures.get(url("/configmaps")).statusCode()).isEqualTo(200);

        park.faults().clear();

        assertThat(Fixtures.get(url("/secrets")).statusCode()).isEqualTo(200);
    }

    @Test
    void theNextWatchIsExpiredWithA410ErrorEvent() {
        park.faults().expireNextWatch("configmaps");

        HttpResponse<Stream<String>> watch = Fixtures.watch(url("/configmaps?watch=true"));
        List<String> events = watch.body().collect(Collectors.toList());

        assertThat(watch.statusCode()).isEqualTo(200);
        assertThat(events).singleElement().asString().contains("\"type\":\"ERROR\"").contains("\"code\":410")
                .contains("\"reason\":\"Expired\"");
        assertThat(Fixtures.get(url("/configmaps?watch=true&timeoutSeconds=1")).statusCode()).isEqualTo(200);
    }

    @Test
    void droppedWatchesEndAndTheClientsWatchReconnects() throws Exception {
        HttpResponse<Stream<String>> watch = Fixtures.watch(url("/configmaps?watch=true"));
        java.util.concurrent.CompletableFuture<Long> ended = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> watch.body().count());

        park.faults().dropWatches("configmaps");

        assertThat(ended.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNegative();
    }

    @Test
    void aStoppedNodeTurnsNotReadyAndComesBack() {
        park.faults().stopNode("node-2");
        park.advance(Duration.ofSeconds(60));
        assertThat(ready("node-2")).isEqualTo("Unknown");

        park.faults().restartNode("node-2");
        park.awaitIdle();
        assertThat(ready("node-2")).isEqualTo("True");
    }

    @Test
    void failedProvisioningLeavesTheClaimPendingUntilHealed() {
        park.faults().failProvisioning("standard", "disk array on fire");
        park.create("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: standard
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: user
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                """);
        park.awaitIdle();
        assertThat(client.persistentVolumeClaims().withName("data").get().getStatus().getPhase()).isEqualTo("Pending");
        assertThat(client.v1().events().list().getItems()).anySatisfy(e ->
                assertThat(e.getReason() + ": " + e.getMessage()).contains("ProvisioningFailed").contains("on fire"));

        park.faults().healProvisioning("standard");
        park.advance(Duration.ofSeconds(10)); // the scheduler's back-off: it places the pod again

        assertThat(client.persistentVolumeClaims().withName("data").get().getStatus().getPhase()).isEqualTo("Bound");
        assertThat(client.pods().withName("user").get().getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void aBadFaultIsRefusedWithTheReason() {
        assertThatThrownBy(() -> park.faults().failRequests("fetch", "pods", 500, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown verb fetch");
        assertThatThrownBy(() -> park.faults().failRequests("get", "pods", 200, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400 to 599");
    }

    private String ready(String node) {
        return client.nodes().withName(node).get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus();
    }
}
