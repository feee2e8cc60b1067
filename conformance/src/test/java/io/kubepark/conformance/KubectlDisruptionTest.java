package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl drain} against a PodDisruptionBudget, with kubectl 1.31 and 1.33 (docs/workloads/disruption.md,
 * rules 31d, 35, 36): blocked and retrying every 5 s while the budget allows no disruption, done once it allows one.
 * Each version drains a node of its own.
 */
class KubectlDisruptionTest extends ClusterScenarios {
    /** A StatefulSet of one pod on {@code node}, and a budget that wants that pod available. */
    private static String workload(String ns, String node) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: web
                  namespace: %s
                spec:
                  replicas: 1
                  serviceName: web
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      nodeSelector: {kubernetes.io/hostname: %s}
                      containers:
                      - name: main
                        image: nginx:1.27
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: web
                  namespace: %s
                spec:
                  minAvailable: 1
                  selector:
                    matchLabels: {app: web}
                """.formatted(ns, node, ns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void drainWaitsForTheDisruptionBudgetThenCompletes(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String node = version.equals("1.31") ? "node-1" : "node-2";
        String ns = "pdb-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(workload(ns, node), "apply", "-f", "-"));
        ok(k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"));
        ok(k.run("wait", "--for=jsonpath={.status.currentHealthy}=1", "pdb/web", "-n", ns, "--timeout=30s"));
        assertThat(ok(k.run("get", "pdb", "web", "-n", ns)).out())
                .containsPattern("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE")
                .containsPattern("web\\s+1\\s+N/A\\s+0\\s+");
        String uid = ok(k.run("get", "pod", "web-0", "-n", ns, "-o", "jsonpath={.metadata.uid}")).out();

        Process drain = k.start("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=120s");
        StringBuffer output = new StringBuffer();
        Thread reader = collect(drain.getInputStream(), output);
        try {
            String retry = "error when evicting pods/\"web-0\" -n \"" + ns + "\" (will retry after 5s): Cannot evict "
                    + "pod as it would violate the pod's disruption budget.";
            // kubectl keeps retrying: the message comes back every 5 s
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.toString().split(
                    java.util.regex.Pattern.quote(retry), -1)).hasSizeGreaterThanOrEqualTo(3));
            assertThat(drain.isAlive()).as(output.toString()).isTrue();
            assertThat(ok(k.run("get", "pod", "web-0", "-n", ns, "-o",
                    "jsonpath={.metadata.uid} {.metadata.deletionTimestamp}")).out().trim()).isEqualTo(uid);
            assertThat(ok(k.run("get", "node", node)).out()).containsPattern(node + "\\s+Ready,SchedulingDisabled");

            // the budget lets one pod go: the next retry evicts it and the drain completes
            ok(k.run("patch", "pdb", "web", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"minAvailable\":0}}"));
            assertThat(drain.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
            reader.join(5000);
            assertThat(drain.exitValue()).as(output.toString()).isZero();
            assertThat(output.toString()).contains("evicting pod " + ns + "/web-0").contains("pod/web-0 evicted")
                    .contains("node/" + node + " drained");
            String now = k.run("get", "pod", "web-0", "-n", ns, "-o", "jsonpath={.metadata.uid}").out();
            assertThat(now).isNotEqualTo(uid);
        } finally {
            if (drain.isAlive()) {
                drain.destroyForcibly();
            }
            ok(k.run("uncordon", node));
        }
    }

    /** Reads a process's output into {@code into} as it comes, on a thread of its own. */
    private static Thread collect(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "kubectl-drain-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
