package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl create job, create cronjob, create job --from=cronjob, get jobs and cronjobs, and wait for a Job to
 * complete, with kubectl 1.31 and 1.33 against {@code kubepark serve} on wall time (docs/workloads/job.md,
 * cronjob.md).
 */
class KubectlBatchTest extends ClusterScenarios {
    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void createJobAndCronJobAndListThem(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "batch-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        assertThat(ok(k.run("create", "job", "x", "--image=busybox", "-n", ns)).out())
                .contains("job.batch/x created");
        assertThat(ok(k.run("get", "job", "x", "-n", ns, "-o", "jsonpath={.spec.selector.matchLabels}")).out())
                .contains("batch.kubernetes.io/controller-uid");
        assertThat(ok(k.run("get", "pods", "-n", ns, "-l", "job-name=x", "-o", "name")).out()).startsWith("pod/x-");
        assertThat(ok(k.run("create", "cronjob", "x", "--image=busybox", "--schedule=*/1 * * * *", "-n", ns)).out())
                .contains("cronjob.batch/x created");
        assertThat(ok(k.run("create", "job", "y", "--from=cronjob/x", "-n", ns)).out())
                .contains("job.batch/y created");
        assertThat(ok(k.run("get", "job", "y", "-n", ns, "-o",
                "jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} "
                        + "{.metadata.ownerReferences[0].kind} {.spec.template.spec.containers[0].image}")).out())
                .isEqualTo("manual CronJob busybox");
        String jobs = ok(k.run("get", "jobs", "-n", ns)).out();
        assertThat(jobs.lines().findFirst().orElseThrow())
                .matches("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE");
        assertThat(jobs).containsPattern("(?m)^x\\s+Running\\s+0/1\\s+\\d+s\\s+\\d+s");
        String cronJobs = ok(k.run("get", "cronjobs", "-n", ns)).out();
        assertThat(cronJobs.lines().findFirst().orElseThrow())
                .matches("NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE");
        assertThat(cronJobs).containsPattern("(?m)^x\\s+\\*/1 \\* \\* \\* \\*\\s+<none>\\s+False\\s+\\d+\\s+\\S+\\s+\\d+s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void waitForConditionCompleteReturnsWhenTheJobCompletes(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "wait-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: x
                  namespace: %s
                spec:
                  template:
                    metadata:
                      annotations:
                        kubepark.io/exit-after: 2s
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: main
                        image: busybox
                """.formatted(ns), "apply", "-f", "-"));
        assertThat(ok(k.run("wait", "--for=condition=complete", "job/x", "-n", ns, "--timeout=60s")).out())
                .contains("job.batch/x condition met");
        assertThat(ok(k.run("get", "job", "x", "-n", ns)).out()).containsPattern("(?m)^x\\s+Complete\\s+1/1\\s+");
    }
}
