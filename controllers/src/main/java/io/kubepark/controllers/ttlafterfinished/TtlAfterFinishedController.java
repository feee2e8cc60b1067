package io.kubepark.controllers.ttlafterfinished;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Requeues;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.Optional;

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
 * {@code ttlSecondsAfterFinished} after its Complete or Failed condition, with background propagation. Rule J26.
 */
public final class TtlAfterFinishedController implements AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType jobs;
    private final WorkQueue queue;
    private final Requeues requeues;
    private Store.Watch watch;

    public TtlAfterFinishedController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.jobs = api.type("batch", "v1", "jobs");
        this.queue = new WorkQueue(timeline, "ttl-after-finished-controller", this::sync);
        this.requeues = new Requeues(timeline, queue);
    }

    public void start() {
        watch = Watches.events(api, jobs, e -> {
            if (!Watches.deleting(e.object()) && expireAt(e.object().node()).isPresent()) {
                queue.add(e.object().namespace() + "/" + e.object().name());
            }
        });
    }

    /**
     * When a Job expires: the lastTransitionTime of its Complete or Failed condition plus ttlSecondsAfterFinished;
     * empty while it has no TTL or has not finished.
     */
    public static Optional<Instant> expireAt(JsonNode job) {
        JsonNode ttl = job.path("spec").path("ttlSecondsAfterFinished");
        if (!ttl.isNumber()) {
            return Optional.empty();
        }
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if ((type.equals("Complete") || type.equals("Failed")) && c.path("status").asText().equals("True")) {
                try {
                    return Optional.of(Instant.parse(c.path("lastTransitionTime").asText()).plusSeconds(ttl.asLong()));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    boolean sync(String key) {
        int slash = key.indexOf('/');
        StoredObject job = api.store().get(jobs, key.substring(0, slash), key.substring(slash + 1));
        if (job == null || Watches.deleting(job)) {
            return true;
        }
        Optional<Instant> at = expireAt(job.node());
        if (at.isEmpty()) {
            return true;
        }
        if (at.get().isAfter(timeline.now())) {
            requeues.at(key, at.get());
            return true;
        }
        try {
            api.delete(jobs, job.namespace(), job.name(), new DeleteOptions(null, "Background", job.uid(),
                    Long.toString(job.resourceVersion()), false));
            return true;
        } catch (ApiException e) {
            return e.code() == 404 || e.code() == 409;
        }
    }

    @Override
    public void close() {
        queue.stop();
        if (watch != null) {
            watch.close();
        }
    }
}
