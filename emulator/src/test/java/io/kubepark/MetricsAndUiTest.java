package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} in the Prometheus text format under kube-apiserver's names, and the park page at {@code /ui}. */
class MetricsAndUiTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*="
                    + "\"(\\\\.|[^\"\\\\])*\")*)?\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");
    private static final String CM_LIST = "apiserver_request_total{code=\"200\",component=\"apiserver\",dry_run=\"\","
            + "group=\"\",resource=\"configmaps\",scope=\"namespace\",subresource=\"\",verb=\"LIST\",version=\"v1\"}";
    private static KubePark park;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
    }

    @AfterAll
    static void stop() {
        park.close();
    }

    private static String metrics() throws Exception {
        HttpResponse<String> r = Clients.get(park, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    private static long value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }

    @Test
    void everyLineIsHelpTypeOrASampleOfADeclaredFamily() throws Exception {
        Clients.get(park, "/api/v1/namespaces/default/configmaps");
        Set<String> typed = new HashSet<>();
        for (String line : metrics().split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertThat(line.split(" ", 4)).hasSize(4);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).hasSize(4);
                assertThat(parts[3]).isIn("counter", "gauge", "histogram");
                typed.add(parts[2]);
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("sample line: %s", line).isTrue();
                String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertThat(typed).as("declared before %s", line).contains(family.equals(m.group(1)) ? m.group(1) : family);
            }
        }
        assertThat(typed).contains("apiserver_request_total", "apiserver_request_duration_seconds",
                "apiserver_longrunning_requests", "apiserver_storage_objects");
    }

    @Test
    void requestCountsGoUpWithRequests() throws Exception {
        long before = value(metrics(), CM_LIST);
        for (int i = 0; i < 3; i++) {
            Clients.get(park, "/api/v1/namespaces/default/configmaps");
        }
        String after = metrics();
        assertThat(value(after, CM_LIST)).isEqualTo(before + 3);
        assertThat(after).contains("apiserver_request_duration_seconds_bucket{component=\"apiserver\",dry_run=\"\","
                + "group=\"\",resource=\"configmaps\",scope=\"namespace\",subresource=\"\",verb=\"LIST\","
                + "version=\"v1\",le=\"+Inf\"}");
    }

    @Test
    void createsAreCountedWithTheirCodeAndStoredObjectsAreCounted() throws Exception {
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"counted\"}}";
        String created = "apiserver_request_total{code=\"201\",component=\"apiserver\",dry_run=\"\",group=\"\","
                + "resource=\"configmaps\",scope=\"resource\",subresource=\"\",verb=\"POST\",version=\"v1\"}";
        String conflict = created.replace("code=\"201\"", "code=\"409\"");
        String text = metrics();
        long createdBefore = value(text, created);
        long conflictBefore = value(text, conflict);
        long stored = value(text, "apiserver_storage_objects{resource=\"configmaps\"}");
        Clients.send(park, "POST", "/api/v1/namespaces/default/configmaps", "application/json",
                cm.getBytes(StandardCharsets.UTF_8));
        Clients.send(park, "POST", "/api/v1/namespaces/default/configmaps", "application/json",
                cm.getBytes(StandardCharsets.UTF_8));
        text = metrics();
        assertThat(value(text, created)).isEqualTo(createdBefore + 1);
        assertThat(value(text, conflict)).isEqualTo(conflictBefore + 1);
        assertThat(value(text, "apiserver_storage_objects{resource=\"configmaps\"}")).isEqualTo(stored + 1);
        assertThat(value(text, "apiserver_storage_objects{resource=\"nodes\"}")).isEqualTo(park.nodeNames().size());
    }

    @Test
    void anOpenWatchIsALongRunningRequestUntilItEnds() throws Exception {
        String gauge = "apiserver_longrunning_requests{component=\"apiserver\",group=\"apps\",resource=\"statefulsets\","
                + "scope=\"cluster\",subresource=\"\",verb=\"WATCH\",version=\"v1\"}";
        long before = value(metrics(), gauge);
        HttpRequest watch = HttpRequest.newBuilder(URI.create(park.url() + "/apis/apps/v1/statefulsets?watch=1"))
                .timeout(Duration.ofSeconds(20)).GET().build();
        var pending = Clients.http().sendAsync(watch, HttpResponse.BodyHandlers.ofInputStream()).get();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (value(metrics(), gauge) != before + 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(value(metrics(), gauge)).isEqualTo(before + 1);
        } finally {
            pending.body().close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value(metrics(), gauge) != before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(value(metrics(), gauge)).isEqualTo(before);
    }

    @Test
    void uiIsOneSelfContainedHtmlPage() throws Exception {
        HttpResponse<String> r = Clients.get(park, "/ui");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("<script>", "<style>", "?watch=1",
                "topology.kubernetes.io/zone", "data-statefulset");
        assertThat(r.body()).as("works offline: nothing from elsewhere").doesNotContain("http://", "https://");
        assertThat(Clients.get(park, "/ui/other").statusCode()).isEqualTo(404);
    }
}
