package io.kubepark.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Kubernetes Java client (io.kubernetes:client-java), through the cluster's kubeconfig. */
class OfficialClientTest {
    private static Cluster cluster;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start();
        client = Config.fromConfig(cluster.kubeconfig().toString());
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(30, TimeUnit.SECONDS).build());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void versionParses() throws Exception {
        assertThat(new VersionApi(client).getCode().execute().getMinor()).isEqualTo("33");
    }

    @Test
    void createListAndGetAConfigMap() throws Exception {
        CoreV1Api core = new CoreV1Api(client);
        core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("official")
                .putLabelsItem("client", "java")).data(Map.of("k", "v"))).execute();
        V1ConfigMapList list = core.listNamespacedConfigMap("default").labelSelector("client=java").execute();
        assertThat(list.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("official");
        assertThat(core.readNamespacedConfigMap("official", "default").execute().getData()).containsEntry("k", "v");
    }

    @Test
    void errorsArriveAsStatusBodies() {
        assertThatThrownBy(() -> new AppsV1Api(client).readNamespacedDeployment("missing", "default").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"reason\":\"NotFound\"")
                            .contains("deployments.apps \\\"missing\\\" not found");
                });
    }

    @Test
    void chunkedWatchDeliversEventsUntilItsTimeout() throws Exception {
        CoreV1Api core = new CoreV1Api(client);
        V1ConfigMapList before = core.listNamespacedConfigMap("default").execute();
        core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("watched")))
                .execute();
        List<String> seen = new ArrayList<>();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client, core.listNamespacedConfigMap("default")
                        .resourceVersion(before.getMetadata().getResourceVersion()).timeoutSeconds(1).watch(true)
                        .buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType())) {
            for (Watch.Response<V1ConfigMap> event : watch) {
                seen.add(event.type + " " + event.object.getMetadata().getName());
            }
        }
        assertThat(seen).containsExactly("ADDED watched");
    }
}
