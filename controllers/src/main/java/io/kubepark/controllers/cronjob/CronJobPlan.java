package io.kubepark.controllers.cronjob;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What one sync of a CronJob does.
 *
 * @param steps the writes and events in order; the applier stops at the first failing write
 * @param status the CronJob's new {@code .status} to write after the steps, or null when it does not change (a
 *     {@link CronJobStep.CreateJob} always makes it non-null: the created Job joins {@code active})
 * @param requeueAfter when to sync again: 100 ms after the next scheduled time, or null
 */
public record CronJobPlan(List<CronJobStep> steps, ObjectNode status, Duration requeueAfter) {
    public CronJobPlan {
        steps = List.copyOf(steps);
    }
}
