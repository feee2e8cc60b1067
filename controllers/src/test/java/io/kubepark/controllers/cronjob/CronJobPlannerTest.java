package io.kubepark.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CronJob planner and schedules without I/O; rule numbers from docs/workloads/cronjob.md. */
class CronJobPlannerTest {
    private static ObjectNode cronJob(String schedule, String created) {
        return (ObjectNode) parse(("""
                {"metadata": {"name": "cj", "namespace": "ns", "uid": "cj-uid", "creationTimestamp": "%s"},
                 "spec": {"schedule": "%s", "concurrencyPolicy": "Allow", "suspend": false,
                          "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                          "jobTemplate": {"metadata": {"labels": {"a": "b"}},
                                          "spec": {"template": {"spec": {"containers": []}}}}},
                 "status": {}}""".formatted(created, schedule)));
    }

    @Test
    void schedulesStepToTheNextTimeStrictlyAfter() {
        // C1
        Schedule every5 = Schedule.parse("*/5 * * * *", ZoneOffset.UTC);
        assertThat(every5.next(Instant.parse("2025-01-01T10:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T10:05:00Z"));
        assertThat(every5.next(Instant.parse("2025-01-01T10:03:59.5Z")))
                .isEqualTo(Instant.parse("2025-01-01T10:05:00Z"));
        assertThat(Schedule.parse("@hourly", ZoneOffset.UTC).next(Instant.parse("2025-01-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-01T11:00:00Z"));
        assertThat(Schedule.parse("@every 90s", ZoneOffset.UTC).next(Instant.parse("2025-01-01T10:00:00.5Z")))
                .isEqualTo(Instant.parse("2025-01-01T10:01:30Z"));
        assertThat(Schedule.parse("0 9 * * MON-FRI", ZoneId.of("Europe/Berlin"))
                .next(Instant.parse("2025-01-03T09:00:00Z"))).isEqualTo(Instant.parse("2025-01-06T08:00:00Z"));
        assertThatThrownBy(() -> Schedule.parse("* * *", ZoneOffset.UTC))
                .hasMessage("expected exactly 5 fields, found 3: [* * *]");
    }

    @Test
    void dueScheduleCreatesTheJobNamedAfterItsMinute() {
        // C6, C7
        ObjectNode cj = cronJob("*/1 * * * *", "2025-01-01T10:00:30Z");
        Instant now = Instant.parse("2025-01-01T10:01:00.100Z");
        CronJobPlan plan = CronJobPlanner.plan(cj, List.of(), now);
        CronJobStep.CreateJob create = (CronJobStep.CreateJob) plan.steps().get(0);
        long minutes = Instant.parse("2025-01-01T10:01:00Z").getEpochSecond() / 60;
        assertThat(create.job().path("metadata").path("name").asText()).isEqualTo("cj-" + minutes);
        assertThat(create.job().path("metadata").path("annotations")
                .path("batch.kubernetes.io/cronjob-scheduled-timestamp").asText()).isEqualTo("2025-01-01T10:01:00Z");
        assertThat(create.job().path("metadata").path("labels").path("a").asText()).isEqualTo("b");
        assertThat(plan.status().path("lastScheduleTime").asText()).isEqualTo("2025-01-01T10:01:00Z");
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void notYetDueScheduleOnlyRequeues() {
        // C7
        CronJobPlan plan = CronJobPlanner.plan(cronJob("0 * * * *", "2025-01-01T10:00:30Z"), List.of(),
                Instant.parse("2025-01-01T10:30:00Z"));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNull();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(30).plusMillis(100));
    }

    @Test
    void missedTimesRunOnlyTheMostRecentAndWarnPastAHundred() {
        // C8, C9
        ObjectNode cj = cronJob("* * * * *", "2025-01-01T00:00:30Z");
        CronJobPlan plan = CronJobPlanner.plan(cj, List.of(), Instant.parse("2025-01-01T03:00:10Z"));
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.steps().get(0)).isEqualTo(new CronJobStep.Event("Warning", "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
        assertThat(plan.status().path("lastScheduleTime").asText()).isEqualTo("2025-01-01T03:00:00Z");
    }

    @Test
    void startingDeadlineSkipsALateTime() {
        // C10
        ObjectNode cj = cronJob("0 * * * *", "2025-01-01T09:30:00Z");
        ((ObjectNode) cj.path("spec")).put("startingDeadlineSeconds", 10);
        CronJobPlan plan = CronJobPlanner.plan(cj, List.of(), Instant.parse("2025-01-01T10:00:30Z"));
        assertThat(plan.steps()).isEmpty();
        CronJobPlan inTime = CronJobPlanner.plan(cj, List.of(), Instant.parse("2025-01-01T10:00:05Z"));
        assertThat(inTime.steps()).singleElement().isInstanceOf(CronJobStep.CreateJob.class);
    }

    @Test
    void forbidSkipsWhileAJobIsActive() {
        // C11
        ObjectNode cj = cronJob("* * * * *", "2025-01-01T10:00:30Z");
        ((ObjectNode) cj.path("spec")).put("concurrencyPolicy", "Forbid");
        ((ObjectNode) cj.path("status")).putArray("active").addObject().put("name", "cj-1").put("uid", "u1");
        ((ObjectNode) cj.path("status")).put("lastScheduleTime", "2025-01-01T10:01:00Z");
        ObjectNode running = (ObjectNode) parse(("{\"metadata\": {\"name\": \"cj-1\", \"uid\": \"u1\"}}"));
        CronJobPlan plan = CronJobPlanner.plan(cj, List.of(running), Instant.parse("2025-01-01T10:02:00.1Z"));
        assertThat(plan.steps()).containsExactly(new CronJobStep.Event("Normal", "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is Forbid"));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String s) {
        try {
            return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
