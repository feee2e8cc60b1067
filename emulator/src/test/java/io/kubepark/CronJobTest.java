package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/workloads/cronjob.md (numbers in the comments), end to end on a virtual clock: an hour of
 * schedules passes in one {@code park.advance}.
 */
class CronJobTest extends WithCluster {
    /**
     * Every test starts half a minute past a minute of the virtual clock, so that what a schedule has done after a
     * whole number of minutes does not depend on the second the cluster started at.
     */
    @org.junit.jupiter.api.BeforeEach
    void halfPastAMinute() {
        park.advance(Duration.between(park.now(),
                park.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(90)));
    }

    private static final String NS = "default";

    @Override
    protected KubePark.Builder builder() {
        return KubePark.builder().virtualClock().nodes(1);
    }

    private static CronJobBuilder cronJob(String name, String schedule, String exitAfter) {
        return new CronJobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
                .withSchedule(schedule).withNewJobTemplate().withNewMetadata().addToLabels("team", "batch")
                .endMetadata().withNewSpec().withNewTemplate().withNewMetadata()
                .addToAnnotations("kubepark.io/exit-after", exitAfter).endMetadata().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec();
    }

    private CronJob create(CronJobBuilder b) {
        CronJob created = client.batch().v1().cronjobs().inNamespace(NS).resource(b.build()).create();
        park.awaitIdle();
        return created;
    }

    private CronJob get(String name) {
        return client.batch().v1().cronjobs().inNamespace(NS).withName(name).get();
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    private List<String> events(String name, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name) && e.getReason().equals(reason))
                .map(e -> e.getMessage() + " x" + e.getCount()).toList();
    }

    private int count(String name, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name) && e.getReason().equals(reason))
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    @Test
    void everyMinuteForAVirtualHourMakesSixtyJobsAndKeepsTheHistoryLimits() {
        // C6, C7, C12, C13, C14: an hour of virtual time, without waiting for it
        CronJob cj = create(cronJob("tick", "*/1 * * * *", "5s"));
        long wallStart = System.nanoTime();
        park.advance(Duration.ofMinutes(60));
        System.out.println("an hour of every-minute schedules took " + (System.nanoTime() - wallStart) / 1_000_000 + " ms");
        assertThat(count("tick", "SuccessfulCreate")).isEqualTo(60);
        List<Job> left = jobs();
        assertThat(left).hasSize(3); // successfulJobsHistoryLimit 3
        for (Job j : left) {
            Instant scheduled = Instant.parse(j.getMetadata().getAnnotations()
                    .get("batch.kubernetes.io/cronjob-scheduled-timestamp"));
            assertThat(j.getMetadata().getName()).isEqualTo("tick-" + scheduled.getEpochSecond() / 60);
            assertThat(scheduled.getEpochSecond() % 60).isZero();
            assertThat(j.getMetadata().getLabels()).containsEntry("team", "batch");
            assertThat(j.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind()).isEqualTo("CronJob");
                assertThat(r.getUid()).isEqualTo(cj.getMetadata().getUid());
                assertThat(r.getController()).isTrue();
            });
        }
        CronJob after = get("tick");
        Instant last = Instant.parse(after.getStatus().getLastScheduleTime());
        assertThat(Duration.between(last, park.now())).isLessThan(Duration.ofMinutes(1));
        assertThat(after.getStatus().getLastSuccessfulTime()).isNotNull();
        assertThat(after.getStatus().getActive()).isNullOrEmpty();
        assertThat(count("tick", "SawCompletedJob")).isEqualTo(60);
        assertThat(count("tick", "SuccessfulDelete")).isEqualTo(57);
    }

    @Test
    void forbidSkipsWhileAJobRunsAndReplaceDeletesIt() {
        // C11
        create(cronJob("forbid", "* * * * *", "150s").editSpec().withConcurrencyPolicy("Forbid").endSpec());
        create(cronJob("replace", "* * * * *", "1h").editSpec().withConcurrencyPolicy("Replace").endSpec());
        park.advance(Duration.ofMinutes(5));
        // forbid: a Job runs 150 s, so every other minute is skipped
        assertThat(count("forbid", "SuccessfulCreate")).isBetween(2, 3);
        assertThat(count("forbid", "JobAlreadyActive")).isGreaterThanOrEqualTo(2);
        assertThat(events("forbid", "JobAlreadyActive")).allSatisfy(m -> assertThat(m).startsWith(
                "Not starting job because prior execution is running and concurrency policy is Forbid"));
        // replace: one Job at a time, the previous one deleted each minute
        assertThat(count("replace", "SuccessfulCreate")).isEqualTo(5);
        assertThat(count("replace", "SuccessfulDelete")).isEqualTo(4);
        assertThat(get("replace").getStatus().getActive()).hasSize(1);
        assertThat(jobs()).filteredOn(j -> j.getMetadata().getName().startsWith("replace-")).hasSize(1);
    }

    @Test
    void onlyTheMostRecentMissedTimeRunsAfterASuspend() {
        // C8, C15
        create(cronJob("paused", "*/5 * * * *", "1s").editSpec().withSuspend(true).endSpec());
        park.advance(Duration.ofMinutes(30));
        assertThat(jobs()).isEmpty();
        client.batch().v1().cronjobs().inNamespace(NS).withName("paused").edit(c -> {
            c.getSpec().setSuspend(false);
            return c;
        });
        park.awaitIdle();
        assertThat(count("paused", "SuccessfulCreate")).isEqualTo(1);
        Instant scheduled = Instant.parse(get("paused").getStatus().getLastScheduleTime());
        assertThat(scheduled.getEpochSecond() % 300).isZero();
        assertThat(Duration.between(scheduled, park.now())).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void startingDeadlineSkipsATimeMissedByTooMuch() {
        // C10
        create(cronJob("late", "*/10 * * * *", "1s").editSpec().withSuspend(true).withStartingDeadlineSeconds(10L)
                .endSpec());
        park.advance(Duration.ofMinutes(10));
        Instant missed = Instant.ofEpochSecond(park.now().getEpochSecond() / 600 * 600);
        if (Duration.between(missed, park.now()).getSeconds() <= 10) {
            park.advance(Duration.ofSeconds(11));
        }
        client.batch().v1().cronjobs().inNamespace(NS).withName("late").edit(c -> {
            c.getSpec().setSuspend(false);
            return c;
        });
        park.awaitIdle();
        assertThat(jobs()).isEmpty();
        park.advance(Duration.ofMinutes(10));

        assertThat(count("late", "SuccessfulCreate")).isEqualTo(1);
    }

    @Test
    void moreThanAHundredMissedTimesAreReportedAndTheLatestRuns() {
        // C9, C8
        create(cronJob("stale", "@every 1s", "1s").editSpec().withSuspend(true).endSpec());
        park.advance(Duration.ofMinutes(2));
        client.batch().v1().cronjobs().inNamespace(NS).withName("stale").edit(c -> {
            c.getSpec().setSuspend(false);
            return c;
        });
        park.awaitIdle();
        assertThat(events("stale", "TooManyMissedTimes")).singleElement().asString().startsWith(
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        assertThat(count("stale", "SuccessfulCreate")).isEqualTo(1);
        assertThat(get("stale").getStatus().getLastScheduleTime()).isEqualTo(park.now().toString());
    }

    @Test
    void timeZoneSetsTheScheduledTimestampOffset() {
        // C4, C6
        create(cronJob("zoned", "0 * * * *", "1s").editSpec().withTimeZone("Asia/Kolkata").endSpec());
        park.advance(Duration.ofMinutes(61));
        Job job = jobs().get(0);
        String stamp = job.getMetadata().getAnnotations().get("batch.kubernetes.io/cronjob-scheduled-timestamp");
        assertThat(stamp).endsWith(":00+05:30");
        // Kolkata is 5:30 ahead: its full hours fall at half past in UTC
        assertThat(Instant.parse(get("zoned").getStatus().getLastScheduleTime()).getEpochSecond() % 3600)
                .isEqualTo(1800);
    }

    @Test
    void badSchedulesAndTimeZonesAreRefused() {
        // C2, C3, C4, C5
        assertInvalid(cronJob("bogus", "bogus", "1s"),
                "CronJob.batch \"bogus\" is invalid: spec.schedule: Invalid value: \"bogus\": "
                        + "expected exactly 5 fields, found 1: [bogus]");
        assertInvalid(cronJob("range", "61 * * * *", "1s"),
                "CronJob.batch \"range\" is invalid: spec.schedule: Invalid value: \"61 * * * *\": "
                        + "end of range (61) above maximum (59): 61");
        assertInvalid(cronJob("tz", "TZ=UTC 0 * * * *", "1s"),
                "CronJob.batch \"tz\" is invalid: spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": "
                        + "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        assertInvalid(cronJob("zone", "0 * * * *", "1s").editSpec().withTimeZone("Mars/Olympus").endSpec(),
                "CronJob.batch \"zone\" is invalid: spec.timeZone: Invalid value: \"Mars/Olympus\": "
                        + "unknown time zone Mars/Olympus");
        assertInvalid(cronJob("policy", "0 * * * *", "1s").editSpec().withConcurrencyPolicy("Sometimes").endSpec(),
                "CronJob.batch \"policy\" is invalid: spec.concurrencyPolicy: Unsupported value: \"Sometimes\": "
                        + "supported values: \"Allow\", \"Forbid\", \"Replace\"");
    }

    private void assertInvalid(CronJobBuilder b, String message) {
        assertThatThrownBy(() -> client.batch().v1().cronjobs().inNamespace(NS).resource(b.build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).isEqualTo(message);
                });
    }

    @Test
    void descriptorSchedulesFire() {
        // C1
        create(cronJob("hourly", "@hourly", "1s"));
        park.advance(Duration.ofHours(3));
        assertThat(count("hourly", "SuccessfulCreate")).isEqualTo(3);
        assertThat(Instant.parse(get("hourly").getStatus().getLastScheduleTime()).getEpochSecond() % 3600).isZero();
    }

    @Test
    void historyLimitsKeepFailedJobs() {
        // C14
        create(cronJob("failing", "* * * * *", "1s").editSpec().withFailedJobsHistoryLimit(2).editJobTemplate()
                .editSpec().withBackoffLimit(0).editTemplate().editMetadata()
                .addToAnnotations(Map.of("kubepark.io/exit-code", "1")).endMetadata().endTemplate().endSpec()
                .endJobTemplate().endSpec());
        park.advance(Duration.ofMinutes(10));
        // the newest Job may still be running; of the failed ones only the newest two are kept
        assertThat(jobs()).filteredOn(j -> j.getStatus().getConditions() != null && j.getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("Failed"))).hasSize(2);
        assertThat(jobs().size()).isLessThanOrEqualTo(3);
        assertThat(count("failing", "SuccessfulDelete")).isGreaterThanOrEqualTo(7);
        assertThat(get("failing").getStatus().getLastSuccessfulTime()).isNull();
    }
}
