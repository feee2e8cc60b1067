package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.controllers.runtime.EventRecorder;
import java.util.List;

/**
 * Runs the binder's steps through the one write path, each as a read-modify-write of the object as it is now, in
 * order; the first failure ends the sync (it is retried, and the binder plans afresh from what was saved).
 */
final class BinderApplier {

    private final ApiServer api;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final EventRecorder events;

    BinderApplier(ApiServer api) {
        this.api = api;
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.events = new EventRecorder(api, "persistentvolume-controller");
    }

    /** False when a step failed. */
    boolean apply(List<BinderStep> steps) {
        for (BinderStep step : steps) {
            try {
                apply(step);
            } catch (ApiException e) {
                return false;
            }
        }
        return true;
    }

    private void apply(BinderStep step) {
        String now = api.now();
        if (step instanceof BinderStep.SetVolumeClaimRef s) {
            api.modify(volumes, null, s.volume(), null, v -> {
                ObjectNode spec = Json.child(v, "spec");
                if (s.claimRef() == null) {
                    spec.remove("claimRef");
                } else {
                    spec.set("claimRef", s.claimRef());
                }
                annotate(v, Storage.BOUND_BY_CONTROLLER, s.boundByController());
                return v;
            });
        } else if (step instanceof BinderStep.SetVolumePhase s) {
            api.modify(volumes, null, s.volume(), "status", v -> {
                ObjectNode status = Json.child(v, "status");
                if (!s.phase().equals(status.path("phase").asText())) {
                    status.put("lastPhaseTransitionTime", now);
                }
                status.put("phase", s.phase());
                if (s.message() == null) {
                    status.remove("message");
                } else {
                    status.put("message", s.message());
                }
                return v;
            });
        } else if (step instanceof BinderStep.SetClaimVolumeName s) {
            api.modify(claims, s.namespace(), s.claim(), null, c -> {
                Json.child(c, "spec").put("volumeName", s.volumeName());
                if (s.boundByController()) {
                    annotate(c, Storage.BOUND_BY_CONTROLLER, true);
                }
                annotate(c, Storage.BIND_COMPLETED, true);
                return c;
            });
        } else if (step instanceof BinderStep.SetClaimStatus s) {
            api.modify(claims, s.namespace(), s.claim(), "status", c -> {
                ObjectNode status = Json.child(c, "status");
                status.put("phase", s.phase());
                if (!s.phase().equals("Bound")) {
                    // an unbound claim's status has neither (updateClaimStatus)
                    status.remove("accessModes");
                    status.remove("capacity");
                }
                if (s.accessModes() != null) {
                    status.set("accessModes", s.accessModes());
                }
                if (s.capacity() != null) {
                    status.set("capacity", s.capacity());
                }
                return c;
            });
        } else if (step instanceof BinderStep.SetClaimClass s) {
            api.modify(claims, s.namespace(), s.claim(), null, c -> {
                Json.child(c, "spec").put("storageClassName", s.storageClassName());
                return c;
            });
        } else if (step instanceof BinderStep.RequestProvisioning s) {
            api.modify(claims, s.namespace(), s.claim(), null, c -> {
                ObjectNode annotations = Json.child(Json.child(c, "metadata"), "annotations");
                annotations.put("volume.kubernetes.io/storage-provisioner", s.provisioner());
                annotations.put("volume.beta.kubernetes.io/storage-provisioner", s.provisioner());
                return c;
            });
        } else if (step instanceof BinderStep.DeleteVolume s) {
            try {
                api.delete(volumes, null, s.volume(), DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        } else if (step instanceof BinderStep.Event s) {
            ResourceType type = s.kind().equals("PersistentVolume") ? volumes : claims;
            StoredObject about = api.store().get(type, s.kind().equals("PersistentVolume") ? null : s.namespace(),
                    s.name());
            if (about != null) {
                events.record(type, about, s.type(), s.reason(), s.message());
            }
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private static void annotate(ObjectNode object, String key, boolean present) {
        ObjectNode meta = Json.child(object, "metadata");
        if (present) {
            Json.child(meta, "annotations").put(key, "yes");
        } else if (meta.path("annotations").isObject()) {
            ((ObjectNode) meta.get("annotations")).remove(key);
        }
    }
}
