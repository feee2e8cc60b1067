package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Volume expansion (B12), playing both the external resizer and the kubelet's side: a bound claim whose request
 * grew past its capacity gets {@code Resizing}, its volume grows, then {@code FileSystemResizePending} until a
 * scheduled pod uses the claim, whose node finishes the resize: {@code status.capacity} becomes the new size and
 * the conditions go.
 */
public final class VolumeResizer implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final ResourceType pods;
    private final EventRecorder events;
    private final WorkQueue queue;
    private final List<Store.Watch> watches = new ArrayList<>();

    public VolumeResizer(ApiServer api, Timeline timeline) {
        this.api = api;
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.pods = api.type("", "v1", "pods");
        this.events = new EventRecorder(api, "external-resizer");
        this.queue = new WorkQueue(timeline, "expand-controller", this::sync);
    }

    public void start() {
        watches.add(Watches.events(api, claims, e -> {
            if (e.type() != WatchEvent.Type.DELETED) {
                queue.add(e.object().namespace() + "/" + e.object().name());
            }
        }));
        // a pod that starts using a claim lets the node finish a pending resize
        watches.add(Watches.events(api, pods, e -> {
            if (e.type() != WatchEvent.Type.DELETED) {
                for (String claim : ClaimUsers.claimNames(e.object().node())) {
                    queue.add(e.object().namespace() + "/" + claim);
                }
            }
        }));
    }

    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject claim = api.store().get(claims, namespace, name);
        if (claim == null || !"Bound".equals(claim.node().path("status").path("phase").asText())) {
            return true;
        }
        JsonNode c = claim.node();
        String requested = c.path("spec").path("resources").path("requests").path("storage").asText("");
        String capacity = c.path("status").path("capacity").path("storage").asText("");
        if (requested.isEmpty() || capacity.isEmpty()
                || Quantity.parse(requested).compareTo(Quantity.parse(capacity)) <= 0) {
            return true;
        }
        String volumeName = c.path("spec").path("volumeName").asText();
        StoredObject volume = api.store().get(volumes, null, volumeName);
        if (volume == null) {
            return true;
        }
        String now = api.now();
        try {
            String volumeSize = volume.node().path("spec").path("capacity").path("storage").asText("");
            if (volumeSize.isEmpty() || Quantity.parse(volumeSize).compareTo(Quantity.parse(requested)) < 0) {
                api.modify(claims, namespace, name, "status", p -> {
                    ObjectNode status = Json.child(p, "status");
                    Json.child(status, "allocatedResources").put("storage", requested);
                    Json.child(status, "allocatedResourceStatuses").put("storage", "ControllerResizeInProgress");
                    PodConditions.set(p, "Resizing", "True", null, null, now);
                    return p;
                });
                events.normal(claims, claim, "Resizing", "External resizer is resizing volume " + volumeName);
                api.modify(volumes, null, volumeName, null, v -> {
                    Json.child(Json.child(v, "spec"), "capacity").put("storage", requested);
                    return v;
                });
                StoredObject resized = api.modify(claims, namespace, name, "status", p -> {
                    removeCondition(p, "Resizing");
                    Json.child(Json.child(p, "status"), "allocatedResourceStatuses").put("storage", "NodeResizePending");
                    PodConditions.set(p, "FileSystemResizePending", "True", null,
                            "Waiting for user to (re-)start a pod to finish file system resize of volume on node.", now);
                    return p;
                });
                events.normal(claims, resized, "FileSystemResizeRequired", "Require file system resize of volume on node");
            }
            if (usedByScheduledPod(namespace, name)) {
                StoredObject done = api.modify(claims, namespace, name, "status", p -> {
                    ObjectNode status = Json.child(p, "status");
                    Json.child(status, "capacity").put("storage", requested);
                    removeCondition(p, "Resizing");
                    removeCondition(p, "FileSystemResizePending");
                    status.remove("allocatedResourceStatuses");
                    return p;
                });
                events.normal(claims, done, "FileSystemResizeSuccessful", "MountVolume.NodeExpandVolume succeeded for "
                        + "volume \"" + volumeName + "\"");
            }
        } catch (ApiException e) {
            return e.code() == 404;
        }
        return true;
    }

    private boolean usedByScheduledPod(String namespace, String claim) {
        for (StoredObject pod : Listings.in(api, pods, namespace)) {
            if (ProtectionController.uses(pod.node(), claim)) {
                return true;
            }
        }
        return false;
    }

    private static void removeCondition(ObjectNode claim, String type) {
        JsonNode conditions = claim.path("status").path("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (conditions.get(i).path("type").asText().equals(type)) {
                ((ArrayNode) conditions).remove(i);
            }
        }
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
