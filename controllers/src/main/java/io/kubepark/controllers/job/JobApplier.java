package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Finalizers;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link JobPlan} through the one write path, step by step, with the events of the real controller's pod
 * control ({@code SuccessfulCreate} {@code Created pod: <pod>}, {@code SuccessfulDelete} {@code Deleted pod: <pod>}).
 * The first failing step ends the sync.
 */
final class JobApplier {

    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType jobs;
    private final ResourceType pods;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    JobApplier(ApiServer api) {
        this.api = api;
        this.events = new EventRecorder(api, "job-controller");
        this.jobs = api.type("batch", "v1", "jobs");
        this.pods = api.type("", "v1", "pods");
    }

    /** Applies the steps; false when one failed and the Job must be synced again. */
    boolean apply(StoredObject job, JobPlan plan) {
        for (JobStep step : plan.steps()) {
            if (!apply(job, step)) {
                return false;
            }
        }
        return true;
    }

    private boolean apply(StoredObject job, JobStep step) {
        String ns = job.namespace();
        if (step instanceof JobStep.CreatePod s) {
            try {
                StoredObject created = api.create(pods, ns, s.pod(), options);
                events.normal(jobs, job, "SuccessfulCreate", "Created pod: " + created.name());
                return true;
            } catch (ApiException e) {
                events.warning(jobs, job, "FailedCreate", "Error creating: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof JobStep.DeletePod s) {
            try {
                if (s.dropFinalizer() && !removeFinalizer(ns, s.name(), s.uid())) {
                    return false;
                }
                api.delete(pods, ns, s.name(), new DeleteOptions(null, null, s.uid(), null, false));
                events.normal(jobs, job, "SuccessfulDelete", "Deleted pod: " + s.name());
                return true;
            } catch (ApiException e) {
                if (e.code() == 404) {
                    return true;
                }
                events.warning(jobs, job, "FailedDelete", "Error deleting: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof JobStep.RemoveFinalizer s) {
            return removeFinalizer(ns, s.name(), s.uid());
        }
        if (step instanceof JobStep.SetOwnerReferences s) {
            return Writes.setOwnerReferences(api, pods, ns, s.name(), s.uid(), s.ownerReferences());
        }
        if (step instanceof JobStep.WriteStatus s) {
            return Writes.modifyIfSame(api, jobs, ns, job.name(), "status", job.uid(), j -> {
                j.set("status", s.status());
                return j;
            });
        }
        if (step instanceof JobStep.Event s) {
            events.record(jobs, job, s.type(), s.reason(), s.message());
            return true;
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    /** The $deleteFromPrimitiveList patch of removeTrackingFinalizerPatch; a pod already gone is fine. */
    boolean removeFinalizer(String ns, String name, String uid) {
        try {
            api.modify(pods, ns, name, null, o -> {
                ObjectNode meta = Json.child(o, "metadata");
                if (uid != null && !uid.equals(meta.path("uid").asText())) {
                    return o;
                }
                Finalizers.without(meta, Pods.TRACKING_FINALIZER);
                return o;
            });
            return true;
        } catch (ApiException e) {
            return e.code() == 404;
        }
    }
}
