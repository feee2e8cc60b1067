package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DeleteOptions from the body of a DELETE or its query: grace period, propagation policy, preconditions and
 * dry run, validated as the API server validates them.
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String uidPrecondition,
        String resourceVersionPrecondition, boolean dryRun) {
    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);
    private static final Set<String> POLICIES = Set.of("Orphan", "Background", "Foreground");

    /** Reads the options from a JSON body (may be empty) and the query; the body wins where both are given. */
    public static DeleteOptions parse(byte[] body, Params params) {
        JsonNode node = body == null || body.length == 0 ? Json.object() : Bodies.json(body);
        if (!node.isObject()) {
            throw ApiException.badRequest("DeleteOptions must be a JSON object");
        }
        List<Cause> causes = new ArrayList<>();
        Long grace = null;
        JsonNode g = node.get("gracePeriodSeconds");
        if (g != null && !g.isNull()) {
            if (!g.canConvertToLong()) {
                throw ApiException.badRequest("gracePeriodSeconds must be an integer");
            }
            grace = g.asLong();
        } else if (params.get("gracePeriodSeconds") != null) {
            try {
                grace = Long.parseLong(params.get("gracePeriodSeconds"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid value for gracePeriodSeconds: \""
                        + params.get("gracePeriodSeconds") + "\"");
            }
        }
        String policy = Json.text(node, "propagationPolicy");
        if (policy == null) {
            policy = params.get("propagationPolicy");
        }
        boolean orphanGiven = node.hasNonNull("orphanDependents") || params.get("orphanDependents") != null;
        if (policy != null && !POLICIES.contains(policy)) {
            causes.add(Cause.notSupported("propagationPolicy", policy,
                    "supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""));
        }
        if (policy != null && orphanGiven) {
            causes.add(Cause.invalid("propagationPolicy", policy,
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        String dryRun = null;
        JsonNode dr = node.get("dryRun");
        if (dr != null && dr.isArray() && !dr.isEmpty()) {
            dryRun = dr.get(0).asText();
        } else if (params.get("dryRun") != null) {
            dryRun = params.get("dryRun");
        }
        if (dryRun != null && !dryRun.equals("All")) {
            causes.add(Cause.notSupported("dryRun", dryRun, "supported values: \"All\""));
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid("DeleteOptions.meta.k8s.io", "DeleteOptions", "meta.k8s.io", "", causes);
        }
        if (policy == null && orphanGiven) {
            boolean orphan = node.hasNonNull("orphanDependents") ? node.path("orphanDependents").asBoolean()
                    : params.flag("orphanDependents");
            policy = orphan ? "Orphan" : "Foreground";
        }
        JsonNode pre = node.path("preconditions");
        return new DeleteOptions(grace, policy, Json.text(pre, "uid"), Json.text(pre, "resourceVersion"),
                dryRun != null);
    }

    /** A uid or resourceVersion precondition that the object does not meet is a 409 (A2.4). */
    void checkPreconditions(ResourceType type, StoredObject current) {
        if (uidPrecondition != null && !uidPrecondition.equals(current.uid())) {
            throw ApiException.conflict(type, current.name(), "Precondition failed: UID in precondition: "
                    + uidPrecondition + ", UID in object meta: " + current.uid());
        }
        String rv = Long.toString(current.resourceVersion());
        if (resourceVersionPrecondition != null && !resourceVersionPrecondition.equals(rv)) {
            throw ApiException.conflict(type, current.name(), "Precondition failed: ResourceVersion in "
                    + "precondition: " + resourceVersionPrecondition + ", ResourceVersion in object meta: " + rv);
        }
    }
}
