package io.kubepark.controllers.cronjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link CronJobPlan} through the one write path: Job creates and deletes (background propagation), events on
 * the CronJob, then the status, with each created Job's reference added to {@code status.active}.
 */
final class CronJobApplier {
    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType cronJobs;
    private final ResourceType jobs;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    CronJobApplier(ApiServer api) {
        this.api = api;
        this.events = new EventRecorder(api, "cronjob-controller");
        this.cronJobs = api.type("batch", "v1", "cronjobs");
        this.jobs = api.type("batch", "v1", "jobs");
    }

    boolean apply(StoredObject cj, CronJobPlan plan) {
        ObjectNode status = plan.status() == null ? null : plan.status().deepCopy();
        String ns = cj.namespace();
        for (CronJobStep step : plan.steps()) {
            if (step instanceof CronJobStep.CreateJob s) {
                String name = s.job().path("metadata").path("name").asText();
                StoredObject created;
                try {
                    created = api.create(jobs, ns, s.job(), options);
                    events.normal(cronJobs, cj, "SuccessfulCreate", "Created job " + name);
                } catch (ApiException e) {
                    if (!"AlreadyExists".equals(e.reason())) {
                        events.warning(cronJobs, cj, "FailedCreate", "Error creating job: " + e.getMessage());
                        return false;
                    }
                    created = api.store().get(jobs, ns, name);
                    if (created == null || !controlledBy(created.node(), cj.uid())) {
                        return true; // another actor made it, and keeps the status
                    }
                    for (JsonNode r : status.path("active")) {
                        if (r.path("uid").asText().equals(created.uid())) {
                            created = null;
                            break;
                        }
                    }
                    if (created == null) {
                        continue;
                    }
                }
                status.withArray("active").addObject().put("kind", "Job").put("namespace", ns)
                        .put("name", created.name()).put("uid", created.uid()).put("apiVersion", "batch/v1")
                        .put("resourceVersion", Long.toString(created.resourceVersion()));
            } else if (step instanceof CronJobStep.DeleteJob s) {
                try {
                    api.delete(jobs, ns, s.name(), new DeleteOptions(null, "Background", null, null, false));
                    events.normal(cronJobs, cj, "SuccessfulDelete", "Deleted job " + s.name());
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        events.warning(cronJobs, cj, "FailedDelete", "Deleted job: " + e.getMessage());
                        return false;
                    }
                }
            } else if (step instanceof CronJobStep.Event s) {
                events.record(cronJobs, cj, s.type(), s.reason(), s.message());
            }
        }
        if (status != null) {
            return Writes.modifyIfSame(api, cronJobs, ns, cj.name(), "status", cj.uid(), c -> {
                c.set("status", status);
                return c;
            });
        }
        return true;
    }

    static boolean controlledBy(JsonNode obj, String uid) {
        for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false) && ref.path("uid").asText().equals(uid)) {
                return true;
            }
        }
        return false;
    }
}
