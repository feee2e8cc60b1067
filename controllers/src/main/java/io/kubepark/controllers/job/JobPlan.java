package io.kubepark.controllers.job;

import java.time.Duration;
import java.util.List;

/**
 * What one sync of a Job does, in order. The applier stops at the first failing step; the Job is then synced
 * again and planned afresh.
 *
 * @param steps the writes and events, in the order they must happen
 * @param requeueAfter when to sync the Job again even if nothing changes (back-off, active deadline), or null
 * @param backoff the back-off record to keep for the next sync, or null to forget it (the Job finished)
 */
public record JobPlan(List<JobStep> steps, Duration requeueAfter, BackoffRecord backoff) {
    public JobPlan {
        steps = List.copyOf(steps);
    }
}
