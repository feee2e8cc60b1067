package io.kubepark.controllers.statefulset;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link SyncPlan} through the one write path, step by step, recording the events the real controller
 * records (rule 64) on the set. The first failing step ends the sync: the set is planned afresh on its retry.
 */
final class StatefulSetApplier {

    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType sets;
    private final ResourceType pods;
    private final ResourceType claims;
    private final ResourceType revisions;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    StatefulSetApplier(ApiServer api) {
        this.api = api;
        this.events = new EventRecorder(api, "statefulset-controller");
        this.sets = api.type("apps", "v1", "statefulsets");
        this.pods = api.type("", "v1", "pods");
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.revisions = api.type("apps", "v1", "controllerrevisions");
    }

    /** Applies the steps, then the status; false when a step failed and the set must be synced again. */
    boolean apply(StoredObject set, SyncPlan plan) {
        String ns = set.namespace();
        for (Step step : plan.steps()) {
            if (!apply(set, ns, step)) {
                return false;
            }
        }
        if (plan.status() != null) {
            try {
                api.modify(sets, ns, set.name(), "status", s -> {
                    s.set("status", plan.status());
                    return s;
                });
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        return true;
    }

    private boolean apply(StoredObject set, String ns, Step step) {
        String setName = set.name();
        if (step instanceof Step.CreatePod s) {
            String name = s.pod().path("metadata").path("name").asText();
            try {
                api.create(pods, ns, s.pod(), options);
                events.normal(sets, set, "SuccessfulCreate", "create Pod " + name + " in StatefulSet " + setName
                        + " successful");
                return true;
            } catch (ApiException e) {
                if (!"AlreadyExists".equals(e.reason())) {
                    events.warning(sets, set, "FailedCreate", "create Pod " + name + " in StatefulSet " + setName
                            + " failed error: " + e.getMessage());
                }
                return false;
            }
        }
        if (step instanceof Step.CreateClaim s) {
            String name = s.claim().path("metadata").path("name").asText();
            String pod = setName + name.substring(name.lastIndexOf('-'));
            try {
                api.create(claims, ns, s.claim(), options);
                events.normal(sets, set, "SuccessfulCreate", "create Claim " + name + " Pod " + pod
                        + " in StatefulSet " + setName + " success");
                return true;
            } catch (ApiException e) {
                if ("AlreadyExists".equals(e.reason())) {
                    return true;
                }
                events.warning(sets, set, "FailedCreate", "create Claim " + name + " for Pod " + pod
                        + " in StatefulSet " + setName + " failed error: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof Step.DeletePod s) {
            try {
                api.delete(pods, ns, s.name(), new DeleteOptions(null, null, s.uid(), null, false));
                events.normal(sets, set, "SuccessfulDelete", "delete Pod " + s.name() + " in StatefulSet " + setName
                        + " successful");
                return true;
            } catch (ApiException e) {
                if (e.code() == 404) {
                    return true;
                }
                events.warning(sets, set, "FailedDelete", "delete Pod " + s.name() + " in StatefulSet " + setName
                        + " failed error: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof Step.UpdatePod s) {
            String name = s.pod().path("metadata").path("name").asText();
            try {
                api.update(pods, ns, name, null, s.pod(), options);
                events.normal(sets, set, "SuccessfulUpdate", "update Pod " + name + " in StatefulSet " + setName
                        + " successful");
                return true;
            } catch (ApiException e) {
                events.warning(sets, set, "FailedUpdate", "update Pod " + name + " in StatefulSet " + setName
                        + " failed error: " + e.getMessage());
                return false;
            }
        }
        if (step instanceof Step.SetOwnerReferences s) {
            ResourceType type = switch (s.kind()) {
                case "Pod" -> pods;
                case "ControllerRevision" -> revisions;
                default -> claims;
            };
            return Writes.setOwnerReferences(api, type, ns, s.name(), s.uid(), s.ownerReferences());
        }
        if (step instanceof Step.CreateRevision s) {
            try {
                api.create(revisions, ns, s.revision(), options);
                return true;
            } catch (ApiException e) {
                return false;
            }
        }
        if (step instanceof Step.BumpRevision s) {
            try {
                api.modify(revisions, ns, s.name(), null, r -> {
                    r.put("revision", s.revision());
                    return r;
                });
                return true;
            } catch (ApiException e) {
                return false;
            }
        }
        if (step instanceof Step.DeleteRevision s) {
            try {
                api.delete(revisions, ns, s.name(), DeleteOptions.DEFAULT);
                return true;
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        if (step instanceof Step.Event s) {
            events.record(sets, set, s.type(), s.reason(), s.message());
            return true;
        }
        throw new IllegalArgumentException("unknown step " + step);
    }
}
