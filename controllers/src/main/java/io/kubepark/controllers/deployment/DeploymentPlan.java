package io.kubepark.controllers.deployment;

import java.time.Duration;
import java.util.List;

/**
 * What one sync of a deployment does.
 *
 * @param steps the writes and events in order; the first failing write ends the sync, which is retried
 * @param requeueAfter when to sync again although nothing changes (rule D20), or null
 */
public record DeploymentPlan(List<DeploymentStep> steps, Duration requeueAfter) {
    public DeploymentPlan {
        steps = List.copyOf(steps);
    }
}
