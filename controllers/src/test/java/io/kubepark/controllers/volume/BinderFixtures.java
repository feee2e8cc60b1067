package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Instant;

/** Small fluent builders for volumes, claims, classes and pods, shaped as the API server stores them. */
final class BinderFixtures {
    static final String NS = "ns";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final String PROVISIONER = "csi.kubepark.io";

    private BinderFixtures() {
    }

    static VolumeBuilder pv(String name) {
        return new VolumeBuilder(name);
    }

    static ClaimBuilder claim(String name) {
        return new ClaimBuilder(name);
    }

    static ClassBuilder storageClass(String name) {
        return new ClassBuilder(name);
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    private static ObjectNode meta(ObjectNode obj, String name, String uid) {
        ObjectNode meta = obj.putObject("metadata");
        meta.put("name", name);
        meta.put("uid", uid);
        meta.put("resourceVersion", "1");
        meta.put("creationTimestamp", T0.toString());
        return meta;
    }

    static final class VolumeBuilder {
        private final ObjectNode pv = Json.object();
        private final ObjectNode spec;

        VolumeBuilder(String name) {
            pv.put("apiVersion", "v1");
            pv.put("kind", "PersistentVolume");
            meta(pv, name, name + "-uid");
            spec = pv.putObject("spec");
            spec.putObject("capacity").put("storage", "1Gi");
            spec.putArray("accessModes").add("ReadWriteOnce");
            spec.putObject("hostPath").put("path", "/data/" + name);
            spec.put("persistentVolumeReclaimPolicy", "Retain");
            spec.put("volumeMode", "Filesystem");
            pv.putObject("status").put("phase", "Pending");
        }

        VolumeBuilder capacity(String size) {
            ((ObjectNode) spec.get("capacity")).put("storage", size);
            return this;
        }

        VolumeBuilder modes(String... modes) {
            ArrayNode a = spec.putArray("accessModes");
            for (String m : modes) {
                a.add(m);
            }
            return this;
        }

        VolumeBuilder cls(String className) {
            spec.put("storageClassName", className);
            return this;
        }

        VolumeBuilder block() {
            spec.put("volumeMode", "Block");
            return this;
        }

        VolumeBuilder label(String key, String value) {
            Json.child((ObjectNode) pv.get("metadata"), "labels").put(key, value);
            return this;
        }

        VolumeBuilder annotation(String key, String value) {
            Json.child((ObjectNode) pv.get("metadata"), "annotations").put(key, value);
            return this;
        }

        VolumeBuilder policy(String policy) {
            spec.put("persistentVolumeReclaimPolicy", policy);
            return this;
        }

        VolumeBuilder phase(String phase) {
            ((ObjectNode) pv.get("status")).put("phase", phase);
            return this;
        }

        /** A claimRef as a user writes it to reserve the volume: no uid. */
        VolumeBuilder reservedFor(String claim) {
            ObjectNode ref = spec.putObject("claimRef");
            ref.put("kind", "PersistentVolumeClaim");
            ref.put("namespace", NS);
            ref.put("name", claim);
            return this;
        }

        /** A claimRef with a uid, as after binding. */
        VolumeBuilder boundTo(String claim, String uid) {
            reservedFor(claim);
            ((ObjectNode) spec.get("claimRef")).put("uid", uid);
            return this;
        }

        VolumeBuilder deleting() {
            ((ObjectNode) pv.get("metadata")).put("deletionTimestamp", T0.toString());
            return this;
        }

        ObjectNode build() {
            return pv.deepCopy();
        }
    }

    static final class ClaimBuilder {
        private final ObjectNode pvc = Json.object();
        private final ObjectNode spec;

        ClaimBuilder(String name) {
            pvc.put("apiVersion", "v1");
            pvc.put("kind", "PersistentVolumeClaim");
            meta(pvc, name, name + "-uid").put("namespace", NS);
            spec = pvc.putObject("spec");
            spec.putArray("accessModes").add("ReadWriteOnce");
            spec.putObject("resources").putObject("requests").put("storage", "1Gi");
            spec.put("volumeMode", "Filesystem");
            pvc.putObject("status").put("phase", "Pending");
        }

        ClaimBuilder uid(String uid) {
            ((ObjectNode) pvc.get("metadata")).put("uid", uid);
            return this;
        }

        ClaimBuilder request(String size) {
            ((ObjectNode) spec.get("resources").get("requests")).put("storage", size);
            return this;
        }

        ClaimBuilder modes(String... modes) {
            ArrayNode a = spec.putArray("accessModes");
            for (String m : modes) {
                a.add(m);
            }
            return this;
        }

        /** An explicit class; {@code ""} means "no class" and is never defaulted. */
        ClaimBuilder cls(String className) {
            spec.put("storageClassName", className);
            return this;
        }

        ClaimBuilder block() {
            spec.put("volumeMode", "Block");
            return this;
        }

        ClaimBuilder selector(String key, String value) {
            spec.putObject("selector").putObject("matchLabels").put(key, value);
            return this;
        }

        ClaimBuilder volumeName(String volume) {
            spec.put("volumeName", volume);
            return this;
        }

        ClaimBuilder annotation(String key, String value) {
            Json.child((ObjectNode) pvc.get("metadata"), "annotations").put(key, value);
            return this;
        }

        ClaimBuilder phase(String phase) {
            ((ObjectNode) pvc.get("status")).put("phase", phase);
            return this;
        }

        ObjectNode build() {
            return pvc.deepCopy();
        }
    }

    static final class ClassBuilder {
        private final ObjectNode sc = Json.object();

        ClassBuilder(String name) {
            sc.put("apiVersion", "storage.k8s.io/v1");
            sc.put("kind", "StorageClass");
            meta(sc, name, name + "-uid");
            sc.put("provisioner", PROVISIONER);
            sc.put("reclaimPolicy", "Delete");
            sc.put("volumeBindingMode", "Immediate");
        }

        ClassBuilder provisioner(String provisioner) {
            sc.put("provisioner", provisioner);
            return this;
        }

        ClassBuilder waitForFirstConsumer() {
            sc.put("volumeBindingMode", "WaitForFirstConsumer");
            return this;
        }

        ClassBuilder isDefault() {
            return annotation("storageclass.kubernetes.io/is-default-class", "true");
        }

        ClassBuilder annotation(String key, String value) {
            Json.child((ObjectNode) sc.get("metadata"), "annotations").put(key, value);
            return this;
        }

        ClassBuilder created(Instant at) {
            ((ObjectNode) sc.get("metadata")).put("creationTimestamp", at.toString());
            return this;
        }

        ObjectNode build() {
            return sc.deepCopy();
        }
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();
        private final ObjectNode spec;

        PodBuilder(String name) {
            pod.put("apiVersion", "v1");
            pod.put("kind", "Pod");
            meta(pod, name, name + "-uid").put("namespace", NS);
            spec = pod.putObject("spec");
            spec.putArray("volumes");
            pod.putObject("status").put("phase", "Pending");
        }

        PodBuilder claim(String claim) {
            ObjectNode v = ((ArrayNode) spec.get("volumes")).addObject();
            v.put("name", "v-" + claim);
            v.putObject("persistentVolumeClaim").put("claimName", claim);
            return this;
        }

        PodBuilder node(String node) {
            spec.put("nodeName", node);
            return this;
        }

        PodBuilder phase(String phase) {
            ((ObjectNode) pod.get("status")).put("phase", phase);
            return this;
        }

        ObjectNode build() {
            return pod.deepCopy();
        }
    }
}
