package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kubepark.junit.scenarios.RealClusterScenario;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Real-cluster mode, pointed at a separately started {@code kubepark serve} through its kubeconfig: the tests
 * use that cluster, and what only an in-process KubePark offers is reported as skipped.
 */
class RealClusterModeTest {
    private static Process serve;
    private static Path kubeconfig;

    @BeforeAll
    static void startServe() throws Exception {
        Path jar = Path.of("../emulator/target/kubepark.jar");
        assertThat(jar).exists();
        Path dir = Files.createTempDirectory("kubepark-real");
        kubeconfig = dir.resolve("kubeconfig");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        serve = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "serve", "--port", "0", "--dns-port", "0",
                "--kubeconfig", kubeconfig.toString(), "--data-dir", dir.resolve("data").toString()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
            // the server prints its address, then this line once it is ready
        }
        assertThat(line).as("kubepark serve started").isNotNull();
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopServe() throws InterruptedException {
        serve.destroy();
        if (!serve.waitFor(20, TimeUnit.SECONDS)) {
            serve.destroyForcibly();
        }
    }

    @Test
    void theGivenClusterIsUsedAndKubeParkOnlyFeaturesAreSkipped() throws Exception {
        Events tests;
        System.setProperty(Cluster.KUBECONFIG_PROPERTY, kubeconfig.toString());
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(RealClusterScenario.class))
                    .execute().testEvents();
        } finally {
            System.clearProperty(Cluster.KUBECONFIG_PROPERTY);
        }

        tests.assertStatistics(s -> s.started(6).succeeded(1).aborted(5).failed(0));
        assertThat(tests.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("clientsWorkInTheTestsOwnNamespace(KubernetesClient, KubePark)");
        assertThat(tests.aborted().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage()))
                .allSatisfy(m -> assertThat(m).contains("needs a KubePark cluster").contains(kubeconfig.toString()));
        String server = Files.readAllLines(kubeconfig).stream().filter(l -> l.trim().startsWith("server:"))
                .map(l -> l.trim().substring("server:".length()).trim()).findFirst().orElseThrow();
        assertThat(RealClusterScenario.URLS).containsExactly(server);
    }
}
