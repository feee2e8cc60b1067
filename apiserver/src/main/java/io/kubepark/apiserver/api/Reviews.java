package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.time.Clock;
import java.util.Set;

/**
 * Create-only review resources, answered and never stored. Until authorization exists every request is
 * allowed and every caller is the cluster admin.
 */
final class Reviews {
    private static final Set<String> REVIEWS = Set.of(
            "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/subjectaccessreviews",
            "authorization.k8s.io/localsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews",
            "authentication.k8s.io/selfsubjectreviews", "authentication.k8s.io/tokenreviews");

    private Reviews() {}

    static boolean handles(ResourceType type) {
        return REVIEWS.contains(type.storageKey());
    }

    static StoredObject answer(ResourceType type, ObjectNode review, Clock clock) {
        ObjectNode status = review.putObject("status");
        switch (type.resource()) {
            case "selfsubjectrulesreviews" -> {
                if (review.path("spec").path("namespace").asText("").isEmpty()) {
                    throw ApiException.badRequest("no namespace on request");
                }
                io.kubepark.apiserver.auth.Access.allowEverything(status);
            }
            case "selfsubjectreviews" -> {
                ObjectNode user = status.putObject("userInfo");
                user.put("username", "kubernetes-admin");
                user.putArray("groups").add("kubeadm:cluster-admins").add("system:authenticated");
            }
            case "tokenreviews" -> status.put("authenticated", false)
                    .put("error", "token authentication is not enabled");
            default -> status.put("allowed", true).put("reason", "KubePark authorizes every request");
        }
        ObjectNode meta = Json.child(review, "metadata");
        meta.remove("resourceVersion");
        meta.put("creationTimestamp", (String) null);
        return StoredObject.detached(null, meta.path("name").asText(""), review);
    }
}
