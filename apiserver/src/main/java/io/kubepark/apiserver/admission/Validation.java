package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validation users most often run into (pkg/apis/&#42;/validation): workload selectors that do not match
 * their template, container and port names, Service ports, and fields that may not change.
 */
public final class Validation {
    private Validation() {}

    /** Causes of a 422 for the object about to be stored ({@code old} is null on create). */
    public static List<Cause> validate(String storageKey, JsonNode obj, JsonNode old) {
        List<Cause> causes = new ArrayList<>();
        ownerReferences(obj.path("metadata").path("ownerReferences"), causes);
        switch (storageKey) {
            case "/pods" -> {
                podSpec("spec", obj.path("spec"), causes);
                if (old != null) {
                    podUpdate(obj, old, causes);
                }
            }
            case "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets" -> {
                workload(obj, !storageKey.equals("apps/daemonsets"), causes);
                if (storageKey.equals("apps/statefulsets")) {
                    statefulSet(obj, old, causes);
                }
                if (storageKey.equals("apps/deployments") || storageKey.equals("apps/replicasets")) {
                    replicaSetTemplate(obj.path("spec").path("template").path("spec"), "ReplicaSet", causes);
                    nonNegative(obj.path("spec").path("minReadySeconds"), "spec.minReadySeconds", causes);
                }
                if (storageKey.equals("apps/deployments")) {
                    deployment(obj.path("spec"), causes);
                }
                if (storageKey.equals("apps/daemonsets")) {
                    daemonSet(obj, causes);
                }
                if (old != null && !storageKey.equals("apps/statefulsets")
                        && !obj.path("spec").path("selector").equals(old.path("spec").path("selector"))) {
                    causes.add(new Cause("FieldValueInvalid", "Invalid value: " + selectorText(obj)
                            + ": field is immutable", "spec.selector"));
                }
            }
            case "/persistentvolumeclaims" -> {
                if (old != null) {
                    claimUpdate(obj, old, causes);
                }
            }
            case "/replicationcontrollers" -> replicationController(obj, causes);
            case "batch/jobs" -> BatchValidation.job(obj, old, causes);
            case "batch/cronjobs" -> BatchValidation.cronJob(obj, old, causes);
            case "/services" -> service(obj, old, causes);
            case "policy/poddisruptionbudgets" -> podDisruptionBudget(obj, causes);
            default -> { }
        }
        return causes;
    }

    /** ValidateOwnerReferences: every field present, at most one controller. */
    private static void ownerReferences(JsonNode refs, List<Cause> causes) {
        List<String> controllers = new ArrayList<>();
        for (JsonNode ref : refs) {
            for (String[] f : new String[][] {{"apiVersion", "version"}, {"kind", "kind"}, {"name", "name"},
                    {"uid", "uid"}}) {
                if (ref.path(f[0]).asText("").isEmpty()) {
                    causes.add(Cause.invalid("metadata.ownerReferences." + f[0], "", f[1] + " must not be empty"));
                }
            }
            if (ref.path("controller").asBoolean(false)) {
                controllers.add(ref.path("kind").asText() + "/" + ref.path("name").asText());
            }
        }
        if (controllers.size() > 1) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: []v1.OwnerReference{...}: Only one reference can "
                    + "have Controller set to true. Found \"true\" in references for " + String.join(" and ", controllers),
                    "metadata.ownerReferences"));
        }
    }

    /**
     * The selector and template checks every workload shares. {@code selectorRequired}: a missing selector is
     * "Required"; a DaemonSet's is instead a selector that matches nothing, so its template labels do not match.
     */
    private static void workload(JsonNode obj, boolean selectorRequired, List<Cause> causes) {
        JsonNode selector = obj.path("spec").path("selector");
        JsonNode labels = obj.path("spec").path("template").path("metadata").path("labels");
        if (selector.isMissingNode() || selector.isNull()) {
            causes.add(selectorRequired ? Cause.required("spec.selector", "") : new Cause("FieldValueInvalid",
                    "Invalid value: " + goMap(labels(labels)) + ": `selector` does not match template `labels`",
                    "spec.template.metadata.labels"));
        } else {
            try {
                LabelSelector s = LabelSelector.fromLabelSelectorNode(selector);
                if (s.matchesEverything()) {
                    causes.add(new Cause("FieldValueInvalid", "Invalid value: " + selectorText(obj)
                            + ": empty selector is invalid for " + workloadKind(obj), "spec.selector"));
                } else if (!s.matches(labels(labels))) {
                    causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goMap(labels(labels))
                            + ": `selector` does not match template `labels`", "spec.template.metadata.labels"));
                }
            } catch (SelectorException e) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + selectorText(obj) + ": " + e.getMessage(),
                        "spec.selector"));
            }
        }
        podSpec("spec.template.spec", obj.path("spec").path("template").path("spec"), causes);
        if (obj.path("spec").path("replicas").asInt(0) < 0) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + obj.path("spec").path("replicas").asInt()
                    + ": must be greater than or equal to 0", "spec.replicas"));
        }
    }

    /** How the empty-selector message names the kind: "deployment", "statefulset", ... */
    private static String workloadKind(JsonNode obj) {
        String kind = obj.path("kind").asText("Deployment");
        return kind.isEmpty() ? "deployment" : kind.toLowerCase(java.util.Locale.ROOT);
    }

    /** ValidateStatefulSet and ValidateStatefulSetUpdate beyond what every workload checks (A11). */
    private static void statefulSet(JsonNode obj, JsonNode old, List<Cause> causes) {
        JsonNode spec = obj.path("spec");
        String name = obj.path("metadata").path("name").asText("");
        if (old == null && !name.isEmpty()) {
            for (String problem : Names.dns1123Label(name)) {
                causes.add(Cause.invalid("metadata.name", name, problem));
            }
        }
        String policy = spec.path("podManagementPolicy").asText("OrderedReady");
        if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
            causes.add(Cause.notSupported("spec.podManagementPolicy", policy,
                    "supported values: \"OrderedReady\", \"Parallel\""));
        }
        JsonNode strategy = spec.path("updateStrategy");
        String type = strategy.path("type").asText("RollingUpdate");
        if (!type.equals("RollingUpdate") && !type.equals("OnDelete")) {
            causes.add(Cause.notSupported("spec.updateStrategy.type", type,
                    "supported values: \"OnDelete\", \"RollingUpdate\""));
        }
        JsonNode rolling = strategy.path("rollingUpdate");
        if (type.equals("OnDelete") && rolling.isObject()) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + rolling
                    + ": only allowed for updateStrategy 'RollingUpdate'", "spec.updateStrategy.rollingUpdate"));
        }
        nonNegative(rolling.path("partition"), "spec.updateStrategy.rollingUpdate.partition", causes);
        nonNegative(spec.path("minReadySeconds"), "spec.minReadySeconds", causes);
        nonNegative(spec.path("ordinals").path("start"), "spec.ordinals.start", causes);
        JsonNode retention = spec.path("persistentVolumeClaimRetentionPolicy");
        for (String when : List.of("whenDeleted", "whenScaled")) {
            String value = retention.path(when).asText("Retain");
            if (!value.equals("Retain") && !value.equals("Delete")) {
                causes.add(Cause.notSupported("spec.persistentVolumeClaimRetentionPolicy." + when, value,
                        "supported values: \"Retain\", \"Delete\""));
            }
        }
        JsonNode podSpec = spec.path("template").path("spec");
        String restart = podSpec.path("restartPolicy").asText("Always");
        if (!restart.equals("Always")) {
            causes.add(Cause.notSupported("spec.template.spec.restartPolicy", restart, "supported values: \"Always\""));
        }
        if (podSpec.has("activeDeadlineSeconds")) {
            causes.add(Cause.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
        if (old != null) {
            ObjectNode a = (ObjectNode) spec.deepCopy();
            ObjectNode b = (ObjectNode) old.path("spec").deepCopy();
            for (String field : List.of("replicas", "ordinals", "template", "updateStrategy",
                    "persistentVolumeClaimRetentionPolicy", "minReadySeconds")) {
                a.remove(field);
                b.remove(field);
            }
            if (!a.equals(b)) {
                causes.add(Cause.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
                        + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                        + "'minReadySeconds' are forbidden"));
            }
        }
    }

    /** ValidatePodTemplateSpecForReplicaSet (and ForRC): pods that are replaced, never restarted in place. */
    private static void replicaSetTemplate(JsonNode podSpec, String kind, List<Cause> causes) {
        String restart = podSpec.path("restartPolicy").asText("Always");
        if (!restart.equals("Always")) {
            causes.add(Cause.notSupported("spec.template.spec.restartPolicy", restart, "supported values: \"Always\""));
        }
        if (podSpec.hasNonNull("activeDeadlineSeconds")) {
            causes.add(Cause.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
    }

    /** ValidateDeploymentSpec beyond what every workload checks (rule D26 of docs/workloads/deployment.md). */
    private static void deployment(JsonNode spec, List<Cause> causes) {
        JsonNode strategy = spec.path("strategy");
        String type = strategy.path("type").asText("RollingUpdate");
        JsonNode rolling = strategy.path("rollingUpdate");
        switch (type) {
            case "Recreate" -> {
                if (rolling.isObject()) {
                    causes.add(Cause.forbidden("spec.strategy.rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (!rolling.isObject()) {
                    causes.add(Cause.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                } else {
                    rollingUpdate(rolling, causes);
                }
            }
            default -> causes.add(Cause.notSupported("spec.strategy.type", type,
                    "supported values: \"Recreate\", \"RollingUpdate\""));
        }
        nonNegative(spec.path("revisionHistoryLimit"), "spec.revisionHistoryLimit", causes);
        JsonNode deadline = spec.path("progressDeadlineSeconds");
        if (deadline.isNumber()) {
            nonNegative(deadline, "spec.progressDeadlineSeconds", causes);
            if (deadline.asLong() <= spec.path("minReadySeconds").asLong(0)) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + deadline.asLong()
                        + ": must be greater than minReadySeconds", "spec.progressDeadlineSeconds"));
            }
        }
    }

    private static final String PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an "
            + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /** ValidateRollingUpdateDeployment; IntOrString values print as Go's %#v, as kube-apiserver 1.33 does. */
    private static void rollingUpdate(JsonNode rolling, List<Cause> causes) {
        String base = "spec.strategy.rollingUpdate.";
        JsonNode maxUnavailable = rolling.path("maxUnavailable");
        JsonNode maxSurge = rolling.path("maxSurge");
        positiveIntOrPercent(maxUnavailable, base + "maxUnavailable", causes);
        positiveIntOrPercent(maxSurge, base + "maxSurge", causes);
        if (intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goIntOrString(maxUnavailable)
                    + ": may not be 0 when `maxSurge` is 0", base + "maxUnavailable"));
        }
        Integer percent = percentValue(maxUnavailable);
        if (percent != null && percent > 100) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goIntOrString(maxUnavailable)
                    + ": must not be greater than 100%", base + "maxUnavailable"));
        }
    }

    private static void positiveIntOrPercent(JsonNode value, String field, List<Cause> causes) {
        if (value.isTextual()) {
            if (!value.asText().matches("[0-9]+%")) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goIntOrString(value) + ": "
                        + PERCENT_MESSAGE, field));
            }
        } else if (value.isNumber() && value.asLong() < 0) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + value.asLong()
                    + ": must be greater than or equal to 0", field));
        }
    }

    private static Integer percentValue(JsonNode value) {
        if (!value.isTextual() || !value.asText().matches("[0-9]+%")) {
            return null;
        }
        String text = value.asText();
        try {
            return Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** getIntOrPercentValue: a percentage's number, else IntValue (0 for a string that is no number). */
    private static int intOrPercentValue(JsonNode value) {
        Integer percent = percentValue(value);
        if (percent != null) {
            return percent;
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        try {
            return value.isTextual() ? Integer.parseInt(value.asText()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An intstr.IntOrString as %#v prints it. */
    private static String goIntOrString(JsonNode value) {
        if (value.isTextual()) {
            String quoted = value.asText().replace("\\", "\\\\").replace("\"", "\\\"");
            return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"" + quoted + "\"}";
        }
        return "intstr.IntOrString{Type:0, IntVal:" + value.asInt(0) + ", StrVal:\"\"}";
    }

    /** ValidateReplicationControllerSpec. */
    private static void replicationController(JsonNode rc, List<Cause> causes) {
        JsonNode spec = rc.path("spec");
        nonNegative(spec.path("minReadySeconds"), "spec.minReadySeconds", causes);
        JsonNode selector = spec.path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            causes.add(Cause.required("spec.selector", ""));
        }
        if (spec.path("replicas").asInt(0) < 0) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + spec.path("replicas").asInt()
                    + ": must be greater than or equal to 0", "spec.replicas"));
        }
        JsonNode template = spec.path("template");
        if (!template.isObject()) {
            causes.add(Cause.required("spec.template", ""));
            return;
        }
        Map<String, String> templateLabels = labels(template.path("metadata").path("labels"));
        if (selector.isObject() && !selector.isEmpty()
                && !LabelSelector.fromSet(labels(selector)).matches(templateLabels)) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goMap(templateLabels)
                    + ": `selector` does not match template `labels`", "spec.template.metadata.labels"));
        }
        podSpec("spec.template.spec", template.path("spec"), causes);
        replicaSetTemplate(template.path("spec"), "ReplicationController", causes);
    }

    /**
     * ValidatePodDisruptionBudgetSpec and the non-negative status fields of ValidatePodDisruptionBudgetStatusUpdate
     * (docs/workloads/disruption.md rules 3–7).
     */
    private static void podDisruptionBudget(JsonNode pdb, List<Cause> causes) {
        JsonNode spec = pdb.path("spec");
        JsonNode min = spec.get("minAvailable");
        JsonNode max = spec.get("maxUnavailable");
        boolean minSet = min != null && !min.isNull();
        boolean maxSet = max != null && !max.isNull();
        if (minSet && maxSet) {
            // Go's %#v of the internal spec: pointers print as addresses, which differ on every real request
            JsonNode selector = spec.get("selector");
            JsonNode policy = spec.get("unhealthyPodEvictionPolicy");
            causes.add(new Cause("FieldValueInvalid", "Invalid value: policy.PodDisruptionBudgetSpec{"
                    + "MinAvailable:(*intstr.IntOrString)(0xc000a4c000), Selector:(*v1.LabelSelector)("
                    + (selector == null || selector.isNull() ? "nil" : "0xc000a4c020")
                    + "), MaxUnavailable:(*intstr.IntOrString)(0xc000a4c040), "
                    + "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)("
                    + (policy == null || policy.isNull() ? "nil" : "0xc000a4c060")
                    + ")}: minAvailable and maxUnavailable cannot be both set", "spec"));
        }
        if (minSet) {
            intOrPercent(min, "spec.minAvailable", causes);
        }
        if (maxSet) {
            intOrPercent(max, "spec.maxUnavailable", causes);
        }
        labelSelector(spec.path("selector"), "spec.selector", causes);
        JsonNode policy = spec.get("unhealthyPodEvictionPolicy");
        if (policy != null && !policy.isNull() && !List.of("AlwaysAllow", "IfHealthyBudget").contains(policy.asText())) {
            causes.add(Cause.notSupported("spec.unhealthyPodEvictionPolicy", policy.asText(),
                    "supported values: \"AlwaysAllow\", \"IfHealthyBudget\""));
        }
        JsonNode status = pdb.path("status");
        for (String field : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
            nonNegative(status.path(field), "status." + field, causes);
        }
    }

    /** ValidatePositiveIntOrPercent and IsNotMoreThan100Percent; the value prints as IntOrString.String() does. */
    private static void intOrPercent(JsonNode value, String field, List<Cause> causes) {
        if (value.isTextual()) {
            String text = value.asText();
            for (String problem : Names.percent(text)) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + text + ": " + problem, field));
            }
            if (Names.percent(text).isEmpty() && percentValue(text) > 100) {
                causes.add(new Cause("FieldValueInvalid", "Invalid value: " + text + ": must not be greater than 100%",
                        field));
            }
        } else {
            nonNegative(value, field, causes);
        }
    }

    /** getPercentValue: the number of a percentage, or -1 when Atoi would fail (out of range). */
    private static long percentValue(String percent) {
        try {
            return Long.parseLong(percent.substring(0, percent.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** ValidateLabelSelector of metav1 validation: label keys and values, operators and their values. */
    private static void labelSelector(JsonNode selector, String field, List<Cause> causes) {
        if (!selector.isObject()) {
            return;
        }
        java.util.TreeMap<String, String> matchLabels = new java.util.TreeMap<>(labels(selector.path("matchLabels")));
        matchLabels.forEach((key, value) -> {
            for (String problem : Names.qualifiedName(key)) {
                causes.add(Cause.invalid(field + ".matchLabels", key, problem));
            }
            for (String problem : Names.labelValue(value)) {
                causes.add(Cause.invalid(field + ".matchLabels", value, problem));
            }
        });
        int i = 0;
        for (JsonNode expression : selector.path("matchExpressions")) {
            String at = field + ".matchExpressions[" + i++ + "]";
            String operator = expression.path("operator").asText("");
            JsonNode values = expression.path("values");
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values.size() == 0) {
                        causes.add(Cause.required(at + ".values",
                                "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (values.size() > 0) {
                        causes.add(Cause.forbidden(at + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> causes.add(Cause.invalid(at + ".operator", operator, "not a valid selector operator"));
            }
            String key = expression.path("key").asText("");
            for (String problem : Names.qualifiedName(key)) {
                causes.add(Cause.invalid(at + ".key", key, problem));
            }
            int j = 0;
            for (JsonNode value : values) {
                for (String problem : Names.labelValue(value.asText())) {
                    causes.add(Cause.invalid(at + ".values[" + j + "]", value.asText(), problem));
                }
                j++;
            }
        }
    }

    /** ValidateDaemonSetSpec beyond what every workload checks: the pod rules and the update strategy. */
    private static void daemonSet(JsonNode obj, List<Cause> causes) {
        JsonNode spec = obj.path("spec");
        JsonNode podSpec = spec.path("template").path("spec");
        String restart = podSpec.path("restartPolicy").asText("Always");
        if (!restart.equals("Always")) {
            causes.add(Cause.notSupported("spec.template.spec.restartPolicy", restart, "supported values: \"Always\""));
        }
        if (podSpec.has("activeDeadlineSeconds")) {
            causes.add(Cause.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in DaemonSet is not Supported"));
        }
        nonNegative(spec.path("minReadySeconds"), "spec.minReadySeconds", causes);
        JsonNode strategy = spec.path("updateStrategy");
        String type = strategy.path("type").asText("");
        if (type.equals("RollingUpdate")) {
            JsonNode rolling = strategy.path("rollingUpdate");
            if (!rolling.isObject()) {
                causes.add(Cause.required("spec.updateStrategy.rollingUpdate", ""));
            } else {
                rollingUpdateDaemonSet(rolling, causes);
            }
        } else if (!type.equals("OnDelete")) {
            causes.add(new Cause("FieldValueNotSupported", "Unsupported value: apps.DaemonSetUpdateStrategy{Type:\""
                    + type + "\", RollingUpdate:" + goRollingUpdate(strategy.path("rollingUpdate"))
                    + "}: supported values: \"RollingUpdate\", \"OnDelete\"", "spec.updateStrategy"));
        }
        nonNegative(spec.path("revisionHistoryLimit"), "spec.revisionHistoryLimit", causes);
    }

    /** ValidateRollingUpdateDaemonSet: each a non-negative int or a percentage up to 100%, exactly one non-zero. */
    private static void rollingUpdateDaemonSet(JsonNode rolling, List<Cause> causes) {
        String at = "spec.updateStrategy.rollingUpdate.";
        JsonNode unavailable = rolling.path("maxUnavailable");
        JsonNode surge = rolling.path("maxSurge");
        positiveIntOrPercent(unavailable, at + "maxUnavailable", causes);
        positiveIntOrPercent(surge, at + "maxSurge", causes);
        notMoreThan100Percent(unavailable, at + "maxUnavailable", causes);
        notMoreThan100Percent(surge, at + "maxSurge", causes);
        boolean hasUnavailable = intOrPercentValue(unavailable) != 0;
        boolean hasSurge = intOrPercentValue(surge) != 0;
        if (hasUnavailable && hasSurge) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goIntOrString(surge)
                    + ": may not be set when maxUnavailable is non-zero", at + "maxSurge"));
        } else if (!hasUnavailable && !hasSurge) {
            causes.add(Cause.required(at + "maxUnavailable", "cannot be 0 when maxSurge is 0"));
        }
    }

    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("^[0-9]+%$");

    /** IsNotMoreThan100Percent. */
    private static void notMoreThan100Percent(JsonNode value, String field, List<Cause> causes) {
        if (value.isTextual() && PERCENT.matcher(value.asText()).matches() && intOrPercentValue(value) > 100) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + goIntOrString(value)
                    + ": must not be greater than 100%", field));
        }
    }

    /**
     * A *apps.RollingUpdateDaemonSet as %#v prints it inside the strategy of a NotSupported message. Go prints the
     * address of a set one, which differs on every request; a fixed one stands in for it.
     */
    private static String goRollingUpdate(JsonNode rolling) {
        return rolling.isObject() ? "(*apps.RollingUpdateDaemonSet)(0xc000000000)" : "(*apps.RollingUpdateDaemonSet)(nil)";
    }

    /** ValidatePersistentVolumeClaimUpdate: the spec is fixed but for what binding and expansion change (B6, B12). */
    private static void claimUpdate(JsonNode obj, JsonNode old, List<Cause> causes) {
        ObjectNode a = (ObjectNode) obj.path("spec").deepCopy();
        ObjectNode b = (ObjectNode) old.path("spec").deepCopy();
        a.remove("resources");
        b.remove("resources");
        a.remove("volumeAttributesClassName");
        b.remove("volumeAttributesClassName");
        if (b.path("volumeName").asText("").isEmpty()) {
            a.remove("volumeName");
            b.remove("volumeName");
        }
        if (!b.has("storageClassName") || b.get("storageClassName").isNull()) {
            a.remove("storageClassName");
            b.remove("storageClassName");
        }
        if (!a.equals(b)) {
            causes.add(Cause.forbidden("spec", "spec is immutable after creation except resources.requests and "
                    + "volumeAttributesClassName for bound claims"));
        }
        String before = old.path("spec").path("resources").path("requests").path("storage").asText("");
        String after = obj.path("spec").path("resources").path("requests").path("storage").asText("");
        if (!before.isEmpty() && !after.isEmpty()) {
            try {
                Quantity newSize = Quantity.parse(after);
                if (newSize.compareTo(Quantity.parse(before)) < 0) {
                    String capacity = old.path("status").path("capacity").path("storage").asText("");
                    // RecoverVolumeExpansionFailure: back down to above the real capacity is allowed
                    if (capacity.isEmpty()
                            || newSize.compareTo(Quantity.parse(capacity)) <= 0) {
                        causes.add(Cause.forbidden("spec.resources.requests.storage",
                                "field can not be less than status.capacity"));
                    }
                }
            } catch (IllegalArgumentException e) {
                causes.add(Cause.invalid("spec.resources.requests.storage", after, "must be a quantity"));
            }
        }
    }

    static void nonNegative(JsonNode value, String field, List<Cause> causes) {
        if (value.isNumber() && value.asLong() < 0) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + value.asLong()
                    + ": must be greater than or equal to 0", field));
        }
    }

    static void podSpec(String path, JsonNode spec, List<Cause> causes) {
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            causes.add(Cause.required(path + ".containers", ""));
            return;
        }
        Set<String> names = new HashSet<>();
        for (String list : List.of("initContainers", "containers")) {
            int i = 0;
            for (JsonNode c : spec.path(list)) {
                String at = path + "." + list + "[" + i++ + "]";
                String name = c.path("name").asText("");
                if (name.isEmpty()) {
                    causes.add(Cause.required(at + ".name", ""));
                } else {
                    for (String problem : Names.dns1123Label(name)) {
                        causes.add(Cause.invalid(at + ".name", name, problem));
                    }
                    if (!names.add(name)) {
                        causes.add(new Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", at + ".name"));
                    }
                }
                if (c.path("image").asText("").isBlank()) {
                    causes.add(Cause.required(at + ".image", ""));
                }
                int j = 0;
                Set<String> portNames = new HashSet<>();
                for (JsonNode port : c.path("ports")) {
                    String portAt = at + ".ports[" + j++ + "]";
                    if (port.has("name")) {
                        String portName = port.path("name").asText();
                        for (String problem : Names.portName(portName)) {
                            causes.add(Cause.invalid(portAt + ".name", portName, problem));
                        }
                        if (!portNames.add(portName)) {
                            causes.add(new Cause("FieldValueDuplicate", "Duplicate value: \"" + portName + "\"",
                                    portAt + ".name"));
                        }
                    }
                    int number = port.path("containerPort").asInt(0);
                    if (number < 1 || number > 65535) {
                        causes.add(number == 0 ? Cause.required(portAt + ".containerPort", "")
                                : new Cause("FieldValueInvalid", "Invalid value: " + number
                                        + ": must be between 1 and 65535, inclusive", portAt + ".containerPort"));
                    }
                }
            }
        }
    }

    /** Pod updates may change only images, deadlines, tolerations and grace (ValidatePodUpdate). */
    private static void podUpdate(JsonNode obj, JsonNode old, List<Cause> causes) {
        if (!mutableView(obj.path("spec")).equals(mutableView(old.path("spec")))) {
            causes.add(new Cause("FieldValueForbidden", "Forbidden: pod updates may not change fields other than "
                    + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    + "`spec.tolerations` (only additions to existing tolerations),"
                    + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                    "spec"));
        }
        java.util.Set<String> gates = new java.util.HashSet<>();
        old.path("spec").path("schedulingGates").forEach(g -> gates.add(g.path("name").asText()));
        for (JsonNode gate : obj.path("spec").path("schedulingGates")) {
            if (!gates.contains(gate.path("name").asText())) {
                causes.add(new Cause("FieldValueForbidden", "Forbidden: only deletion is allowed, but found new "
                        + "scheduling gate '" + gate.path("name").asText() + "'", "spec.schedulingGates"));
            }
        }
    }

    /** The pod spec without the fields an update may change. */
    private static JsonNode mutableView(JsonNode spec) {
        if (!(spec instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return spec;
        }
        var copy = o.deepCopy();
        copy.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates"));
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : copy.path(list)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("image");
            }
        }
        return copy;
    }

    private static void service(JsonNode svc, JsonNode old, List<Cause> causes) {
        JsonNode spec = svc.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            causes.add(Cause.notSupported("spec.type", type,
                    "supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
        JsonNode ports = spec.path("ports");
        boolean headless = spec.path("clusterIP").asText("").equals("None");
        if (type.equals("ExternalName")) {
            if (spec.path("externalName").asText("").isEmpty()) {
                causes.add(Cause.required("spec.externalName", ""));
            }
        } else if ((!ports.isArray() || ports.isEmpty()) && !headless) {
            causes.add(Cause.required("spec.ports", ""));
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode port : ports) {
            String at = "spec.ports[" + i++ + "]";
            String name = port.path("name").asText("");
            if (name.isEmpty() && ports.size() > 1) {
                causes.add(Cause.required(at + ".name", ""));
            } else if (!name.isEmpty()) {
                for (String problem : Names.dns1123Label(name)) {
                    causes.add(Cause.invalid(at + ".name", name, problem));
                }
                if (!names.add(name)) {
                    causes.add(new Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", at + ".name"));
                }
            }
            int number = port.path("port").asInt(0);
            if (number < 1 || number > 65535) {
                causes.add(number == 0 ? Cause.required(at + ".port", "") : new Cause("FieldValueInvalid",
                        "Invalid value: " + number + ": must be between 1 and 65535, inclusive", at + ".port"));
            }
        }
        if (old != null && !type.equals("ExternalName") && !old.path("spec").path("type").asText().equals("ExternalName")
                && old.path("spec").has("clusterIP")
                && !spec.path("clusterIP").equals(old.path("spec").path("clusterIP"))) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: []string{\"" + spec.path("clusterIP").asText()
                    + "\"}: may not change once set", "spec.clusterIPs[0]"));
        }
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new HashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A Go map literal as %v-style messages print it: {@code map[string]string{"app":"web"}}. */
    static String goMap(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("map[string]string{");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.charAt(sb.length() - 1) != '{') {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        });
        return sb.append('}').toString();
    }

    private static String selectorText(JsonNode obj) {
        return "v1.LabelSelector{MatchLabels:" + goMap(labels(obj.path("spec").path("selector").path("matchLabels")))
                + ", MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
    }
}
