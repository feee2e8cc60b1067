package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Finalizers;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KubePark's built-in volume provisioner, following the external-provisioner contract (B8): it acts on claims whose
 * {@code volume.kubernetes.io/storage-provisioner} annotation names one of its provisioners — and, for
 * WaitForFirstConsumer classes, that carry {@code volume.kubernetes.io/selected-node} — by creating the volume
 * {@code pvc-<claim uid>} pre-bound to the claim, pinned to the selected node's zone ({@link #ZONAL}) or to the node
 * itself ({@link #LOCAL}). It deletes the volumes it made once they are released under the Delete policy.
 *
 * <p>Provisioning fails, with a {@code ProvisioningFailed} event and the selected node handed back to the
 * scheduler, for a claim annotated {@code kubepark.io/provisioning-error: <message>} or for a class set to fail
 * with {@link #failClass(String, String)}.
 */
public final class Provisioner implements AutoCloseable {
    /** Volumes pinned to the zone of the node the pod was scheduled to, like a cloud disk. */
    public static final String ZONAL = "kubepark.io/zonal-disk";
    /** Volumes pinned to the node itself, like local-path. */
    public static final String LOCAL = "kubepark.io/local-path";
    static final String FINALIZER = "external-provisioner.volume.kubernetes.io/finalizer";
    static final String FAILURE_ANNOTATION = "kubepark.io/provisioning-error";

    private final ApiServer api;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final ResourceType classes;
    private final ResourceType nodes;
    private final EventRecorder events;
    private final WorkQueue claimQueue;
    private final WorkQueue volumeQueue;
    private final Map<String, String> failingClasses = new ConcurrentHashMap<>();
    private final List<Store.Watch> watches = new ArrayList<>();

    public Provisioner(ApiServer api, Timeline timeline) {
        this.api = api;
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.classes = api.type("storage.k8s.io", "v1", "storageclasses");
        this.nodes = api.type("", "v1", "nodes");
        this.events = new EventRecorder(api, "kubepark-provisioner");
        this.claimQueue = new WorkQueue(timeline, "kubepark-provisioner", this::syncClaim);
        this.volumeQueue = new WorkQueue(timeline, "kubepark-provisioner", this::syncVolume);
    }

    public void start() {
        watches.add(Watches.events(api, claims, e -> {
            if (e.type() != WatchEvent.Type.DELETED) {
                claimQueue.add(e.object().namespace() + "/" + e.object().name());
            }
        }));
        watches.add(Watches.events(api, volumes, e -> {
            if (e.type() != WatchEvent.Type.DELETED) {
                volumeQueue.add(e.object().name());
            }
        }));
    }

    /** Fault injection: provisioning for {@code storageClass} fails with {@code message} until {@link #healClass}. */
    public void failClass(String storageClass, String message) {
        failingClasses.put(storageClass, message);
    }

    public void healClass(String storageClass) {
        failingClasses.remove(storageClass);
    }


    boolean syncClaim(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject claim = api.store().get(claims, namespace, key.substring(slash + 1));
        if (claim == null || claim.node().path("metadata").has("deletionTimestamp")) {
            return true;
        }
        JsonNode c = claim.node();
        JsonNode annotations = c.path("metadata").path("annotations");
        String provisioner = annotations.path(Storage.STORAGE_PROVISIONER).asText("");
        if (!provisioner.equals(ZONAL) && !provisioner.equals(LOCAL)) {
            return true;
        }
        if (!c.path("spec").path("volumeName").asText("").isEmpty()) {
            return true;
        }
        String volumeName = "pvc-" + claim.uid();
        if (api.store().get(volumes, null, volumeName) != null) {
            return true;
        }
        String className = c.path("spec").path("storageClassName").asText("");
        StoredObject storageClass = api.store().get(classes, null, className);
        if (storageClass == null) {
            return true;
        }
        JsonNode sc = storageClass.node();
        boolean waitForConsumer = "WaitForFirstConsumer".equals(sc.path("volumeBindingMode").asText());
        String selected = annotations.path(Storage.SELECTED_NODE).asText("");
        if (waitForConsumer && selected.isEmpty()) {
            return true;
        }
        events.normal(claims, claim, "Provisioning", "External provisioner is provisioning volume for claim \""
                + namespace + "/" + claim.name() + "\"");
        String failure = annotations.path(FAILURE_ANNOTATION).asText(failingClasses.get(className));
        if (failure != null && !failure.isEmpty()) {
            failed(claim, className, failure, !selected.isEmpty());
            return true;
        }
        JsonNode node = selected.isEmpty() ? firstNode() : nodeObject(selected);
        if (node == null) {
            failed(claim, className, "no node to place the volume on", !selected.isEmpty());
            return true;
        }
        ObjectNode volume = volume(claim, sc, provisioner, node);
        try {
            api.create(volumes, null, volume, ApiServer.WriteOptions.DEFAULT);
        } catch (ApiException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                failed(claim, className, e.getMessage(), !selected.isEmpty());
                return true;
            }
        }
        events.normal(claims, claim, "ProvisioningSucceeded", "Successfully provisioned volume " + volumeName);
        return true;
    }

    /** ProvisioningFailed; a failed WaitForFirstConsumer claim gives its node back to the scheduler (rule 91). */
    private void failed(StoredObject claim, String className, String message, boolean selected) {
        events.warning(claims, claim, "ProvisioningFailed", "failed to provision volume with StorageClass \""
                + className + "\": " + message);
        if (selected) {
            try {
                api.modify(claims, claim.namespace(), claim.name(), null, c -> {
                    ((ObjectNode) c.path("metadata").path("annotations")).remove(Storage.SELECTED_NODE);
                    return c;
                });
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    private ObjectNode volume(StoredObject claim, JsonNode storageClass, String provisioner, JsonNode node) {
        JsonNode c = claim.node();
        ObjectNode pv = Json.object();
        pv.put("apiVersion", "v1").put("kind", "PersistentVolume");
        ObjectNode meta = pv.putObject("metadata");
        meta.put("name", "pvc-" + claim.uid());
        meta.putObject("annotations").put("pv.kubernetes.io/provisioned-by", provisioner);
        String reclaim = storageClass.path("reclaimPolicy").asText("Delete");
        if (reclaim.equals("Delete")) {
            meta.putArray("finalizers").add(FINALIZER);
        }
        ObjectNode spec = pv.putObject("spec");
        spec.putObject("capacity").put("storage",
                c.path("spec").path("resources").path("requests").path("storage").asText("1Gi"));
        spec.set("accessModes", c.path("spec").path("accessModes").deepCopy());
        spec.put("volumeMode", c.path("spec").path("volumeMode").asText("Filesystem"));
        spec.put("storageClassName", storageClass.path("metadata").path("name").asText());
        spec.put("persistentVolumeReclaimPolicy", reclaim);
        if (storageClass.has("mountOptions")) {
            spec.set("mountOptions", storageClass.get("mountOptions").deepCopy());
        }
        spec.putObject("claimRef").put("kind", "PersistentVolumeClaim").put("apiVersion", "v1")
                .put("namespace", claim.namespace()).put("name", claim.name()).put("uid", claim.uid())
                .put("resourceVersion", Long.toString(claim.resourceVersion()));
        String nodeName = node.path("metadata").path("name").asText();
        spec.putObject("hostPath").put("path", "/var/lib/kubepark/volumes/pvc-" + claim.uid())
                .put("type", "DirectoryOrCreate");
        String key = provisioner.equals(LOCAL) ? "kubernetes.io/hostname" : "topology.kubernetes.io/zone";
        String value = provisioner.equals(LOCAL) ? nodeName
                : node.path("metadata").path("labels").path("topology.kubernetes.io/zone").asText("");
        ArrayNode terms = spec.putObject("nodeAffinity").putObject("required").putArray("nodeSelectorTerms");
        terms.addObject().putArray("matchExpressions").addObject().put("key", key).put("operator", "In")
                .putArray("values").add(value);
        return pv;
    }

    private JsonNode nodeObject(String name) {
        StoredObject n = api.store().get(nodes, null, name);
        return n == null ? null : n.node();
    }

    private JsonNode firstNode() {
        List<StoredObject> all = api.store().list(nodes, Query.all(), 1, null).items();
        return all.isEmpty() ? null : all.get(0).node();
    }

    /** Deletes a released Delete-policy volume it made, and lets go of the ones being deleted. */
    boolean syncVolume(String name) {
        StoredObject volume = api.store().get(volumes, null, name);
        if (volume == null) {
            return true;
        }
        JsonNode v = volume.node();
        String by = v.path("metadata").path("annotations").path("pv.kubernetes.io/provisioned-by").asText("");
        if (!by.equals(ZONAL) && !by.equals(LOCAL)) {
            return true;
        }
        if (v.path("metadata").has("deletionTimestamp")) {
            Finalizers.remove(api, volumes, null, name, FINALIZER);
            return true;
        }
        if ("Released".equals(v.path("status").path("phase").asText())
                && "Delete".equals(v.path("spec").path("persistentVolumeReclaimPolicy").asText())) {
            try {
                api.delete(volumes, null, name, DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        claimQueue.stop();
        volumeQueue.stop();
        watches.forEach(Store.Watch::close);
    }
}
