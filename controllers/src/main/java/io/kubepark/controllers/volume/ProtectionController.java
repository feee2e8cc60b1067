package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.admission.StorageAdmission;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Finalizers;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The PVC and PV protection controllers (B10): a claim being deleted keeps {@code kubernetes.io/pvc-protection}
 * while a scheduled, unfinished pod of its namespace uses it; a volume being deleted keeps
 * {@code kubernetes.io/pv-protection} while it is Bound.
 */
public final class ProtectionController implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final ResourceType pods;
    private final WorkQueue claimQueue;
    private final WorkQueue volumeQueue;
    private final List<Store.Watch> watches = new ArrayList<>();

    public ProtectionController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.pods = api.type("", "v1", "pods");
        this.claimQueue = new WorkQueue(timeline, "pvc-protection-controller", this::syncClaim);
        this.volumeQueue = new WorkQueue(timeline, "pv-protection-controller", this::syncVolume);
    }

    public void start() {
        watches.add(Watches.events(api, claims, e -> {
            if (deleting(e.object())) {
                claimQueue.add(e.object().namespace() + "/" + e.object().name());
            }
        }));
        watches.add(Watches.events(api, volumes, e -> {
            if (deleting(e.object())) {
                volumeQueue.add(e.object().name());
            }
        }));
        // a pod that goes or finishes may release the claims it used
        watches.add(Watches.events(api, pods, e -> {
            String phase = e.object().node().path("status").path("phase").asText();
            if (e.type() == WatchEvent.Type.DELETED || phase.equals("Succeeded") || phase.equals("Failed")) {
                for (String claim : ClaimUsers.claimNames(e.object().node())) {
                    claimQueue.add(e.object().namespace() + "/" + claim);
                }
            }
        }));
    }


    private static boolean deleting(StoredObject o) {
        return o.node().path("metadata").has("deletionTimestamp");
    }

    boolean syncClaim(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject claim = api.store().get(claims, namespace, name);
        if (claim == null || !deleting(claim)) {
            return true;
        }
        for (StoredObject pod : Listings.in(api, pods, namespace)) {
            if (uses(pod.node(), name)) {
                return true; // the pod's end brings the claim back here
            }
        }
        Finalizers.remove(api, claims, namespace, name, StorageAdmission.PVC_PROTECTION);
        return true;
    }

    /** A scheduled pod that has not finished and names the claim, directly or as its generic ephemeral volume. */
    static boolean uses(JsonNode pod, String claim) {
        String phase = pod.path("status").path("phase").asText();
        if (pod.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        return ClaimUsers.claimNames(pod).contains(claim);
    }

    boolean syncVolume(String name) {
        StoredObject volume = api.store().get(volumes, null, name);
        if (volume == null || !deleting(volume)) {
            return true;
        }
        if ("Bound".equals(volume.node().path("status").path("phase").asText())) {
            return true; // released once its claim goes, which brings it back here
        }
        Finalizers.remove(api, volumes, null, name, StorageAdmission.PV_PROTECTION);
        return true;
    }

    @Override
    public void close() {
        claimQueue.stop();
        volumeQueue.stop();
        watches.forEach(Store.Watch::close);
    }
}
