package io.kubepark.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Job planner without I/O; rule numbers from docs/workloads/job.md. */
class JobPlannerTest {
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    private static ObjectNode job(String specJson) {
        ObjectNode job = (ObjectNode) parse(("""
                {"metadata": {"name": "j", "namespace": "ns", "uid": "job-uid"},
                 "spec": {"parallelism": 2, "completions": 3, "backoffLimit": 6, "completionMode": "NonIndexed",
                          "podReplacementPolicy": "TerminatingOrFailed",
                          "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "job-uid"}},
                          "template": {"metadata": {"labels": {"batch.kubernetes.io/controller-uid": "job-uid"}},
                                       "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "i"}]}}},
                 "status": {}}"""));
        ((ObjectNode) job.path("spec")).setAll((ObjectNode) parse((specJson)));
        return job;
    }

    private static ObjectNode pod(String name, String phase, boolean finalizer) {
        ObjectNode pod = (ObjectNode) parse(("""
                {"metadata": {"name": "%s", "namespace": "ns", "uid": "%s-uid",
                              "creationTimestamp": "2025-01-01T09:59:00Z",
                              "labels": {"batch.kubernetes.io/controller-uid": "job-uid"},
                              "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "j",
                                                   "uid": "job-uid", "controller": true}]},
                 "status": {"phase": "%s"}}""".formatted(name, name, phase)));
        if (finalizer) {
            ((ObjectNode) pod.path("metadata")).putArray("finalizers").add("batch.kubernetes.io/job-tracking");
        }
        return pod;
    }

    private static <T> List<T> steps(JobPlan plan, Class<T> type) {
        List<T> out = new ArrayList<>();
        plan.steps().stream().filter(type::isInstance).map(type::cast).forEach(out::add);
        return out;
    }

    private static JsonNode lastStatus(JobPlan plan) {
        List<JobStep.WriteStatus> writes = steps(plan, JobStep.WriteStatus.class);
        return writes.get(writes.size() - 1).status();
    }

    @Test
    void newJobCreatesParallelismPodsWithTheTrackingFinalizer() {
        // J4, J6, J11
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job("{}"), List.of(), NOW, BackoffRecord.NONE));
        List<JobStep.CreatePod> creates = steps(plan, JobStep.CreatePod.class);
        assertThat(creates).hasSize(2);
        JsonNode meta = creates.get(0).pod().path("metadata");
        assertThat(meta.path("generateName").asText()).isEqualTo("j-");
        assertThat(meta.path("finalizers").toString()).isEqualTo("[\"batch.kubernetes.io/job-tracking\"]");
        assertThat(meta.path("ownerReferences").get(0).path("controller").asBoolean()).isTrue();
        JsonNode status = lastStatus(plan);
        assertThat(status.path("active").asInt()).isEqualTo(2);
        assertThat(status.path("startTime").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(status.path("uncountedTerminatedPods").isObject()).isTrue();
    }

    @Test
    void succeededPodIsListedUncountedThenCountedAfterItsFinalizerGoes() {
        // J10
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job("{}"),
                List.of(pod("a", "Succeeded", true), pod("b", "Running", true)), NOW, BackoffRecord.NONE));
        List<JobStep.WriteStatus> writes = steps(plan, JobStep.WriteStatus.class);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).status().path("uncountedTerminatedPods").path("succeeded").toString())
                .isEqualTo("[\"a-uid\"]");
        assertThat(steps(plan, JobStep.RemoveFinalizer.class)).extracting(JobStep.RemoveFinalizer::name)
                .containsExactly("a");
        assertThat(writes.get(1).status().path("succeeded").asInt()).isEqualTo(1);
        assertThat(writes.get(1).status().path("uncountedTerminatedPods").size()).isZero();
        // one more pod for the third completion (min(parallelism 2, 3 - 1) = 2 active)
        assertThat(steps(plan, JobStep.CreatePod.class)).hasSize(1);
    }

    @Test
    void failureWaitsForTheBackOff() {
        // J15
        ObjectNode failed = pod("a", "Failed", true);
        ((ObjectNode) failed.path("status")).putArray("containerStatuses").addObject().put("name", "c")
                .putObject("state").putObject("terminated").put("exitCode", 1)
                .put("finishedAt", "2025-01-01T09:59:58Z");
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job("{\"completions\": 1, \"parallelism\": 1}"),
                List.of(failed), NOW, BackoffRecord.NONE));
        assertThat(steps(plan, JobStep.CreatePod.class)).isEmpty();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(8));
        assertThat(plan.backoff()).isEqualTo(new BackoffRecord(1, Instant.parse("2025-01-01T09:59:58Z")));
        assertThat(BackoffRecord.remaining(3, NOW, NOW)).isEqualTo(Duration.ofSeconds(40));
        assertThat(BackoffRecord.remaining(10, NOW, NOW)).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void exceedingTheBackoffLimitWritesFailureTargetThenFailed() {
        // J14
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job("{\"backoffLimit\": 0, \"completions\": 1}"),
                List.of(pod("a", "Failed", true)), NOW, BackoffRecord.NONE));
        JsonNode status = lastStatus(plan);
        assertThat(status.path("conditions").findValuesAsText("type")).containsExactly("FailureTarget", "Failed");
        assertThat(status.path("conditions").get(1).path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(status.path("failed").asInt()).isEqualTo(1);
        assertThat(plan.steps()).last().isEqualTo(new JobStep.Event("Warning", "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"));
    }

    @Test
    void suspendDeletesActivePodsWithoutCountingThem() {
        // J24
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job("{\"suspend\": true}"),
                List.of(pod("a", "Running", true)), NOW, BackoffRecord.NONE));
        assertThat(steps(plan, JobStep.DeletePod.class)).containsExactly(new JobStep.DeletePod("a", "a-uid", true));
        JsonNode status = lastStatus(plan);
        assertThat(status.has("startTime")).isFalse();
        assertThat(status.path("conditions").get(0).path("reason").asText()).isEqualTo("JobSuspended");
        assertThat(status.path("terminating").asInt()).isEqualTo(1);
        assertThat(status.has("failed")).isFalse();
    }

    @Test
    void indexesAreFormattedAsIntervals() {
        // J21
        assertThat(Indexes.format(new java.util.TreeSet<>(List.of(0, 1, 2, 4, 6, 7)))).isEqualTo("0-2,4,6-7");
        assertThat(Indexes.parse("0-2,4", 4)).containsExactly(0, 1, 2);
    }

    @Test
    void finishedJobIsLeftAlone() {
        // J25
        ObjectNode done = job("{}");
        ((ObjectNode) done.path("status")).putArray("conditions").addObject().put("type", "Complete")
                .put("status", "True");
        JobPlan plan = JobPlanner.plan(new JobSnapshot(done, List.of(pod("a", "Running", true)), NOW,
                BackoffRecord.NONE));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.backoff()).isNull();
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String s) {
        try {
            return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
