package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.TestObjects;
import io.kubepark.controllers.runtime.OwnerReferences;
import java.time.Instant;

/** Small builders for sets and pods shaped as the API server stores them. */
final class ReplicaSetFixtures {
    static final String NAMESPACE = "ns";
    static final Instant NOW = Instant.parse("2025-01-01T01:00:00Z");

    private ReplicaSetFixtures() {
    }

    /** A ReplicaSet {@code name} selecting {@code app: name}, owned by nothing. */
    static ObjectNode set(String name, int replicas) {
        ObjectNode rs = Json.object();
        ObjectNode meta = TestObjects.head(rs, "apps/v1", "ReplicaSet", NAMESPACE, name);
        meta.put("generation", 1);
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "i");
        return rs;
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    static final class PodBuilder {
        private final ObjectNode pod = Json.object();

        PodBuilder(String name) {
            ObjectNode meta = TestObjects.head(pod, "v1", "Pod", NAMESPACE, name);
            meta.put("creationTimestamp", "2025-01-01T00:00:00Z");
            pod.putObject("spec").put("nodeName", "node-1");
            pod.putObject("status").put("phase", "Running");
        }

        PodBuilder labels(String app) {
            ((ObjectNode) pod.path("metadata")).putObject("labels").put("app", app);
            return this;
        }

        PodBuilder ownedBy(ObjectNode set) {
            ((ObjectNode) pod.path("metadata")).putArray("ownerReferences")
                    .add(OwnerReferences.controllerRef("apps/v1", "ReplicaSet", set));
            return this;
        }

        PodBuilder node(String node) {
            if (node.isEmpty()) {
                ((ObjectNode) pod.path("spec")).remove("nodeName");
            } else {
                ((ObjectNode) pod.path("spec")).put("nodeName", node);
            }
            return this;
        }

        PodBuilder phase(String phase) {
            ((ObjectNode) pod.path("status")).put("phase", phase);
            return this;
        }

        PodBuilder readySince(String time) {
            ObjectNode c = ((ObjectNode) pod.path("status")).putArray("conditions").addObject();
            c.put("type", "Ready").put("status", "True").put("lastTransitionTime", time);
            return this;
        }

        PodBuilder created(String time) {
            ((ObjectNode) pod.path("metadata")).put("creationTimestamp", time);
            return this;
        }

        PodBuilder restarts(int count) {
            ((ObjectNode) pod.path("status")).putArray("containerStatuses").addObject().put("restartCount", count);
            return this;
        }

        PodBuilder annotation(String key, String value) {
            ((ObjectNode) pod.path("metadata")).putObject("annotations").put(key, value);
            return this;
        }

        PodBuilder deleting() {
            ((ObjectNode) pod.path("metadata")).put("deletionTimestamp", "2025-01-01T00:30:00Z");
            return this;
        }

        ObjectNode build() {
            return pod.deepCopy();
        }
    }
}
