package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;
import java.util.List;

/**
 * Runs a {@link DaemonSetPlan} through the one write path, recording the events the real controller records on the
 * set (rules 12, 30). See {@link DaemonSetPlan} for which failures stop what.
 */
final class DaemonSetApplier {

    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType sets;
    private final ResourceType pods;
    private final ResourceType revisions;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    DaemonSetApplier(ApiServer api) {
        this.api = api;
        this.events = new EventRecorder(api, "daemonset-controller");
        this.sets = api.type("apps", "v1", "daemonsets");
        this.pods = api.type("", "v1", "pods");
        this.revisions = api.type("apps", "v1", "controllerrevisions");
    }

    /** Applies the plan; false when something failed and the set must be synced again with back-off. */
    boolean apply(StoredObject ds, DaemonSetPlan plan) {
        for (Step step : plan.history()) {
            if (!apply(ds, step)) {
                return false;
            }
        }
        boolean ok = true;
        for (Step step : plan.pods()) {
            ok &= apply(ds, step);
        }
        if (ok) {
            for (Step step : plan.cleanup()) {
                if (!apply(ds, step)) {
                    ok = false;
                    break;
                }
            }
        }
        if (plan.status() != null) {
            try {
                api.modify(sets, ds.namespace(), ds.name(), "status", s -> {
                    s.set("status", plan.status());
                    return s;
                });
            } catch (ApiException e) {
                ok &= e.code() == 404;
            }
        }
        return ok;
    }

    private boolean apply(StoredObject ds, Step step) {
        String ns = ds.namespace();
        if (step instanceof Step.CreatePods s) {
            return createPods(ds, s.pods());
        }
        if (step instanceof Step.DeletePod s) {
            try {
                api.delete(pods, ns, s.name(), DeleteOptions.DEFAULT);
                events.normal(sets, ds, "SuccessfulDelete", "Deleted pod: " + s.name());
                return true;
            } catch (ApiException e) {
                if (e.code() == 404) {
                    return true;
                }
                events.warning(sets, ds, "FailedDelete", "Error deleting: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof Step.Event s) {
            events.record(sets, ds, s.type(), s.reason(), s.message());
            return true;
        }
        if (step instanceof Step.SetOwnerReferences s) {
            ResourceType type = s.kind().equals("Pod") ? pods : revisions;
            return Writes.setOwnerReferences(api, type, ns, s.name(), s.uid(), s.ownerReferences());
        }
        if (step instanceof Step.RelabelPod s) {
            return modify(pods, ns, s.name(), o -> Json.child(Json.child(o, "metadata"), "labels")
                    .put(DaemonPods.HASH_LABEL, s.hash()));
        }
        if (step instanceof Step.LabelRevision s) {
            return modify(revisions, ns, s.name(), o -> Json.child(Json.child(o, "metadata"), "labels")
                    .put(DaemonPods.HASH_LABEL, s.name()));
        }
        if (step instanceof Step.CreateRevision s) {
            try {
                api.create(revisions, ns, s.revision(), options);
                return true;
            } catch (ApiException e) {
                return false;
            }
        }
        if (step instanceof Step.SetRevisionNumber s) {
            return modify(revisions, ns, s.name(), o -> o.put("revision", s.revision()));
        }
        if (step instanceof Step.DeleteRevision s) {
            try {
                api.delete(revisions, ns, s.name(), DeleteOptions.DEFAULT);
                return true;
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        if (step instanceof Step.SetCollisionCount s) {
            try {
                api.modify(sets, ns, ds.name(), "status", o -> {
                    Json.child(o, "status").put("collisionCount", s.collisionCount());
                    return o;
                });
                return true;
            } catch (ApiException e) {
                return false;
            }
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private boolean modify(ResourceType type, String ns, String name, java.util.function.Consumer<ObjectNode> change) {
        try {
            api.modify(type, ns, name, null, o -> {
                change.accept(o);
                return o;
            });
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * syncNodes' creates: slow-start batches of 1, 2, 4, …; after a batch with a failure the rest are left for the
     * next sync. A namespace being deleted is no failure and records no event.
     */
    private boolean createPods(StoredObject ds, List<ObjectNode> toCreate) {
        boolean ok = true;
        int pos = 0;
        for (int batch = Math.min(1, toCreate.size()); pos < toCreate.size();
                batch = Math.min(2 * batch, toCreate.size() - pos)) {
            boolean batchOk = true;
            for (int i = pos; i < pos + batch; i++) {
                batchOk &= createPod(ds, toCreate.get(i));
            }
            pos += batch;
            ok &= batchOk;
            if (!batchOk) {
                break;
            }
        }
        return ok;
    }

    private boolean createPod(StoredObject ds, ObjectNode pod) {
        try {
            StoredObject created = api.create(pods, ds.namespace(), pod, options);
            events.normal(sets, ds, "SuccessfulCreate", "Created pod: " + created.name());
            return true;
        } catch (ApiException e) {
            if (namespaceTerminating(e)) {
                return true;
            }
            events.warning(sets, ds, "FailedCreate", "Error creating: " + e.getMessage());
            return false;
        }
    }

    private static boolean namespaceTerminating(ApiException e) {
        for (Cause c : e.causes()) {
            if ("NamespaceTerminating".equals(c.reason())) {
                return true;
            }
        }
        return false;
    }
}
