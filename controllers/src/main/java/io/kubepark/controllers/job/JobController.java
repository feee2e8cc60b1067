package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.OwnerReferences;
import io.kubepark.controllers.runtime.Requeues;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller (pkg/controller/job): the wiring around {@link JobPlanner}. Changes to a Job and to the pods it
 * controls queue the Job's key; a sync reads the namespace's pods, asks the planner and hands the plan to
 * {@link JobApplier}. Back-offs and active deadlines re-queue the Job on the timeline. A pod that still carries the
 * tracking finalizer after its Job is gone or finished has it removed (rule J13).
 */
public final class JobController implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType jobs;
    private final ResourceType pods;
    private final JobApplier applier;
    private final WorkQueue queue;
    private final WorkQueue orphans;
    private final Requeues requeues;
    private final Map<String, BackoffRecord> backoffs = new ConcurrentHashMap<>();
    private final List<Store.Watch> watches = new ArrayList<>();

    public JobController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.jobs = api.type("batch", "v1", "jobs");
        this.pods = api.type("", "v1", "pods");
        this.applier = new JobApplier(api);
        this.queue = new WorkQueue(timeline, "job-controller", this::sync);
        this.orphans = new WorkQueue(timeline, "job-controller", this::releaseOrphan);
        this.requeues = new Requeues(timeline, queue);
        this.clock = timeline;
    }

    private final Timeline clock;

    public void start() {
        watches.add(Watches.events(api, jobs, e -> queue.add(e.object().namespace() + "/" + e.object().name())));
        watches.add(Watches.events(api, pods, this::podChanged));
    }

    private void podChanged(WatchEvent e) {
        StoredObject pod = e.object();
        JsonNode owner = OwnerReferences.controllerOf(pod.node());
        boolean ownedByJob = owner != null && owner.path("kind").asText().equals("Job")
                && owner.path("apiVersion").asText().startsWith("batch/");
        if (ownedByJob) {
            queue.add(pod.namespace() + "/" + owner.path("name").asText());
        }
        if (e.type() == WatchEvent.Type.DELETED || !Pods.hasFinalizer(pod.node())) {
            return;
        }
        if (!ownedByJob) {
            orphans.add(pod.namespace() + "/" + pod.name());
            return;
        }
        StoredObject job = api.store().get(jobs, pod.namespace(), owner.path("name").asText());
        if (job == null || !job.uid().equals(owner.path("uid").asText()) || JobPlanner.finished(job.node())) {
            orphans.add(pod.namespace() + "/" + pod.name());
        }
    }

    /** Removes the tracking finalizer of a pod whose Job is gone or finished, or that has no Job. */
    boolean releaseOrphan(String key) {
        int slash = key.indexOf('/');
        StoredObject pod = api.store().get(pods, key.substring(0, slash), key.substring(slash + 1));
        if (pod == null || !Pods.hasFinalizer(pod.node())) {
            return true;
        }
        JsonNode owner = OwnerReferences.controllerOf(pod.node());
        if (owner != null && owner.path("kind").asText().equals("Job")) {
            StoredObject job = api.store().get(jobs, pod.namespace(), owner.path("name").asText());
            if (job != null && job.uid().equals(owner.path("uid").asText()) && !JobPlanner.finished(job.node())) {
                return true; // the Job's own sync counts it
            }
        }
        return applier.removeFinalizer(pod.namespace(), pod.name(), pod.uid());
    }

    /** One sync of {@code namespace/name}; false to retry with back-off. */
    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject job = api.store().get(jobs, namespace, key.substring(slash + 1));
        if (job == null) {
            backoffs.remove(key);
            requeues.cancel(key);
            return true;
        }
        JobPlan plan = JobPlanner.plan(new JobSnapshot(job.node(), Listings.nodesIn(api, pods, namespace), clock.now(),
                backoffs.getOrDefault(key, BackoffRecord.NONE)));
        boolean done = applier.apply(job, plan);
        if (done) {
            if (plan.backoff() == null) {
                backoffs.remove(key);
            } else {
                backoffs.put(key, plan.backoff());
            }
        }
        if (plan.requeueAfter() != null) {
            requeues.after(key, plan.requeueAfter());
        }
        return done;
    }

    @Override
    public void close() {
        queue.stop();
        orphans.stop();
        watches.forEach(Store.Watch::close);
    }
}
