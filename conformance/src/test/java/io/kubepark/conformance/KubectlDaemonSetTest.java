package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl get, rollout status, history, undo and restart on a DaemonSet, with kubectl 1.31 and 1.33, on wall time
 * against a three-node cluster (rules 34 and 35 of docs/workloads/daemonset.md).
 */
class KubectlDaemonSetTest extends ClusterScenarios {
    private static String daemonSet(String ns, String image) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: agent
                  namespace: %s
                spec:
                  selector:
                    matchLabels: {app: agent}
                  template:
                    metadata:
                      labels: {app: agent}
                    spec:
                      nodeSelector: {kubernetes.io/os: linux}
                      containers:
                      - name: agent
                        image: %s
                """.formatted(ns, image);
    }

    private static String images(Kubectl k, String ns) throws Exception {
        return ok(k.run("get", "pods", "-n", ns, "-l", "app=agent", "-o",
                "jsonpath={.items[*].spec.containers[0].image}")).out();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void getPrintsTheDaemonSetColumns(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "ds-get-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(daemonSet(ns, "busybox:1.36"), "apply", "-f", "-"));
        ok(k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"));
        List<String> lines = ok(k.run("get", "daemonsets", "-n", ns)).out().lines().toList();
        assertThat(lines.get(0))
                .matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE");
        assertThat(lines.get(1)).matches("agent\\s+3\\s+3\\s+3\\s+3\\s+3\\s+kubernetes\\.io/os=linux\\s+\\d+s");
        assertThat(ok(k.run("get", "ds", "agent", "-n", ns, "-o", "wide")).out().lines().toList().get(0))
                .matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE"
                        + "\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
        assertThat(ok(k.run("get", "pods", "-n", ns, "-l", "app=agent", "-o",
                "jsonpath={.items[*].spec.nodeName}")).out().split(" ")).containsExactlyInAnyOrder("node-1", "node-2",
                "node-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void rolloutStatusHistoryUndoAndRestartWorkForDaemonSets(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "ds-rollout-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(daemonSet(ns, "busybox:1.36"), "apply", "-f", "-"));
        assertThat(ok(k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s")).out())
                .contains("daemon set \"agent\" successfully rolled out");

        ok(k.run("set", "image", "daemonset/agent", "agent=busybox:1.37", "-n", ns));
        ok(k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"));
        assertThat(images(k, ns)).isEqualTo("busybox:1.37 busybox:1.37 busybox:1.37");
        String history = ok(k.run("rollout", "history", "daemonset/agent", "-n", ns)).out();
        assertThat(history).contains("daemonset.apps/agent").containsPattern("REVISION\\s+CHANGE-CAUSE")
                .containsPattern("(?m)^1\\s+<none>").containsPattern("(?m)^2\\s+<none>");
        assertThat(ok(k.run("rollout", "history", "daemonset/agent", "-n", ns, "--revision=1")).out())
                .contains("busybox:1.36");

        assertThat(ok(k.run("rollout", "undo", "daemonset/agent", "-n", ns)).out())
                .contains("daemonset.apps/agent rolled back");
        ok(k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"));
        assertThat(ok(k.run("get", "daemonset", "agent", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}")).out()).isEqualTo("busybox:1.36");
        assertThat(images(k, ns)).isEqualTo("busybox:1.36 busybox:1.36 busybox:1.36");
        assertThat(ok(k.run("rollout", "history", "daemonset/agent", "-n", ns)).out())
                .containsPattern("(?m)^2\\s+<none>").containsPattern("(?m)^3\\s+<none>")
                .doesNotContainPattern("(?m)^1\\s");
        assertThat(ok(k.run("rollout", "undo", "daemonset/agent", "-n", ns, "--to-revision=3")).out())
                .contains("skipped rollback (current template already matches revision 3)");

        String uids = ok(k.run("get", "pods", "-n", ns, "-l", "app=agent", "-o",
                "jsonpath={.items[*].metadata.uid}")).out();
        assertThat(ok(k.run("rollout", "restart", "daemonset/agent", "-n", ns)).out())
                .contains("daemonset.apps/agent restarted");
        ok(k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s"));
        List<String> after = List.of(ok(k.run("get", "pods", "-n", ns, "-l", "app=agent", "-o",
                "jsonpath={.items[*].metadata.uid}")).out().split(" "));
        assertThat(after).hasSize(3).doesNotContainAnyElementsOf(List.of(uids.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void rolloutStatusRefusesAnOnDeleteDaemonSet(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "ds-ondelete-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(daemonSet(ns, "busybox:1.36").replace("spec:\n  selector:",
                "spec:\n  updateStrategy: {type: OnDelete}\n  selector:"), "apply", "-f", "-"));
        Kubectl.Result status = k.run("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=20s");
        assertThat(status.exitCode()).as(status.toString()).isNotZero();
        assertThat(status.err()).contains("rollout status is only available for RollingUpdate strategy type");
    }
}
