package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the server does to an object on its way in, per kind: system metadata, generation, the split between
 * spec and status, names and the few defaults the core owns (namespaces, pod status).
 */
final class ObjectRules {
    /** Kinds whose strategy sets {@code metadata.generation} (1 on create, +1 on every desired-state change). */
    private static final Set<String> GENERATION_TRACKED = Set.of(
            "/pods", "/replicationcontrollers", "apps/deployments", "apps/replicasets", "apps/statefulsets",
            "apps/daemonsets", "batch/jobs", "batch/cronjobs", "networking.k8s.io/networkpolicies",
            "networking.k8s.io/ingresses", "policy/poddisruptionbudgets",
            "apiextensions.k8s.io/customresourcedefinitions",
            "admissionregistration.k8s.io/validatingwebhookconfigurations",
            "admissionregistration.k8s.io/mutatingwebhookconfigurations",
            "admissionregistration.k8s.io/validatingadmissionpolicies",
            "admissionregistration.k8s.io/validatingadmissionpolicybindings",
            "autoscaling/horizontalpodautoscalers");

    /** Kinds whose names are path segments rather than DNS subdomains (ValidateRBACName and friends). */
    private static final Set<String> PATH_SEGMENT_NAMES = Set.of(
            "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles",
            "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings");

    /** Where apps/v1 keeps a DaemonSet's templateGeneration (pkg/apis/apps/v1/conversion.go). */
    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    /** Metadata fields only the server sets. */
    private static final List<String> SYSTEM_FIELDS = List.of("uid", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "generation", "selfLink", "resourceVersion");

    private ObjectRules() {}

    static boolean tracksGeneration(ResourceType type) {
        return type.isCustom() || GENERATION_TRACKED.contains(type.group() + "/" + type.resource());
    }

    /** Metadata, names and kind defaults for a new object. The name must be final already. */
    static void prepareForCreate(ResourceType type, ObjectNode obj, String uid, String now) {
        ObjectNode meta = Json.child(obj, "metadata");
        SYSTEM_FIELDS.forEach(meta::remove);
        meta.put("uid", uid);
        meta.put("creationTimestamp", now);
        if (tracksGeneration(type)) {
            meta.put("generation", 1);
        }
        // a Node may be created with its status, as a kubelet registers it (node strategy PrepareForCreate)
        if (type.hasStatus() && !type.storageKey().equals("/nodes")) {
            obj.remove("status");
        }
        switch (type.storageKey()) {
            case "/namespaces" -> {
                Json.child(meta, "labels").put("kubernetes.io/metadata.name", meta.path("name").asText());
                ObjectNode spec = Json.child(obj, "spec");
                if (!spec.has("finalizers")) {
                    spec.putArray("finalizers").add("kubernetes");
                }
                obj.putObject("status").put("phase", "Active");
            }
            // SetDefaults_PersistentVolume / _PersistentVolumeClaim: a new volume or claim is Pending
            case "/persistentvolumes" -> obj.putObject("status").put("phase", "Pending").put("lastPhaseTransitionTime", now);
            case "/persistentvolumeclaims" -> obj.putObject("status").put("phase", "Pending");
            // PodDisruptionBudgetStatus{}: its four counts have no omitempty
            case "policy/poddisruptionbudgets" -> obj.putObject("status").put("disruptionsAllowed", 0)
                    .put("currentHealthy", 0).put("desiredHealthy", 0).put("expectedPods", 0);
            case "apps/daemonsets" -> {
                long given = templateGeneration(obj);
                setTemplateGeneration(obj, given < 1 ? 1 : given);
            }
            case "/pods" -> {
                obj.putObject("status").put("phase", "Pending").put("qosClass", qosClass(obj));
                if (obj.path("spec").path("schedulingGates").size() > 0) {
                    PodConditions.set(obj, "PodScheduled", "False", "SchedulingGated",
                            "Scheduling is blocked due to non-empty scheduling gates", now);
                }
            }
            default -> { }
        }
    }

    /** Keeps what an update may not change and moves generation; {@code subresource} is null or "status". */
    static ObjectNode prepareForUpdate(ResourceType type, ObjectNode updated, ObjectNode old, String subresource) {
        ObjectNode result;
        if ("status".equals(subresource)) {
            result = old.deepCopy();
            JsonNode status = updated.get("status");
            if (status == null) {
                result.remove("status");
            } else {
                result.set("status", status);
            }
            if (type.storageKey().equals("apps/deployments")) {
                // deploymentStatusStrategy resets spec and labels only: the controller writes the revision
                // annotation through deployments/status
                JsonNode annotations = updated.path("metadata").get("annotations");
                if (annotations == null || annotations.isNull()) {
                    ((ObjectNode) result.path("metadata")).remove("annotations");
                } else {
                    ((ObjectNode) result.path("metadata")).set("annotations", annotations);
                }
            }
        } else {
            result = updated;
            if (type.hasStatus()) {
                JsonNode status = old.get("status");
                if (status == null) {
                    result.remove("status");
                } else {
                    result.set("status", status);
                }
            }
        }
        ObjectNode meta = Json.child(result, "metadata");
        JsonNode oldMeta = old.path("metadata");
        for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation", "namespace", "name")) {
            if (oldMeta.has(field)) {
                meta.set(field, oldMeta.get(field));
            } else {
                meta.remove(field);
            }
        }
        meta.remove("selfLink");
        if (type.storageKey().equals("/namespaces")) {
            Json.child(meta, "labels").put("kubernetes.io/metadata.name", meta.path("name").asText());
        }
        if (tracksGeneration(type) && meta.has("generation") && !desiredState(type, result).equals(desiredState(type, old))) {
            meta.put("generation", meta.path("generation").asLong() + 1);
        }
        if (type.storageKey().equals("apps/daemonsets")) {
            long kept = Math.max(templateGeneration(old), 1);
            boolean templateChanged = !result.path("spec").path("template").equals(old.path("spec").path("template"));
            setTemplateGeneration(result, templateChanged ? kept + 1 : kept);
        }
        return result;
    }

    /**
     * A DaemonSet's spec.templateGeneration, which apps/v1 carries as the annotation
     * {@code deprecated.daemonset.template.generation}: 0 when absent or unreadable.
     */
    private static long templateGeneration(JsonNode daemonSet) {
        String value = daemonSet.path("metadata").path("annotations").path(TEMPLATE_GENERATION).asText("");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The DaemonSet strategy: templateGeneration is 1 on create (or what the client gave, if more), goes up by one
     * with every change to spec.template, and no client can set it on update.
     */
    private static void setTemplateGeneration(ObjectNode daemonSet, long generation) {
        Json.child(Json.child(daemonSet, "metadata"), "annotations").put(TEMPLATE_GENERATION, Long.toString(generation));
    }

    /** Checks that an update changes nothing it may not; returns the causes of a 422. */
    static List<Cause> immutableChanges(ObjectNode updated, ObjectNode old) {
        List<Cause> causes = new ArrayList<>();
        String uid = Json.text(updated.path("metadata"), "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(Json.text(old.path("metadata"), "uid"))) {
            causes.add(Cause.invalid("metadata.uid", uid, "field is immutable"));
        }
        return causes;
    }

    /**
     * What generation tracks: everything but metadata and status, or for a custom resource without a status
     * subresource everything but metadata (A3.3).
     */
    private static ObjectNode desiredState(ResourceType type, ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        copy.remove("metadata");
        if (!type.isCustom() || type.hasStatus()) {
            copy.remove("status");
        }
        return copy;
    }

    /** Validates the name (and for namespaced objects nothing more yet) of an object to be created. */
    static List<Cause> validateName(ResourceType type, String name) {
        List<String> problems;
        String key = type.group() + "/" + type.resource();
        if (type.storageKey().equals("/namespaces")) {
            problems = Names.dns1123Label(name);
        } else if (type.storageKey().equals("/services")) {
            problems = Names.dns1035Label(name);
        } else if (PATH_SEGMENT_NAMES.contains(key)) {
            problems = Names.isValidPathSegmentName(name);
        } else {
            problems = Names.dns1123Subdomain(name);
        }
        List<Cause> causes = new ArrayList<>();
        for (String p : problems) {
            causes.add(Cause.invalid("metadata.name", name, p));
        }
        return causes;
    }

    /** Finalizer rules of ValidateObjectMetaUpdate: no new finalizers while the object is being deleted. */
    static List<Cause> finalizerChanges(ObjectNode updated, ObjectNode old) {
        if (!old.path("metadata").has("deletionTimestamp")) {
            return List.of();
        }
        List<String> before = Json.strings(old.path("metadata").path("finalizers"));
        for (String f : Json.strings(updated.path("metadata").path("finalizers"))) {
            if (!before.contains(f)) {
                return List.of(Cause.forbidden("metadata.finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers []string{\""
                                + f + "\"}"));
            }
        }
        return List.of();
    }

    /** QoS class of a pod from its containers' requests and limits (pkg/apis/core/helper/qos). */
    static String qosClass(ObjectNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                if (requests.size() > 0 || limits.size() > 0) {
                    any = true;
                }
                for (String r : List.of("cpu", "memory")) {
                    JsonNode limit = limits.get(r);
                    JsonNode request = requests.get(r);
                    if (limit == null || (request != null && !request.asText().equals(limit.asText()))) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
