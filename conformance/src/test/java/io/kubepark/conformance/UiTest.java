package io.kubepark.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The park page of a running {@code kubepark serve}, loaded in headless Chromium before anything is created: it
 * follows its watches and draws a new StatefulSet's three pods in ordinal order on their plots, each with its
 * claim bound to a volume, and the headless Service pointing at them. Leaves {@code target/ui.png} behind.
 */
class UiTest {
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Pattern SERVER = Pattern.compile("server:\\s*(\\S+)");
    private static final Pattern TOKEN = Pattern.compile("token:\\s*(\\S+)");

    @Test
    void theParkDrawsAStatefulSetsPodsInOrdinalOrderAsTheyComeUp() throws Exception {
        String given = System.getProperty("kubepark.kubeconfig");
        assumeTrue(given == null || given.isBlank(), "only KubePark serves /ui");
        Optional<Path> browser = Chromium.find();
        assumeTrue(browser.isPresent(), "chromium is not installed (.ci/run installs it)");
        try (Cluster cluster = Cluster.start();
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build()) {
            Matcher server = SERVER.matcher(Files.readString(cluster.kubeconfig()));
            assertThat(server.find()).as("kubeconfig names the server").isTrue();
            Matcher token = TOKEN.matcher(Files.readString(cluster.kubeconfig()));
            String link = server.group(1) + "/ui" + (token.find() ? "#token=" + token.group(1) : "");
            try (Chromium page = Chromium.open(browser.get(), link, 1280, 900)) {
                // asked from the start of the load, when the header may not be parsed yet
                await().atMost(PATIENCE).until(() -> page.evaluate("String(document.getElementById('connection')"
                        + " && document.getElementById('connection').dataset.state)").asText().equals("live"));
                assertThat(page.evaluate("document.querySelectorAll('[data-zone] [data-node]').length").asInt())
                        .as("every node is a plot in its zone").isEqualTo(client.nodes().list().getItems().size());

                String ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                        .withGenerateName("ui-").endMetadata().build()).create().getMetadata().getName();
                Fabric8StatefulSetTest.createWeb(client, ns);

                String sts = "[data-statefulset=\"web\"][data-namespace=\"" + ns + "\"]";
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(texts(page, sts + " [data-pod]",
                        "e.dataset.pod + ' ' + e.dataset.phase + ' ' + e.dataset.ready"))
                        .containsExactly("web-0 Running true", "web-1 Running true", "web-2 Running true"));
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(texts(page, "[data-node] [data-pod][data-namespace=\"" + ns + "\"]", "e.dataset.pod"))
                            .as("each pod on a plot").containsExactlyInAnyOrder("web-0", "web-1", "web-2");
                    assertThat(texts(page, sts + " [data-claim]", "e.dataset.claim + ' ' + e.dataset.phase"))
                            .containsExactly("data-web-0 Bound", "data-web-1 Bound", "data-web-2 Bound");
                    assertThat(texts(page, "[data-pvc][data-namespace=\"" + ns + "\"]", "e.dataset.volume"))
                            .hasSize(3).allSatisfy(v -> assertThat(v).isNotBlank());
                    assertThat(texts(page, "[data-service=\"web\"][data-namespace=\"" + ns + "\"] [data-target-pod]",
                            "e.dataset.targetPod")).containsExactly("web-0", "web-1", "web-2");
                });

                Path png = Path.of("target", "ui.png");
                page.screenshot(png);
                byte[] bytes = Files.readAllBytes(png);
                assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
                assertThat(bytes.length).as("a drawn page, not a blank one").isGreaterThan(20_000);
                client.namespaces().withName(ns).delete();
            }
        }
    }

    /** One string per element matching {@code selector}, in document order, computed by {@code expression} of e. */
    private static List<String> texts(Chromium page, String selector, String expression) throws Exception {
        String js = "JSON.stringify([...document.querySelectorAll(" + quote(selector) + ")].map(e => " + expression
                + "))";
        return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(page.evaluate(js).asText(),
                String[].class));
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
