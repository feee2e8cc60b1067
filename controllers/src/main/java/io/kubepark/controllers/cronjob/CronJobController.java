package io.kubepark.controllers.cronjob;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.Requeues;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The CronJob controller (pkg/controller/cronjob, v2): the wiring around {@link CronJobPlanner}. A CronJob's key is
 * queued when it or a Job it controls changes, and again on the timeline 100 ms after its next scheduled time, so
 * on a virtual clock {@code advance} runs every schedule it passes.
 */
public final class CronJobController implements AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType cronJobs;
    private final ResourceType jobs;
    private final CronJobApplier applier;
    private final WorkQueue queue;
    private final Requeues requeues;
    private final List<Store.Watch> watches = new ArrayList<>();

    public CronJobController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.cronJobs = api.type("batch", "v1", "cronjobs");
        this.jobs = api.type("batch", "v1", "jobs");
        this.applier = new CronJobApplier(api);
        this.queue = new WorkQueue(timeline, "cronjob-controller", this::sync);
        this.requeues = new Requeues(timeline, queue);
    }

    public void start() {
        watches.add(Watches.events(api, cronJobs, e -> queue.add(e.object().namespace() + "/" + e.object().name())));
        watches.add(Watches.events(api, jobs, e -> {
            for (JsonNode ref : e.object().node().path("metadata").path("ownerReferences")) {
                if (ref.path("controller").asBoolean(false) && ref.path("kind").asText().equals("CronJob")) {
                    queue.add(e.object().namespace() + "/" + ref.path("name").asText());
                }
            }
        }));
    }

    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject cj = api.store().get(cronJobs, namespace, name);
        if (cj == null) {
            requeues.cancel(key);
            return true;
        }
        List<JsonNode> owned = new ArrayList<>();
        for (StoredObject j : Listings.in(api, jobs, namespace)) {
            for (JsonNode ref : j.node().path("metadata").path("ownerReferences")) {
                if (ref.path("controller").asBoolean(false) && ref.path("name").asText().equals(name)) {
                    owned.add(j.node());
                }
            }
        }
        CronJobPlan plan = CronJobPlanner.plan(cj.node(), owned, timeline.now());
        boolean done = applier.apply(cj, plan);
        if (plan.requeueAfter() != null) {
            requeues.after(key, plan.requeueAfter());
        }
        return done;
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
