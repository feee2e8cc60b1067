package io.kubepark.controllers.cronjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.admission.TimeZones;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The decision core of the CronJob controller (sync, syncCronJob and cleanupFinishedJobs of
 * pkg/controller/cronjob/cronjob_controllerv2.go, and utils.go): maps a CronJob, the Jobs it controls and the time
 * to the writes of one sync. Pure: no writes, no clock. Rule numbers refer to docs/workloads/cronjob.md.
 */
public final class CronJobPlanner {
    /** nextScheduleDelta: a sync is queued this long after the scheduled time. */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx",
            Locale.ROOT);

    private CronJobPlanner() {
    }

    /** The Job name for a scheduled time: {@code <cronjob>-<minutes since the epoch>} (rule C6). */
    public static String jobName(String cronJob, Instant scheduled) {
        return cronJob + "-" + scheduled.getEpochSecond() / 60;
    }

    /**
     * Plans one sync.
     *
     * @param cronJob the CronJob as stored
     * @param jobs the Jobs whose controller reference names it
     * @param now the control plane's clock
     */
    public static CronJobPlan plan(JsonNode cronJob, List<JsonNode> jobs, Instant now) {
        List<CronJobStep> steps = new ArrayList<>();
        ObjectNode status = cronJob.path("status").isObject() ? ((ObjectNode) cronJob.path("status")).deepCopy()
                : Json.object();
        boolean update = cleanupFinishedJobs(cronJob, jobs, status, steps);
        Duration requeue = syncCronJob(cronJob, jobs, now, status, steps);
        boolean create = steps.stream().anyMatch(s -> s instanceof CronJobStep.CreateJob);
        update |= create || !status.equals(cronJob.path("status").isObject() ? cronJob.path("status") : Json.object());
        return new CronJobPlan(steps, update ? status : null, requeue);
    }

    /** cleanupFinishedJobs and removeOldestJobs (C14). */
    private static boolean cleanupFinishedJobs(JsonNode cj, List<JsonNode> jobs, ObjectNode status,
            List<CronJobStep> steps) {
        JsonNode spec = cj.path("spec");
        if (!spec.path("successfulJobsHistoryLimit").isNumber() && !spec.path("failedJobsHistoryLimit").isNumber()) {
            return false;
        }
        List<JsonNode> succeeded = new ArrayList<>();
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode job : jobs) {
            String finished = finishedCondition(job);
            if ("Complete".equals(finished)) {
                succeeded.add(job);
            } else if ("Failed".equals(finished)) {
                failed.add(job);
            }
        }
        boolean update = false;
        if (spec.path("successfulJobsHistoryLimit").isNumber()) {
            update |= removeOldest(succeeded, spec.path("successfulJobsHistoryLimit").asInt(), status, steps);
        }
        if (spec.path("failedJobsHistoryLimit").isNumber()) {
            update |= removeOldest(failed, spec.path("failedJobsHistoryLimit").asInt(), status, steps);
        }
        return update;
    }

    private static boolean removeOldest(List<JsonNode> jobs, int max, ObjectNode status, List<CronJobStep> steps) {
        int toDelete = jobs.size() - max;
        if (toDelete <= 0) {
            return false;
        }
        List<JsonNode> sorted = new ArrayList<>(jobs);
        sorted.sort(BY_START_TIME);
        for (int i = 0; i < toDelete; i++) {
            deleteJob(sorted.get(i), status, steps);
        }
        return true;
    }

    /** byJobStartTime: started before not started, then by start time, then by name. */
    private static final Comparator<JsonNode> BY_START_TIME = (a, b) -> {
        Instant sa = time(a.path("status").path("startTime"));
        Instant sb = time(b.path("status").path("startTime"));
        if (sa == null && sb != null) {
            return 1;
        }
        if (sa != null && sb == null) {
            return -1;
        }
        if (sa == null || sa.equals(sb)) {
            return ObjectMeta.name(a).compareTo(ObjectMeta.name(b));
        }
        return sa.compareTo(sb);
    };

    private static void deleteJob(JsonNode job, ObjectNode status, List<CronJobStep> steps) {
        steps.add(new CronJobStep.DeleteJob(ObjectMeta.name(job), ObjectMeta.uid(job)));
        removeFromActive(status, ObjectMeta.uid(job));
    }

    /** syncCronJob: returns when to sync again, or null. */
    private static Duration syncCronJob(JsonNode cj, List<JsonNode> jobs, Instant now, ObjectNode status,
            List<CronJobStep> steps) {
        JsonNode spec = cj.path("spec");
        String cjName = ObjectMeta.name(cj);
        Set<String> children = new HashSet<>();
        for (JsonNode job : jobs) {
            String uid = ObjectMeta.uid(job);
            children.add(uid);
            boolean listed = inActive(status, uid);
            String finished = finishedCondition(job);
            if (!listed && finished == null) {
                steps.add(new CronJobStep.Event("Warning", "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: " + ObjectMeta.name(job))); // C12
            } else if (listed && finished != null) {
                removeFromActive(status, uid);
                steps.add(new CronJobStep.Event("Normal", "SawCompletedJob", "Saw completed job: "
                        + ObjectMeta.name(job) + ", condition: " + finished)); // C12
            } else if ("Complete".equals(finished)) {
                Instant completion = time(job.path("status").path("completionTime")); // C13
                Instant last = time(status.path("lastSuccessfulTime"));
                if (completion != null && (last == null || completion.isAfter(last))) {
                    status.put("lastSuccessfulTime", format(completion));
                }
            }
        }
        for (JsonNode ref : List.copyOf(list(status.path("active")))) {
            if (!children.contains(ref.path("uid").asText())) {
                steps.add(new CronJobStep.Event("Normal", "MissingJob", "Active job went missing: "
                        + ref.path("name").asText()));
                removeFromActive(status, ref.path("uid").asText());
            }
        }
        if (ObjectMeta.deleting(cj)) {
            return null; // C16
        }
        String schedule = spec.path("schedule").asText("");
        ZoneId zone = ZoneOffset.UTC;
        if (spec.path("timeZone").isTextual()) {
            Optional<ZoneId> z = TimeZones.zone(spec.path("timeZone").asText());
            if (z.isEmpty() || spec.path("timeZone").asText().equalsIgnoreCase("Local")) {
                String tz = spec.path("timeZone").asText();
                steps.add(new CronJobStep.Event("Warning", "UnknownTimeZone", "invalid timeZone: \"" + tz
                        + "\": unknown time zone " + tz));
                return null;
            }
            zone = z.get();
        }
        if (spec.path("suspend").asBoolean(false)) {
            return null; // C15
        }
        if (schedule.contains("TZ")) {
            steps.add(new CronJobStep.Event("Warning", "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \""
                    + schedule + "\" is not officially supported, see "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"));
        }
        Schedule sched;
        try {
            sched = Schedule.parse(schedule, zone);
        } catch (IllegalArgumentException e) {
            steps.add(new CronJobStep.Event("Warning", "UnparseableSchedule", "unparseable schedule: \"" + schedule
                    + "\" : " + e.getMessage()));
            return null;
        }
        MostRecent recent;
        try {
            recent = mostRecent(cj, now, sched, true);
        } catch (IllegalStateException e) {
            steps.add(new CronJobStep.Event("Warning", "InvalidSchedule", "invalid schedule: " + schedule + " : "
                    + e.getMessage()));
            return null;
        }
        Instant scheduled = recent.mostRecent();
        if (scheduled == null || scheduled.isAfter(now)) {
            return nextDuration(cj, status, now, sched);
        }
        if (recent.missed() > 100) {
            steps.add(new CronJobStep.Event("Warning", "TooManyMissedTimes", "too many missed start times. "
                    + "Set or decrease .spec.startingDeadlineSeconds or check clock skew")); // C9
        }
        JsonNode deadline = spec.path("startingDeadlineSeconds");
        if (deadline.isNumber() && scheduled.plusSeconds(deadline.asLong()).isBefore(now)) {
            steps.add(new CronJobStep.Event("Warning", "MissSchedule", "Missed scheduled time to start a job: "
                    + RFC1123Z.format(scheduled.atOffset(ZoneOffset.UTC)))); // C10
            return nextDuration(cj, status, now, sched);
        }
        String name = jobName(cjName, scheduled);
        boolean byName = list(status.path("active")).stream().anyMatch(r -> r.path("name").asText().equals(name));
        Instant last = time(status.path("lastScheduleTime"));
        if (byName || scheduled.equals(last)) {
            return nextDuration(cj, status, now, sched); // C8
        }
        String policy = spec.path("concurrencyPolicy").asText("Allow");
        if (policy.equals("Forbid") && !status.path("active").isEmpty()) {
            steps.add(new CronJobStep.Event("Normal", "JobAlreadyActive", "Not starting job because prior execution "
                    + "is running and concurrency policy is Forbid")); // C11
            return nextDuration(cj, status, now, sched);
        }
        if (policy.equals("Replace")) {
            for (JsonNode ref : List.copyOf(list(status.path("active")))) {
                steps.add(new CronJobStep.DeleteJob(ref.path("name").asText(), ref.path("uid").asText())); // C11
                removeFromActive(status, ref.path("uid").asText());
            }
        }
        steps.add(new CronJobStep.CreateJob(jobFromTemplate(cj, scheduled, sched.zone()))); // C6
        status.put("lastScheduleTime", format(scheduled)); // C7
        return nextDuration(cj, status, now, sched);
    }

    /** getJobFromTemplate2. */
    static ObjectNode jobFromTemplate(JsonNode cj, Instant scheduled, ZoneId zone) {
        JsonNode template = cj.path("spec").path("jobTemplate");
        ObjectNode job = Json.object();
        job.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = job.putObject("metadata");
        meta.put("name", jobName(ObjectMeta.name(cj), scheduled));
        meta.put("namespace", ObjectMeta.namespace(cj));
        if (template.path("metadata").path("labels").isObject()) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        ObjectNode annotations = template.path("metadata").path("annotations").isObject()
                ? ((ObjectNode) template.path("metadata").path("annotations")).deepCopy() : Json.object();
        annotations.put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
        meta.set("annotations", annotations);
        meta.putArray("ownerReferences").addObject().put("apiVersion", "batch/v1").put("kind", "CronJob")
                .put("name", ObjectMeta.name(cj)).put("uid", ObjectMeta.uid(cj)).put("controller", true)
                .put("blockOwnerDeletion", true);
        job.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy() : Json.object());
        return job;
    }

    /** The most recent unmet time (or null), and how many times were missed. */
    record MostRecent(Instant earliest, Instant mostRecent, long missed) {
    }

    /** mostRecentScheduleTime; IllegalStateException for a schedule whose times are under a second apart. */
    static MostRecent mostRecent(JsonNode cj, Instant now, Schedule sched, boolean withDeadline) {
        Instant earliest = time(cj.path("metadata").path("creationTimestamp"));
        Instant last = time(cj.path("status").path("lastScheduleTime"));
        if (last != null) {
            earliest = last;
        }
        if (earliest == null) {
            earliest = now;
        }
        JsonNode deadline = cj.path("spec").path("startingDeadlineSeconds");
        if (withDeadline && deadline.isNumber()) {
            Instant limit = now.minusSeconds(deadline.asLong());
            if (limit.isAfter(earliest)) {
                earliest = limit;
            }
        }
        Instant t1 = sched.next(earliest);
        if (t1 == null || now.isBefore(t1)) {
            return new MostRecent(earliest, null, 0);
        }
        Instant t2 = sched.next(t1);
        if (t2 == null || now.isBefore(t2)) {
            return new MostRecent(earliest, t1, 0);
        }
        long between = Math.round(Duration.between(t1, t2).toMillis() / 1000.0);
        if (between < 1) {
            throw new IllegalStateException("time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(t1, now).getSeconds();
        long missed = elapsed / between + 1;
        Instant potentialEarliest = t1.plusSeconds((missed - 1 - 1) * between);
        Instant mostRecent = null;
        for (Instant t = sched.next(potentialEarliest); t != null && !t.isAfter(now); t = sched.next(t)) {
            mostRecent = t;
        }
        return new MostRecent(earliest, mostRecent, missed);
    }

    /** nextScheduleTimeDuration: 100 ms past the next scheduled time after the most recent one. */
    private static Duration nextDuration(JsonNode cj, ObjectNode status, Instant now, Schedule sched) {
        ObjectNode view = cj.deepCopy();
        view.set("status", status);
        Instant from;
        try {
            MostRecent r = mostRecent(view, now, sched, false);
            from = r.mostRecent() != null ? r.mostRecent() : r.earliest();
        } catch (IllegalStateException e) {
            from = now;
        }
        Instant next = sched.next(from);
        return next == null ? null : Duration.between(now, next.plus(NEXT_SCHEDULE_DELTA));
    }

    /** IsJobFinished with the condition's type: "Complete", "Failed" or null. */
    static String finishedCondition(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if ((type.equals("Complete") || type.equals("Failed")) && c.path("status").asText().equals("True")) {
                return type;
            }
        }
        return null;
    }

    private static boolean inActive(JsonNode status, String uid) {
        return list(status.path("active")).stream().anyMatch(r -> r.path("uid").asText().equals(uid));
    }

    private static void removeFromActive(ObjectNode status, String uid) {
        if (!status.path("active").isArray()) {
            return;
        }
        ArrayNode kept = Json.NODES.arrayNode();
        for (JsonNode r : status.path("active")) {
            if (!r.path("uid").asText().equals(uid)) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            status.remove("active");
        } else {
            status.set("active", kept);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
