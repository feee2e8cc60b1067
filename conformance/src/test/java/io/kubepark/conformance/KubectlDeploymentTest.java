package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl create, get, scale and rollout status|history|undo|pause|resume|restart on Deployments, with kubectl 1.31
 * and 1.33 (rules D24, D25, D28 of docs/workloads/deployment.md).
 */
class KubectlDeploymentTest extends ClusterScenarios {
    private static String image(Kubectl k, String ns) throws Exception {
        return ok(k.run("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.spec.containers[0].image}")).out();
    }

    private static void rolledOut(Kubectl k, String ns) throws Exception {
        assertThat(ok(k.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).out())
                .contains("deployment \"web\" successfully rolled out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void createGetRolloutStatusHistoryAndUndo(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "deploy-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        assertThat(ok(k.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.27", "--replicas=3")).out())
                .contains("deployment.apps/web created");
        rolledOut(k, ns);
        String deployments = ok(k.run("get", "deployments", "-n", ns)).out();
        assertThat(deployments.lines().findFirst().orElseThrow()).matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");
        assertThat(deployments).containsPattern("web\\s+3/3\\s+3\\s+3\\s+\\d+s");
        String replicaSets = ok(k.run("get", "replicasets", "-n", ns)).out();
        assertThat(replicaSets.lines().findFirst().orElseThrow()).matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE");
        assertThat(replicaSets).containsPattern("web-[a-z0-9]+\\s+3\\s+3\\s+3\\s+\\d+s");

        ok(k.run("set", "image", "deployment/web", "nginx=nginx:1.28", "-n", ns));
        rolledOut(k, ns);
        assertThat(ok(k.run("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.containers[0].image}")).out()
                .split(" ")).containsOnly("nginx:1.28").hasSize(3);
        String history = ok(k.run("rollout", "history", "deployment/web", "-n", ns)).out();
        assertThat(history).contains("REVISION").contains("CHANGE-CAUSE").containsPattern("(?m)^1\\s")
                .containsPattern("(?m)^2\\s");

        assertThat(ok(k.run("rollout", "undo", "deployment/web", "-n", ns)).out())
                .contains("deployment.apps/web rolled back");
        rolledOut(k, ns);
        assertThat(image(k, ns)).isEqualTo("nginx:1.27");
        assertThat(ok(k.run("get", "replicasets", "-n", ns, "-o", "name")).out().lines()).as("the old set came back")
                .hasSize(2);
        history = ok(k.run("rollout", "history", "deployment/web", "-n", ns)).out();
        assertThat(history).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void pauseResumeRestartAndScale(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "deploy-pause-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.run("create", "deployment", "web", "-n", ns, "--image=nginx:1.27", "--replicas=2"));
        rolledOut(k, ns);

        assertThat(ok(k.run("rollout", "pause", "deployment/web", "-n", ns)).out()).contains("deployment.apps/web paused");
        ok(k.run("set", "image", "deployment/web", "nginx=nginx:1.28", "-n", ns));
        assertThat(ok(k.run("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}")).out())
                .isEqualTo("DeploymentPaused");
        assertThat(ok(k.run("get", "replicasets", "-n", ns, "-o", "name")).out().lines()).as("no rollout while paused")
                .hasSize(1);
        assertThat(ok(k.run("rollout", "resume", "deployment/web", "-n", ns)).out()).contains("deployment.apps/web resumed");
        rolledOut(k, ns);
        assertThat(ok(k.run("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].spec.containers[0].image}")).out()
                .split(" ")).containsOnly("nginx:1.28");

        assertThat(ok(k.run("rollout", "restart", "deployment/web", "-n", ns)).out())
                .contains("deployment.apps/web restarted");
        rolledOut(k, ns);
        assertThat(ok(k.run("get", "deployment", "web", "-n", ns, "-o",
                "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}")).out()).isNotEmpty();
        assertThat(ok(k.run("get", "replicasets", "-n", ns, "-o", "name")).out().lines()).hasSize(3);

        assertThat(ok(k.run("scale", "deployment", "web", "-n", ns, "--replicas=5")).out())
                .contains("deployment.apps/web scaled");
        rolledOut(k, ns);
        assertThat(ok(k.run("get", "deployment", "web", "-n", ns)).out()).containsPattern("web\\s+5/5\\s+5\\s+5\\s+\\d+s");
    }
}
