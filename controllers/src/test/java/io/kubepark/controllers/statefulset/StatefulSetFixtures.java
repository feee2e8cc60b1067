package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.TestObjects;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Instant;

/** Small fluent builders for sets, pods, claims and owner references, shaped as the API server stores them. */
final class StatefulSetFixtures {
    static final String NAMESPACE = "ns";
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private StatefulSetFixtures() {
    }

    static SetBuilder set(String name) {
        return new SetBuilder(name);
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    static ObjectNode ref(String apiVersion, String kind, String name, String uid, boolean controller) {
        ObjectNode ref = Meta.controllerRef(apiVersion, kind, name, uid);
        ref.put("controller", controller);
        return ref;
    }

    static ObjectNode claim(String name, String uid, ObjectNode... ownerReferences) {
        ObjectNode claim = Json.object();
        claim.put("apiVersion", "v1");
        claim.put("kind", "PersistentVolumeClaim");
        ObjectNode meta = claim.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", NAMESPACE);
        meta.put("uid", uid);
        if (ownerReferences.length > 0) {
            ArrayNode refs = meta.putArray("ownerReferences");
            for (ObjectNode ref : ownerReferences) {
                refs.add(ref);
            }
        }
        claim.putObject("status").put("phase", "Bound");
        return claim;
    }

    static final class SetBuilder {
        private final ObjectNode set = Json.object();

        SetBuilder(String name) {
            ObjectNode meta = TestObjects.head(set, "apps/v1", "StatefulSet", NAMESPACE, name);
            meta.put("generation", 1);
            ObjectNode spec = set.putObject("spec");
            spec.put("replicas", 1);
            spec.putObject("selector").putObject("matchLabels").put("app", name);
            spec.put("serviceName", name);
            ObjectNode template = spec.putObject("template");
            template.putObject("metadata").putObject("labels").put("app", name);
            ObjectNode podSpec = template.putObject("spec");
            ObjectNode container = podSpec.putArray("containers").addObject();
            container.put("name", "app");
            container.put("image", "app:1");
            container.put("imagePullPolicy", "IfNotPresent");
            container.put("terminationMessagePath", "/dev/termination-log");
            container.put("terminationMessagePolicy", "File");
            podSpec.put("restartPolicy", "Always");
            podSpec.put("terminationGracePeriodSeconds", 30);
            podSpec.put("dnsPolicy", "ClusterFirst");
            podSpec.putObject("securityContext");
            podSpec.put("schedulerName", "default-scheduler");
            spec.put("podManagementPolicy", "OrderedReady");
            ObjectNode strategy = spec.putObject("updateStrategy");
            strategy.put("type", "RollingUpdate");
            strategy.putObject("rollingUpdate").put("partition", 0);
            spec.put("revisionHistoryLimit", 10);
            ObjectNode policy = spec.putObject("persistentVolumeClaimRetentionPolicy");
            policy.put("whenDeleted", "Retain");
            policy.put("whenScaled", "Retain");
        }

        private ObjectNode spec() {
            return (ObjectNode) set.get("spec");
        }

        SetBuilder replicas(int replicas) {
            spec().put("replicas", replicas);
            return this;
        }

        SetBuilder parallel() {
            spec().put("podManagementPolicy", "Parallel");
            return this;
        }

        SetBuilder onDelete() {
            ObjectNode strategy = spec().putObject("updateStrategy");
            strategy.put("type", "OnDelete");
            return this;
        }

        SetBuilder partition(int partition) {
            ((ObjectNode) spec().get("updateStrategy").get("rollingUpdate")).put("partition", partition);
            return this;
        }

        SetBuilder maxUnavailable(int maxUnavailable) {
            ((ObjectNode) spec().get("updateStrategy").get("rollingUpdate")).put("maxUnavailable", maxUnavailable);
            return this;
        }

        SetBuilder start(int start) {
            spec().putObject("ordinals").put("start", start);
            return this;
        }

        SetBuilder minReadySeconds(int seconds) {
            spec().put("minReadySeconds", seconds);
            return this;
        }

        SetBuilder image(String image) {
            ((ObjectNode) spec().get("template").get("spec").get("containers").get(0)).put("image", image);
            return this;
        }

        SetBuilder revisionHistoryLimit(int limit) {
            spec().put("revisionHistoryLimit", limit);
            return this;
        }

        SetBuilder claimTemplate(String name) {
            ArrayNode templates = spec().has("volumeClaimTemplates")
                    ? (ArrayNode) spec().get("volumeClaimTemplates") : spec().putArray("volumeClaimTemplates");
            ObjectNode claim = templates.addObject();
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            claim.putObject("metadata").put("name", name);
            ObjectNode claimSpec = claim.putObject("spec");
            claimSpec.putArray("accessModes").add("ReadWriteOnce");
            claimSpec.putObject("resources").putObject("requests").put("storage", "1Gi");
            claimSpec.put("volumeMode", "Filesystem");
            claim.putObject("status").put("phase", "Pending");
            return this;
        }

        SetBuilder retention(String whenDeleted, String whenScaled) {
            ObjectNode policy = spec().putObject("persistentVolumeClaimRetentionPolicy");
            policy.put("whenDeleted", whenDeleted);
            policy.put("whenScaled", whenScaled);
            return this;
        }

        SetBuilder deleting() {
            ((ObjectNode) set.get("metadata")).put("deletionTimestamp", "2025-01-01T00:00:00Z");
            return this;
        }

        ObjectNode build() {
            return set.deepCopy();
        }
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();

        PodBuilder(String name) {
            ObjectNode meta = TestObjects.head(pod, "v1", "Pod", NAMESPACE, name);
            meta.put("resourceVersion", "1");
            meta.putObject("labels");
            pod.putObject("spec");
            pod.putObject("status").put("phase", "Pending");
        }

        private ObjectNode meta() {
            return (ObjectNode) pod.get("metadata");
        }

        PodBuilder label(String key, String value) {
            ((ObjectNode) meta().get("labels")).put(key, value);
            return this;
        }

        PodBuilder ownedBy(JsonNode set) {
            meta().putArray("ownerReferences").add(Meta.setRef(set));
            return this;
        }

        PodBuilder memberOf(JsonNode set) {
            set.path("spec").path("template").path("metadata").path("labels").fields()
                    .forEachRemaining(e -> label(e.getKey(), e.getValue().asText()));
            label(Identity.POD_NAME_LABEL, ObjectMeta.name(pod));
            return ownedBy(set);
        }

        PodBuilder revision(String revision) {
            return label(Identity.REVISION_LABEL, revision);
        }

        PodBuilder phase(String phase) {
            ((ObjectNode) pod.get("status")).put("phase", phase);
            return this;
        }

        PodBuilder readySince(Instant since) {
            phase("Running");
            ObjectNode condition = ((ObjectNode) pod.get("status")).putArray("conditions").addObject();
            condition.put("type", "Ready");
            condition.put("status", "True");
            condition.put("lastTransitionTime", since.toString());
            return this;
        }

        PodBuilder deleting() {
            meta().put("deletionTimestamp", "2025-01-01T00:00:00Z");
            return this;
        }

        ObjectNode build() {
            return pod.deepCopy();
        }
    }
}
