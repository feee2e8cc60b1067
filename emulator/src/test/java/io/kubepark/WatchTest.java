package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches over WebSocket (fabric8's default) and over chunked HTTP (kubectl and the official clients). */
class WatchTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().historyLimit(20).start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private static ConfigMap cm(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    /** Records events as "TYPE name" and checks that resourceVersions only grow. */
    static final class Recorder implements Watcher<ConfigMap> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        long lastRv;

        @Override
        public void eventReceived(Action action, ConfigMap resource) {
            long rv = Long.parseLong(resource.getMetadata().getResourceVersion());
            assertThat(rv).as("resourceVersions of a watch increase").isGreaterThan(lastRv);
            lastRv = rv;
            events.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
            closed.complete(cause);
        }
    }

    @Test
    void watchDeliversEveryEventTypeInOrder() {
        namespace("w1");
        Recorder r = new Recorder();
        try (Watch w = client.configMaps().inNamespace("w1").watch(r)) {
            client.configMaps().inNamespace("w1").resource(cm("a", Map.of())).create();
            client.configMaps().inNamespace("w1").withName("a").edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
            client.configMaps().inNamespace("w1").withName("a").delete();
            await().untilAsserted(() -> assertThat(r.events).containsExactly("ADDED a", "MODIFIED a", "DELETED a"));
        }
    }

    @Test
    void watchResumesFromAResourceVersion() {
        namespace("w2");
        ConfigMap first = client.configMaps().inNamespace("w2").resource(cm("before", Map.of())).create();
        client.configMaps().inNamespace("w2").resource(cm("after-1", Map.of())).create();
        client.configMaps().inNamespace("w2").resource(cm("after-2", Map.of())).create();
        Recorder r = new Recorder();
        try (Watch w = client.configMaps().inNamespace("w2").watch(new ListOptionsBuilder()
                .withResourceVersion(first.getMetadata().getResourceVersion()).build(), r)) {
            await().untilAsserted(() -> assertThat(r.events).containsExactly("ADDED after-1", "ADDED after-2"));
        }
    }

    @Test
    void aResourceVersionOlderThanTheHistoryEndsTheWatchWithGone() {
        namespace("w3");
        ConfigMap old = client.configMaps().inNamespace("w3").resource(cm("churn", Map.of())).create();
        for (int i = 0; i < 30; i++) {
            int n = i;
            client.configMaps().inNamespace("w3").withName("churn")
                    .edit(c -> new ConfigMapBuilder(c).addToData("n", Integer.toString(n)).build());
        }
        Recorder r = new Recorder();
        Watch w = client.configMaps().inNamespace("w3").watch(new ListOptionsBuilder()
                .withResourceVersion(old.getMetadata().getResourceVersion()).build(), r);
        try {
            WatcherException cause = r.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(cause).isNotNull();
            assertThat(cause.isHttpGone()).isTrue();
            assertThat(r.events).isEmpty();
        } finally {
            w.close();
        }
    }

    @Test
    void objectsMovingAcrossTheSelectorAreAddedAndDeleted() {
        namespace("w4");
        client.configMaps().inNamespace("w4").resource(cm("mover", Map.of("color", "red"))).create();
        Recorder r = new Recorder();
        try (Watch w = client.configMaps().inNamespace("w4").withLabel("color", "blue").watch(r)) {
            client.configMaps().inNamespace("w4").withName("mover")
                    .edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("color", "blue").endMetadata().build());
            client.configMaps().inNamespace("w4").withName("mover")
                    .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
            client.configMaps().inNamespace("w4").withName("mover")
                    .edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("color", "green").endMetadata().build());
            await().untilAsserted(() -> assertThat(r.events)
                    .containsExactly("ADDED mover", "MODIFIED mover", "DELETED mover"));
        }
    }

    @Test
    void chunkedWatchStreamsLinesAndEndsAtItsTimeoutWithABookmark() throws Exception {
        namespace("w5");
        client.configMaps().inNamespace("w5").resource(cm("x", Map.of())).create();
        HttpRequest request = HttpRequest.newBuilder(URI.create(park.url()
                + "/api/v1/namespaces/w5/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true")).build();
        HttpResponse<java.io.InputStream> response = Clients.http().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            lines = reader.lines().collect(Collectors.toList());
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\",\"object\":{").contains("\"name\":\"x\"");
        assertThat(lines.get(1)).startsWith("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\"");
    }

    @Test
    void sendInitialEventsEndsTheInitialStateWithAnAnnotatedBookmark() throws Exception {
        namespace("w6");
        client.configMaps().inNamespace("w6").resource(cm("y", Map.of())).create();
        HttpRequest request = HttpRequest.newBuilder(URI.create(park.url() + "/api/v1/namespaces/w6/configmaps"
                + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&timeoutSeconds=1")).build();
        String body = Clients.http().send(request, HttpResponse.BodyHandlers.ofString()).body();
        String[] lines = body.split("\n");
        assertThat(lines[0]).contains("\"type\":\"ADDED\"");
        assertThat(lines[1]).contains("\"type\":\"BOOKMARK\"").contains("\"k8s.io/initial-events-end\":\"true\"");
    }

    /** Regression: kubectl's wait for a deletion hung until its deadline when the watch had nothing to send. */
    @Test
    void aWatchWithNothingToReportAnswersItsHeadAtOnce() throws Exception {
        namespace("w7");
        String rv = client.configMaps().inNamespace("w7").list().getMetadata().getResourceVersion();
        HttpRequest request = HttpRequest.newBuilder(URI.create(park.url() + "/api/v1/namespaces/w7/configmaps"
                + "?watch=true&timeoutSeconds=30&resourceVersion=" + rv)).build();
        CompletableFuture<HttpResponse<java.io.InputStream>> response = Clients.http().sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<java.io.InputStream> head = response.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(head.statusCode()).isEqualTo(200);
        head.body().close();
    }

    @Test
    void invalidWatchOptionsAreRejected() throws Exception {
        HttpResponse<String> r = Clients.get(park, "/api/v1/configmaps?watch=true&resourceVersionMatch=NotOlderThan");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    }
}
