package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs and CronJobs (pkg/apis/batch/validation and the Job strategy of pkg/registry/batch/job): the selector the
 * API server generates for a Job, and the checks of ValidateJob and ValidateCronJobCreate/Update users meet most.
 */
public final class BatchValidation {
    /** The label that ties a Job's pods to it, and its pre-1.27 spelling. */
    public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    public static final String LEGACY_CONTROLLER_UID = "controller-uid";
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";
    public static final String LEGACY_JOB_NAME = "job-name";

    private BatchValidation() {
    }

    /**
     * The Job strategy's generateSelector: unless {@code spec.manualSelector} is true, the pod template gets the
     * job-name and controller-uid labels (where it has none of its own) and the selector matches the uid.
     */
    public static void generateSelector(ObjectNode job, String name, String uid) {
        ObjectNode spec = Json.child(job, "spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        ObjectNode labels = Json.child(Json.child(Json.child(spec, "template"), "metadata"), "labels");
        for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
            if (!labels.has(key)) {
                labels.put(key, name);
            }
        }
        for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            if (!labels.has(key)) {
                labels.put(key, uid);
            }
        }
        ObjectNode matchLabels = Json.child(Json.child(spec, "selector"), "matchLabels");
        if (!matchLabels.has(CONTROLLER_UID)) {
            matchLabels.put(CONTROLLER_UID, uid);
        }
    }

    /** ValidateJob (create) and ValidateJobUpdate. */
    static void job(JsonNode job, JsonNode old, List<Cause> causes) {
        JsonNode spec = job.path("spec");
        jobSpec("spec", spec, causes);
        JsonNode selector = spec.path("selector");
        if (selector.isMissingNode() || selector.isNull()) {
            causes.add(Cause.required("spec.selector", ""));
        } else {
            try {
                LabelSelector s = LabelSelector.fromLabelSelectorNode(selector);
                Map<String, String> labels = labels(spec.path("template").path("metadata").path("labels"));
                if (!s.matches(labels)) {
                    causes.add(new Cause("FieldValueInvalid", "Invalid value: " + Validation.goMap(labels)
                            + ": `selector` does not match template `labels`", "spec.template.metadata.labels"));
                }
            } catch (SelectorException e) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + selector + ": " + e.getMessage(),
                        "spec.selector"));
            }
        }
        if (old == null) {
            return;
        }
        JsonNode before = old.path("spec");
        if (!spec.path("selector").equals(before.path("selector"))) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + selector + ": field is immutable",
                    "spec.selector"));
        }
        boolean indexed = spec.path("completionMode").asText("NonIndexed").equals("Indexed");
        JsonNode completions = spec.path("completions");
        if (!completions.equals(before.path("completions"))) {
            if (!indexed) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + completions.asText("null")
                        + ": field is immutable", "spec.completions"));
            } else if (completions.isNumber() && completions.asInt() != spec.path("parallelism").asInt(-1)) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + completions.asInt()
                        + ": can only be modified in tandem with spec.parallelism", "spec.completions"));
            }
        }
        boolean neverStarted = before.path("suspend").asBoolean(false) && !old.path("status").has("startTime");
        if (!neverStarted && !spec.path("template").equals(before.path("template"))) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: core.PodTemplateSpec{...}: field is immutable",
                    "spec.template"));
        }
    }

    /** validateJobSpec: what a Job and a CronJob's jobTemplate share; {@code path} is where the spec sits. */
    private static void jobSpec(String path, JsonNode spec, List<Cause> causes) {
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
            Validation.nonNegative(spec.path(f), path + "." + f, causes);
        }
        String mode = spec.path("completionMode").asText("NonIndexed");
        if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            causes.add(Cause.notSupported(path + ".completionMode", mode,
                    "supported values: \"NonIndexed\", \"Indexed\""));
        }
        boolean hasCompletions = spec.path("completions").isNumber();
        if (mode.equals("Indexed") && !hasCompletions) {
            causes.add(Cause.required(path + ".completions", "when completion mode is Indexed"));
        }
        if (mode.equals("Indexed") && spec.path("parallelism").asLong(0) > 100000) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + spec.path("parallelism").asLong()
                    + ": must be less than or equal to 100000 when completion mode is Indexed",
                    path + ".parallelism"));
        }
        if (spec.has("backoffLimitPerIndex") && !mode.equals("Indexed")) {
            causes.add(Cause.required(path + ".completionMode", "when backoffLimitPerIndex is specified"));
        }
        if (spec.has("maxFailedIndexes") && !spec.has("backoffLimitPerIndex")) {
            causes.add(Cause.required(path + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
        }
        JsonNode template = spec.path("template");
        Validation.podSpec(path + ".template.spec", template.path("spec"), causes);
        String restart = template.path("spec").path("restartPolicy").asText("");
        if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            causes.add(Cause.notSupported(path + ".template.spec.restartPolicy", restart,
                    "supported values: \"OnFailure\", \"Never\""));
        } else if (spec.path("podFailurePolicy").isObject() && !restart.equals("Never")) {
            causes.add(Cause.invalid(path + ".template.spec.restartPolicy", restart,
                    "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        int i = 0;
        for (JsonNode rule : spec.path("podFailurePolicy").path("rules")) {
            String at = path + ".podFailurePolicy.rules[" + i++ + "]";
            String action = rule.path("action").asText("");
            if (!List.of("Count", "FailIndex", "FailJob", "Ignore").contains(action)) {
                causes.add(Cause.notSupported(at + ".action", action,
                        "supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\""));
            }
            if (action.equals("FailIndex") && !spec.has("backoffLimitPerIndex")) {
                causes.add(Cause.invalid(at + ".action", action,
                        "requires the backoffLimitPerIndex to be set"));
            }
            if (rule.has("onExitCodes") == rule.has("onPodConditions")) {
                causes.add(Cause.invalid(at, "", "specifying one of OnExitCodes and OnPodConditions is required"));
            }
        }
        if (spec.path("successPolicy").isObject() && !mode.equals("Indexed")) {
            causes.add(Cause.invalid(path + ".successPolicy", "", "requires indexed completion mode"));
        }
    }

    /** ValidateCronJobCreate and ValidateCronJobUpdate. */
    static void cronJob(JsonNode cj, JsonNode old, List<Cause> causes) {
        JsonNode spec = cj.path("spec");
        String name = cj.path("metadata").path("name").asText("");
        String schedule = spec.path("schedule").asText("");
        JsonNode timeZone = spec.path("timeZone");
        boolean hasZone = timeZone.isTextual();
        if (schedule.isEmpty()) {
            causes.add(Cause.required("spec.schedule", ""));
        } else {
            CronSchedules.error(schedule).ifPresent(e -> causes.add(Cause.invalid("spec.schedule", schedule, e)));
            boolean allowTz = old != null && old.path("spec").path("schedule").asText("").contains("TZ");
            if (allowTz && schedule.contains("TZ") && hasZone) {
                causes.add(Cause.invalid("spec.schedule", schedule,
                        "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            } else if (!allowTz && schedule.contains("TZ")) {
                causes.add(Cause.invalid("spec.schedule", schedule,
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        Validation.nonNegative(spec.path("startingDeadlineSeconds"), "spec.startingDeadlineSeconds", causes);
        if (hasZone && (old == null || !timeZone.equals(old.path("spec").path("timeZone")))) {
            String zone = timeZone.asText();
            if (zone.isEmpty()) {
                causes.add(Cause.invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
            } else if (zone.equalsIgnoreCase("Local")) {
                causes.add(Cause.invalid("spec.timeZone", zone,
                        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
            } else if (!TimeZones.known(zone)) {
                causes.add(Cause.invalid("spec.timeZone", zone, "unknown time zone " + zone));
            }
        }
        String policy = spec.path("concurrencyPolicy").asText("");
        if (policy.isEmpty()) {
            causes.add(Cause.required("spec.concurrencyPolicy", ""));
        } else if (!List.of("Allow", "Forbid", "Replace").contains(policy)) {
            causes.add(Cause.notSupported("spec.concurrencyPolicy", policy,
                    "supported values: \"Allow\", \"Forbid\", \"Replace\""));
        }
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        jobSpec("spec.jobTemplate.spec", jobSpec, causes);
        if (jobSpec.has("selector") && !jobSpec.path("selector").isNull()) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + jobSpec.path("selector")
                    + ": `selector` will be auto-generated", "spec.jobTemplate.spec.selector"));
        }
        if (jobSpec.path("manualSelector").asBoolean(false)) {
            causes.add(Cause.notSupported("spec.jobTemplate.spec.manualSelector", "true",
                    "supported values: \"nil\", \"false\""));
        }
        Validation.nonNegative(spec.path("successfulJobsHistoryLimit"), "spec.successfulJobsHistoryLimit", causes);
        Validation.nonNegative(spec.path("failedJobsHistoryLimit"), "spec.failedJobsHistoryLimit", causes);
        if (old == null && name.length() > 52) {
            causes.add(Cause.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new HashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
