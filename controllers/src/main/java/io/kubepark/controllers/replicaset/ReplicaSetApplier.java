package io.kubepark.controllers.replicaset;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link ReplicaSetPlan} through the one write path, recording the events of rules R5 and R6 on the set.
 * A failing step ends the sync; the set is planned afresh on its retry.
 */
final class ReplicaSetApplier {
    /** SlowStartInitialBatchSize. */
    private static final int SLOW_START = 1;

    private final ApiServer api;
    private final ResourceType sets;
    private final ResourceType pods;
    private final EventRecorder events;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    ReplicaSetApplier(ApiServer api, ReplicaKind kind) {
        this.api = api;
        this.sets = api.type(kind.group(), kind.version(), kind.resource());
        this.pods = api.type("", "v1", "pods");
        this.events = new EventRecorder(api, kind.component());
    }

    /** Applies the steps, then the status; false when a step failed and the set must be synced again. */
    boolean apply(StoredObject set, ReplicaSetPlan plan) {
        for (ReplicaStep step : plan.steps()) {
            if (!apply(set, step)) {
                return false;
            }
        }
        if (plan.status() != null) {
            try {
                api.modify(sets, set.namespace(), set.name(), "status", s -> {
                    s.set("status", plan.status().deepCopy());
                    return s;
                });
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        return true;
    }

    private boolean apply(StoredObject set, ReplicaStep step) {
        String ns = set.namespace();
        if (step instanceof ReplicaStep.SetOwnerReferences s) {
            return Writes.setOwnerReferences(api, pods, ns, s.pod(), s.uid(), s.ownerReferences());
        }
        if (step instanceof ReplicaStep.CreatePods s) {
            return createInBatches(set, s);
        }
        if (step instanceof ReplicaStep.DeletePods s) {
            boolean ok = true;
            for (String pod : s.pods()) {
                try {
                    api.delete(pods, ns, pod, DeleteOptions.DEFAULT);
                    events.normal(sets, set, "SuccessfulDelete", "Deleted pod: " + pod);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        events.warning(sets, set, "FailedDelete", "Error deleting: " + e.getMessage());
                        ok = false;
                    }
                }
            }
            return ok;
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    /** slowStartBatch: batches of 1, 2, 4…; after a batch with a failure no further batch is tried (R4). */
    private boolean createInBatches(StoredObject set, ReplicaStep.CreatePods step) {
        int remaining = step.count();
        for (int batch = Math.min(remaining, SLOW_START); batch > 0; batch = Math.min(2 * batch, remaining)) {
            boolean failed = false;
            for (int i = 0; i < batch; i++) {
                try {
                    StoredObject pod = api.create(pods, set.namespace(), step.pod().deepCopy(), options);
                    events.normal(sets, set, "SuccessfulCreate", "Created pod: " + pod.name());
                } catch (ApiException e) {
                    if (e.causes().stream().anyMatch(c -> "NamespaceTerminating".equals(c.reason()))) {
                        continue; // every create would fail; nothing to report or retry
                    }
                    events.warning(sets, set, "FailedCreate", "Error creating: " + e.getMessage());
                    failed = true;
                }
            }
            if (failed) {
                return false;
            }
            remaining -= batch;
        }
        return true;
    }
}
