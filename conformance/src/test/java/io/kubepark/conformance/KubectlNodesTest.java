package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nodes, the scheduler and the fake kubelets through kubectl 1.31 and 1.33: get nodes, describe node, pods that
 * run, logs, cordon, drain, uncordon and taint. Each version works on its own node so the two do not meet.
 */
class KubectlNodesTest extends ClusterScenarios {
    private Kubectl kubectl(String version) throws Exception {
        return Kubectl.of(version, cluster.kubeconfig());
    }

    private static String ns(String version, String what) {
        return what + "-" + version.replace(".", "");
    }

    /** A pod placed on a node directly, as a DaemonSet or a static pod is. */
    private static String podOn(String name, String ns, String node, String annotations) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  annotations: {%s}
                spec:
                  nodeName: %s
                  containers:
                  - name: main
                    image: busybox:1.36
                """.formatted(name, ns, annotations, node);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void getNodesPrintsReadyNodesWithTheirVersion(String version) throws Exception {
        Kubectl k = kubectl(version);
        String nodes = ok(k.run("get", "nodes")).out();
        assertThat(nodes.lines().findFirst().orElseThrow()).matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
        assertThat(nodes).containsPattern("node-1\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.33\\.1");
        assertThat(nodes.lines().count()).isEqualTo(4);
        String wide = ok(k.run("get", "nodes", "-o", "wide")).out();
        assertThat(wide.lines().findFirst().orElseThrow()).matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\s+"
                + "INTERNAL-IP\\s+EXTERNAL-IP\\s+OS-IMAGE\\s+KERNEL-VERSION\\s+CONTAINER-RUNTIME");
        assertThat(wide).containsPattern("node-1\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.33\\.1\\s+172\\.18\\.0\\.2\\s+<none>");
        String described = ok(k.run("describe", "node", "node-2")).out();
        assertThat(described).contains("Name:               node-2")
                .contains("topology.kubernetes.io/zone=zone-b")
                .contains("KubeletReady")
                .contains("PodCIDR:                      10.244.1.0/24")
                .contains("Allocated resources:")
                .containsPattern("HolderIdentity:\\s+node-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void aRunPodIsScheduledRunsAndLogs(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "logs");
        ok(k.run("create", "namespace", ns));
        ok(k.run("run", "hello", "-n", ns, "--image=busybox:1.36", "--restart=Never",
                "--annotations=kubepark.io/exit-after=1s"));
        ok(k.run("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/hello", "-n", ns, "--timeout=30s"));
        assertThat(ok(k.run("get", "pod", "hello", "-n", ns)).out()).containsPattern("hello\\s+0/1\\s+Completed\\s+0");
        assertThat(ok(k.run("logs", "hello", "-n", ns)).out()).isEqualTo(
                "kubepark: container hello started\nkubepark: exited with code 0\n");
        assertThat(ok(k.run("logs", "hello", "-n", ns, "--tail=1")).out()).isEqualTo("kubepark: exited with code 0\n");
        // follow ends by itself once the container has stopped
        assertThat(ok(k.run("logs", "-f", "hello", "-n", ns)).out()).contains("exited with code 0");
        ok(k.run("run", "crashy", "-n", ns, "--image=busybox:1.36",
                "--annotations=kubepark.io/exit-after=1s", "--annotations=kubepark.io/exit-code=2"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                k.run("logs", "crashy", "-n", ns, "--previous").out()).contains("kubepark: exited with code 2"));
        String described = ok(k.run("describe", "pod", "hello", "-n", ns)).out();
        assertThat(described).containsPattern("Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+"
                + "Successfully assigned " + ns + "/hello to node-\\d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void cordonDrainAndUncordonANode(String version) throws Exception {
        Kubectl k = kubectl(version);
        String node = version.equals("1.31") ? "node-1" : "node-2";
        String ns = ns(version, "drain");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(podOn("resident", ns, node, "kubepark.io/stop-delay: 2s"), "apply", "-f", "-"));
        ok(k.run("wait", "--for=condition=Ready", "pod/resident", "-n", ns, "--timeout=30s"));
        assertThat(ok(k.run("cordon", node)).out()).contains("node/" + node + " cordoned");
        assertThat(ok(k.run("get", "node", node)).out()).containsPattern(node + "\\s+Ready,SchedulingDisabled");
        Kubectl.Result drained = ok(k.run("drain", node, "--ignore-daemonsets", "--force", "--timeout=60s"));
        assertThat(drained.out() + drained.err()).contains("evicting pod " + ns + "/resident")
                .contains("pod/resident evicted").contains("node/" + node + " drained");
        assertThat(k.run("get", "pod", "resident", "-n", ns).exitCode()).isNotZero();
        assertThat(ok(k.run("uncordon", node)).out()).contains("node/" + node + " uncordoned");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                k.run("get", "node", node, "-o", "jsonpath={.spec.taints}").out()).doesNotContain("unschedulable"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void aTaintKeepsNewPodsAwayUntilRemoved(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version, "taint");
        ok(k.run("create", "namespace", ns));
        for (String node : new String[] {"node-1", "node-2", "node-3"}) {
            ok(k.run("taint", "nodes", node, "dedicated-" + version.replace(".", "") + "=gpu:NoSchedule"));
        }
        ok(k.run("run", "kept-out", "-n", ns, "--image=busybox:1.36"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                k.run("get", "pod", "kept-out", "-n", ns, "-o", "jsonpath={.status.conditions[0].message}").out())
                .contains("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated-"
                        + version.replace(".", "") + ": gpu}."));
        for (String node : new String[] {"node-1", "node-2", "node-3"}) {
            ok(k.run("taint", "nodes", node, "dedicated-" + version.replace(".", "") + "=gpu:NoSchedule-"));
        }
        ok(k.run("wait", "--for=condition=Ready", "pod/kept-out", "-n", ns, "--timeout=30s"));
    }
}
