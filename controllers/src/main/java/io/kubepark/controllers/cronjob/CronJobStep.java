package io.kubepark.controllers.cronjob;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write of a {@link CronJobPlan}, or an event to record on the CronJob. */
sealed interface CronJobStep {

    /** Creates a Job; once created, its reference is added to {@code status.active} of the plan's status. */
    record CreateJob(ObjectNode job) implements CronJobStep {
    }

    /** Deletes a Job with background propagation; event {@code SuccessfulDelete} {@code Deleted job <job>}. */
    record DeleteJob(String name, String uid) implements CronJobStep {
    }

    /** An event on the CronJob. */
    record Event(String type, String reason, String message) implements CronJobStep {
    }
}
