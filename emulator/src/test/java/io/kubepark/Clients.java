package io.kubepark;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Clients for the tests: fabric8 from the cluster's kubeconfig, and raw HTTP for what fabric8 won't send. */
final class Clients {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Clients() {}

    static KubernetesClient fabric8(KubePark park) {
        Config config = Config.fromKubeconfig(park.kubeconfig());
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static HttpResponse<String> send(KubePark park, String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(park.url() + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(KubePark park, String path) throws Exception {
        return send(park, "GET", path, null, null);
    }

    static HttpResponse<String> get(KubePark park, String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(park.url() + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient http() {
        return HTTP;
    }
}
