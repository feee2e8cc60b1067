package io.kubepark.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubepark serve --data-dir} killed with SIGKILL in the middle of a stream of writes, several times over:
 * every write the server acknowledged is there after the restart, with at least the resourceVersion it was
 * acknowledged with.
 */
class CrashTest {
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        Path data = dir.resolve("data");
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        long newest = 0;
        for (int round = 0; round < KILLS; round++) {
            Server server = Server.start(dir, data);
            try (KubernetesClient client = server.client()) {
                verify(client, acknowledged, server.output);
                AtomicBoolean stop = new AtomicBoolean();
                int r = round;
                AtomicInteger writes = new AtomicInteger();
                Thread writer = new Thread(() -> write(client, r, acknowledged, writes, stop,
                        new Random(random.nextLong())));
                writer.start();
                // kill at a random point: after a random number, at least one, of this round's writes
                int killAfter = 1 + random.nextInt(60);
                await().atMost(Duration.ofSeconds(30)).until(() -> writes.get() >= killAfter);
                server.process.destroyForcibly();
                server.process.waitFor(20, TimeUnit.SECONDS);
                stop.set(true);
                writer.join(20_000);
            }
            long max = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(max).as("round %d wrote something", round).isGreaterThan(newest);
            newest = max;
        }
        Server server = Server.start(dir, data);
        try (KubernetesClient client = server.client()) {
            verify(client, acknowledged, server.output);
            ConfigMap after = client.resource(configMap("after", "0")).create();
            assertThat(Long.parseLong(after.getMetadata().getResourceVersion())).isGreaterThan(newest);
        } finally {
            server.process.destroy();
            server.process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Creates ConfigMaps and updates random ones until the server goes away, noting each acknowledged version. */
    private static void write(KubernetesClient client, int round, Map<String, Long> acknowledged,
            AtomicInteger writes, AtomicBoolean stop, Random random) {
        List<String> names = new ArrayList<>();
        for (int i = 0; !stop.get(); i++) {
            try {
                ConfigMap done;
                if (names.isEmpty() || random.nextInt(3) == 0) {
                    String name = "cm-" + round + "-" + i;
                    done = client.resource(configMap(name, "0")).create();
                    names.add(name);
                } else {
                    String name = names.get(random.nextInt(names.size()));
                    String value = Integer.toString(i);
                    done = client.configMaps().inNamespace("default").withName(name)
                            .edit(c -> new ConfigMapBuilder(c).withData(Map.of("v", value)).build());
                }
                acknowledged.merge(done.getMetadata().getName(), Long.parseLong(done.getMetadata()
                        .getResourceVersion()), Math::max);
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                return; // the server was killed: this write was not acknowledged
            }
        }
    }

    private static void verify(KubernetesClient client, Map<String, Long> acknowledged, String output) {
        Map<String, Long> stored = new java.util.HashMap<>();
        for (ConfigMap c : client.configMaps().inNamespace("default").list().getItems()) {
            stored.put(c.getMetadata().getName(), Long.parseLong(c.getMetadata().getResourceVersion()));
        }
        acknowledged.forEach((name, rv) -> {
            assertThat(stored).as("after restart:\n%s", output).containsKey(name);
            assertThat(stored.get(name)).as("%s after restart:\n%s", name, output).isGreaterThanOrEqualTo(rv);
        });
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("v", value)).build();
    }

    /** One {@code kubepark serve} process on the data dir. */
    private record Server(Process process, Path kubeconfig, String output) {
        static Server start(Path dir, Path data) throws IOException {
            Path kubeconfig = Files.createTempFile(dir, "kubeconfig", "");
            Cluster.Serve serve = Cluster.serve(List.of("--port", "0", "--dns-port", "0", "--nodes", "1",
                    "--kubeconfig", kubeconfig.toString(), "--data-dir", data.toString()));
            return new Server(serve.process(), kubeconfig, serve.output());
        }

        KubernetesClient client() throws IOException {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setRequestRetryBackoffLimit(0);
            config.setRequestTimeout(5_000);
            config.setConnectionTimeout(2_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        }
    }
}
