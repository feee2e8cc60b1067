package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Writes;

/**
 * Runs a {@link DeploymentPlan} through the one write path, step by step, recording its events on the
 * deployment. The first failing write ends the sync; the deployment is planned afresh on its retry.
 */
final class DeploymentApplier {

    private final ApiServer api;
    private final EventRecorder events;
    private final ResourceType deployments;
    private final ResourceType replicaSets;
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    DeploymentApplier(ApiServer api) {
        this.api = api;
        this.events = new EventRecorder(api, "deployment-controller");
        this.deployments = api.type("apps", "v1", "deployments");
        this.replicaSets = api.type("apps", "v1", "replicasets");
    }

    /** Applies the steps in order; false when one failed and the deployment must be synced again. */
    boolean apply(StoredObject deployment, DeploymentPlan plan) {
        for (DeploymentStep step : plan.steps()) {
            if (!apply(deployment, step)) {
                return false;
            }
        }
        return true;
    }

    private boolean apply(StoredObject d, DeploymentStep step) {
        String ns = d.namespace();
        if (step instanceof DeploymentStep.Event s) {
            events.record(deployments, d, s.type(), s.reason(), s.message());
            return true;
        }
        if (step instanceof DeploymentStep.SetOwnerReferences s) {
            return Writes.setOwnerReferences(api, replicaSets, ns, s.replicaSet(), s.uid(), s.ownerReferences());
        }
        if (step instanceof DeploymentStep.UpdateReplicaSet s) {
            JsonNode planned = s.replicaSet();
            return modifyReplicaSet(ns, s.name(), s.uid(), meta -> {
                JsonNode annotations = planned.path("metadata").path("annotations");
                if (annotations.isObject() && !annotations.isEmpty()) {
                    meta.set("annotations", annotations.deepCopy());
                } else {
                    meta.remove("annotations");
                }
            }, spec -> {
                spec.put("replicas", planned.path("spec").path("replicas").asInt(0));
                if (planned.path("spec").has("minReadySeconds")) {
                    spec.put("minReadySeconds", planned.path("spec").path("minReadySeconds").asInt());
                } else {
                    spec.remove("minReadySeconds");
                }
            });
        }
        if (step instanceof DeploymentStep.CreateReplicaSet s) {
            String name = s.replicaSet().path("metadata").path("name").asText();
            try {
                api.create(replicaSets, ns, s.replicaSet().deepCopy(), options);
                return true;
            } catch (ApiException e) {
                boolean terminating = e.causes().stream().anyMatch(c -> "NamespaceTerminating".equals(c.reason()));
                if (!"AlreadyExists".equals(e.reason()) && !terminating) {
                    events.warning(deployments, d, "ReplicaSetCreateError",
                            "Failed to create new replica set \"" + name + "\": " + e.getMessage());
                }
                return false;
            }
        }
        if (step instanceof DeploymentStep.DeleteReplicaSet s) {
            try {
                api.delete(replicaSets, ns, s.name(), new DeleteOptions(null, null, s.uid(), null, false));
                return true;
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        if (step instanceof DeploymentStep.WriteStatus s) {
            try {
                api.modify(deployments, ns, d.name(), "status", o -> {
                    o.set("status", s.status().deepCopy());
                    if (s.annotations() != null) {
                        ObjectNode meta = Json.child(o, "metadata");
                        if (s.annotations().isEmpty()) {
                            meta.remove("annotations");
                        } else {
                            meta.set("annotations", s.annotations().deepCopy());
                        }
                    }
                    return o;
                });
                return true;
            } catch (ApiException e) {
                return e.code() == 404;
            }
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private boolean modifyReplicaSet(String ns, String name, String uid,
                                     java.util.function.Consumer<ObjectNode> meta,
                                     java.util.function.Consumer<ObjectNode> spec) {
        return Writes.modifyIfSame(api, replicaSets, ns, name, null, uid, rs -> {
            meta.accept(Json.child(rs, "metadata"));
            if (spec != null) {
                spec.accept(Json.child(rs, "spec"));
            }
            return rs;
        });
    }
}
