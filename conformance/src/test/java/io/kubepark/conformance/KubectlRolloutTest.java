package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kubectl rollout status, history, undo and restart on a StatefulSet, with kubectl 1.31 and 1.33. */
class KubectlRolloutTest extends ClusterScenarios {
    private static String statefulSet(String ns, String image) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: web
                  namespace: %s
                spec:
                  replicas: 2
                  serviceName: web
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: %s
                """.formatted(ns, image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void rolloutStatusHistoryUndoAndRestartWorkForStatefulSets(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "rollout-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput(statefulSet(ns, "nginx:1.27"), "apply", "-f", "-"));
        assertThat(ok(k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s")).out())
                .contains("partitioned roll out complete: 2 new pods have been updated...");
        assertThat(ok(k.run("get", "statefulset", "web", "-n", ns)).out()).containsPattern("web\\s+2/2\\s+\\d+s");
        ok(k.run("set", "image", "statefulset/web", "nginx=nginx:1.28", "-n", ns));
        ok(k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"));
        assertThat(ok(k.run("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.containers[0].image}")).out())
                .isEqualTo("nginx:1.28 nginx:1.28");
        String history = ok(k.run("rollout", "history", "statefulset/web", "-n", ns)).out();
        assertThat(history).contains("REVISION").containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        ok(k.run("rollout", "undo", "statefulset/web", "-n", ns));
        ok(k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"));
        assertThat(ok(k.run("get", "statefulset", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}")).out()).isEqualTo("nginx:1.27");
        String uidBefore = ok(k.run("get", "pod", "web-0", "-n", ns, "-o", "jsonpath={.metadata.uid}")).out();
        assertThat(ok(k.run("rollout", "restart", "statefulset/web", "-n", ns)).out())
                .contains("statefulset.apps/web restarted");
        ok(k.run("rollout", "status", "statefulset/web", "-n", ns, "--timeout=60s"));
        assertThat(ok(k.run("get", "pod", "web-0", "-n", ns, "-o", "jsonpath={.metadata.uid}")).out())
                .isNotEqualTo(uidBefore);
    }
}
