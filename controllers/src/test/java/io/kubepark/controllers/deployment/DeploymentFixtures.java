package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.OwnerReferences;
import java.time.Instant;

/** Deployments and ReplicaSets shaped as the API server stores them (defaults applied). */
final class DeploymentFixtures {
    static final String NAMESPACE = "ns";
    static final Instant NOW = Instant.parse("2025-01-01T01:00:00Z");

    private DeploymentFixtures() {
    }

    /** Deployment {@code web} selecting {@code app: web}, RollingUpdate 25%/25%, deadline 600 s. */
    static ObjectNode deployment(int replicas) {
        ObjectNode d = Json.object();
        d.put("apiVersion", "apps/v1");
        d.put("kind", "Deployment");
        ObjectNode meta = d.putObject("metadata");
        meta.put("name", "web");
        meta.put("namespace", NAMESPACE);
        meta.put("uid", "web-uid");
        meta.put("generation", 1);
        meta.put("creationTimestamp", "2025-01-01T00:00:00Z");
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", "web");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "web");
        template.putObject("spec").putArray("containers").addObject().put("name", "nginx").put("image", "nginx:1.27");
        ObjectNode strategy = spec.putObject("strategy");
        strategy.put("type", "RollingUpdate");
        strategy.putObject("rollingUpdate").put("maxUnavailable", "25%").put("maxSurge", "25%");
        spec.put("revisionHistoryLimit", 10);
        spec.put("progressDeadlineSeconds", 600);
        return d;
    }

    static ObjectNode rolling(ObjectNode d, Object maxSurge, Object maxUnavailable) {
        ObjectNode rolling = (ObjectNode) d.at("/spec/strategy/rollingUpdate");
        put(rolling, "maxSurge", maxSurge);
        put(rolling, "maxUnavailable", maxUnavailable);
        return d;
    }

    private static void put(ObjectNode node, String field, Object value) {
        if (value instanceof Integer i) {
            node.put(field, i);
        } else {
            node.put(field, (String) value);
        }
    }

    /**
     * A ReplicaSet of {@code d} for its current template (or {@code image}), with {@code replicas} all ready and
     * available, at {@code revision}, created at {@code created}.
     */
    static ObjectNode replicaSet(ObjectNode d, String image, int replicas, int revision, String created) {
        ObjectNode template = (ObjectNode) d.at("/spec/template").deepCopy();
        ((ObjectNode) template.at("/spec/containers/0")).put("image", image);
        String hash = TemplateHash.of(template, null);
        ((ObjectNode) template.at("/metadata/labels")).put(Rollouts.HASH_LABEL, hash);
        ObjectNode rs = Json.object();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", "web-" + hash);
        meta.put("namespace", NAMESPACE);
        meta.put("uid", "rs-" + revision);
        meta.put("generation", 1);
        meta.put("creationTimestamp", created);
        meta.set("labels", template.at("/metadata/labels").deepCopy());
        ObjectNode annotations = meta.putObject("annotations");
        annotations.put(Rollouts.REVISION, Integer.toString(revision));
        annotations.put(Rollouts.DESIRED_REPLICAS, Integer.toString(Rollouts.replicas(d)));
        annotations.put(Rollouts.MAX_REPLICAS, Integer.toString(Rollouts.replicas(d) + Rollouts.maxSurge(d)));
        meta.putArray("ownerReferences").add(OwnerReferences.controllerRef("apps/v1", "Deployment", d));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", "web").put(Rollouts.HASH_LABEL, hash);
        spec.set("template", template);
        ObjectNode status = rs.putObject("status");
        status.put("replicas", replicas);
        status.put("readyReplicas", replicas);
        status.put("availableReplicas", replicas);
        status.put("observedGeneration", 1);
        return rs;
    }

    static ObjectNode condition(String type, String status, String reason, String time) {
        ObjectNode c = Json.object();
        c.put("type", type).put("status", status).put("lastUpdateTime", time).put("lastTransitionTime", time)
                .put("reason", reason).put("message", "m");
        return c;
    }
}
