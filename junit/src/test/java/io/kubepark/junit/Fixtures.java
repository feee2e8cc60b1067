package io.kubepark.junit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Small builders and a raw HTTP client shared by the extension's tests. */
public final class Fixtures {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Fixtures() {
    }

    public static ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of(key, value))
                .build();
    }

    /** An OrderedReady StatefulSet {@code name} with a headless Service of the same name. */
    public static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    public static Service headless(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", name)
                .addNewPort().withName("http").withPort(80).endPort().endSpec().build();
    }

    /** A GET without any client library in between. */
    public static HttpResponse<String> get(String url) {
        return send(url, HttpResponse.BodyHandlers.ofString());
    }

    /** A watch as a stream of lines, one event each; the stream ends when the server ends the watch. */
    public static HttpResponse<java.util.stream.Stream<String>> watch(String url) {
        return send(url, HttpResponse.BodyHandlers.ofLines());
    }

    private static <T> HttpResponse<T> send(String url, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
