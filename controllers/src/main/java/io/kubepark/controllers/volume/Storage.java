package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reading PersistentVolumes, claims and their metadata as stored; the annotation names of the binder. */
final class Storage {
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    static final String MIGRATED_TO = "pv.kubernetes.io/migrated-to";
    static final String PRE_RESIZE_CAPACITY = "volume.alpha.kubernetes.io/pre-resize-capacity";
    static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    static final String FILESYSTEM = "Filesystem";

    private Storage() {
    }

    static boolean hasAnnotation(JsonNode obj, String key) {
        return obj.path("metadata").path("annotations").has(key);
    }

    /** The annotation's value, or null when absent. */
    static String annotation(JsonNode obj, String key) {
        JsonNode v = obj.path("metadata").path("annotations").get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    static String phase(JsonNode obj) {
        return obj.path("status").path("phase").asText("");
    }

    /** The beta class annotation if present, else {@code spec.storageClassName}, else "" (rule 69). */
    static String className(JsonNode obj) {
        String beta = annotation(obj, BETA_STORAGE_CLASS);
        if (beta != null) {
            return beta;
        }
        return obj.path("spec").path("storageClassName").asText("");
    }

    /** Whether a claim asked for a class at all; an explicit "" counts, only nil is open to the default. */
    static boolean claimHasClass(JsonNode claim) {
        return hasAnnotation(claim, BETA_STORAGE_CLASS) || present(claim.path("spec").path("storageClassName"));
    }

    /** {@code spec.volumeMode}, nil meaning Filesystem. */
    static String volumeMode(JsonNode obj) {
        return obj.path("spec").path("volumeMode").asText(FILESYSTEM);
    }

    static boolean volumeModeMismatch(JsonNode claim, JsonNode volume) {
        return !volumeMode(claim).equals(volumeMode(volume));
    }

    static Set<String> accessModes(JsonNode obj) {
        return new LinkedHashSet<>(Json.strings(obj.path("spec").path("accessModes")));
    }

    /** The volume's {@code spec.capacity.storage}; a missing capacity is zero, as in Kubernetes. */
    static Quantity capacity(JsonNode volume) {
        return quantity(volume.path("spec").path("capacity").path("storage"));
    }

    /** The claim's {@code spec.resources.requests.storage}, zero when absent. */
    static Quantity request(JsonNode claim) {
        return quantity(claim.path("spec").path("resources").path("requests").path("storage"));
    }

    private static Quantity quantity(JsonNode node) {
        return node.isTextual() || node.isNumber() ? Quantity.parse(node.asText()) : Quantity.ZERO;
    }

    /** {@code spec.claimRef}, or null when unset. */
    static JsonNode claimRef(JsonNode volume) {
        JsonNode ref = volume.path("spec").path("claimRef");
        return ref.isObject() ? ref : null;
    }

    static String volumeName(JsonNode claim) {
        return claim.path("spec").path("volumeName").asText("");
    }

    static String reclaimPolicy(JsonNode volume) {
        return volume.path("spec").path("persistentVolumeReclaimPolicy").asText("");
    }

    /**
     * The volume is pre-bound or bound to this claim: same name and namespace in claimRef, and the claimRef
     * uid either empty or the claim's.
     */
    static boolean isVolumeBoundToClaim(JsonNode volume, JsonNode claim) {
        JsonNode ref = claimRef(volume);
        if (ref == null) {
            return false;
        }
        if (!ObjectMeta.name(claim).equals(ref.path("name").asText(""))
                || !ObjectMeta.namespace(claim).equals(ref.path("namespace").asText(""))) {
            return false;
        }
        String refUid = ref.path("uid").asText("");
        return refUid.isEmpty() || refUid.equals(ObjectMeta.uid(claim));
    }

    /** A full object reference to the claim, field for field what Kubernetes' GetReference writes. */
    static ObjectNode referenceTo(JsonNode claim) {
        ObjectNode ref = Json.object();
        ref.put("kind", "PersistentVolumeClaim");
        putIfSet(ref, "namespace", ObjectMeta.namespace(claim));
        putIfSet(ref, "name", ObjectMeta.name(claim));
        putIfSet(ref, "uid", ObjectMeta.uid(claim));
        ref.put("apiVersion", "v1");
        putIfSet(ref, "resourceVersion", claim.path("metadata").path("resourceVersion").asText(""));
        return ref;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    static String claimKey(String namespace, String name) {
        return namespace + "/" + name;
    }

    static JsonNode volume(BinderSnapshot s, String name) {
        for (JsonNode volume : s.volumes()) {
            if (ObjectMeta.name(volume).equals(name)) {
                return volume;
            }
        }
        return null;
    }
}
