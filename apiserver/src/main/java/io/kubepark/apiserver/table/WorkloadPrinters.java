package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.age;
import static io.kubepark.apiserver.table.Obj.has;
import static io.kubepark.apiserver.table.Obj.lng;
import static io.kubepark.apiserver.table.Obj.lngOr;
import static io.kubepark.apiserver.table.Obj.name;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

// Controllers of pods: apps, batch, autoscaling and policy (PodDisruptionBudget) plus ReplicationController.
final class WorkloadPrinters {

    private static final String LABEL_SELECTORS = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
    private static final String RC_DOCS = "https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";

    private WorkloadPrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("apps/deployments", deployments());
        registry.put("apps/replicasets", replicaSets());
        registry.put("apps/statefulsets", statefulSets());
        registry.put("apps/daemonsets", daemonSets());
        registry.put("apps/controllerrevisions", controllerRevisions());
        registry.put("/replicationcontrollers", replicationControllers());
        registry.put("batch/jobs", jobs());
        registry.put("batch/cronjobs", cronJobs());
        registry.put("autoscaling/horizontalpodautoscalers", horizontalPodAutoscalers());
        registry.put("policy/poddisruptionbudgets", podDisruptionBudgets());
    }

    private static JsonNode templateContainers(JsonNode o) {
        return o.path("spec").path("template").path("spec").path("containers");
    }

    static Printer deployments() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Ready", "Number of the pod with ready state"),
                Column.str("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the "
                        + "desired template spec."),
                Column.str("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by "
                        + "this deployment."),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by "
                        + "this will be the ones affected by this deployment.")),
                (o, now) -> {
                    String[] c = Obj.containerCells(templateContainers(o));
                    String selector = Obj.selectorString(o.path("spec").path("selector"));
                    return row(name(o),
                            lng(o, "status", "readyReplicas") + "/" + lngOr(o, 1, "spec", "replicas"),
                            lng(o, "status", "updatedReplicas"),
                            lng(o, "status", "availableReplicas"),
                            age(o, now), c[0], c[1], selector == null ? "<invalid>" : selector);
                });
    }

    static Printer replicaSets() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish "
                        + "between explicit zero and unspecified. Defaults to 1. More info: " + RC_DOCS),
                Column.integer("Current", "Replicas is the most recently observed number of replicas. More info: " + RC_DOCS),
                Column.integer("Ready", "The number of ready replicas for this replica set."),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "Selector is a label query over pods that should match the replica count. "
                        + "If the selector is empty, it is defaulted to the labels present on the pod template. Label keys "
                        + "and values that must match in order to be controlled by this replica set. More info: "
                        + LABEL_SELECTORS)),
                (o, now) -> {
                    String[] c = Obj.containerCells(templateContainers(o));
                    return row(name(o), lngOr(o, 1, "spec", "replicas"), lng(o, "status", "replicas"),
                            lng(o, "status", "readyReplicas"), age(o, now), c[0], c[1],
                            Obj.formatLabelSelector(o.path("spec").path("selector")));
                });
    }

    static Printer replicationControllers() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish "
                        + "between explicit zero and unspecified. Defaults to 1. More info: " + RC_DOCS),
                Column.integer("Current", "Replicas is the most recently observed number of replicas. More info: " + RC_DOCS),
                Column.integer("Ready", "The number of ready replicas for this replication controller."),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "Selector is a label query over pods that should match the Replicas count. "
                        + "If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and "
                        + "values that must match in order to be controlled by this replication controller, if empty "
                        + "defaulted to labels on Pod template. More info: "
                        + "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels#label-selectors")),
                (o, now) -> {
                    String[] c = Obj.containerCells(templateContainers(o));
                    return row(name(o), lngOr(o, 1, "spec", "replicas"), lng(o, "status", "replicas"),
                            lng(o, "status", "readyReplicas"), age(o, now), c[0], c[1],
                            Obj.formatLabels(o.path("spec").path("selector")));
                });
    }

    static Printer statefulSets() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Ready", "Number of the pod with ready state"),
                Column.age(),
                Column.containers(),
                Column.images()),
                (o, now) -> {
                    String[] c = Obj.containerCells(templateContainers(o));
                    return row(name(o), lng(o, "status", "readyReplicas") + "/" + lngOr(o, 1, "spec", "replicas"),
                            age(o, now), c[0], c[1]);
                });
    }

    static Printer daemonSets() {
        String ds = "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Desired", "The total number of nodes that should be running the daemon pod (including "
                        + "nodes correctly running the daemon pod). More info: " + ds),
                Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to "
                        + "run the daemon pod. More info: " + ds),
                Column.integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of "
                        + "the daemon pod running and ready."),
                Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                Column.integer("Available", "The number of nodes that should be running the daemon pod and have one or more "
                        + "of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                Column.str("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node. "
                        + "Selector which must match a node's labels for the pod to be scheduled on that node. More info: "
                        + "https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "A label query over pods that are managed by the daemon set. Must match in "
                        + "order to be controlled. If empty, defaulted to labels on Pod template. More info: "
                        + LABEL_SELECTORS)),
                (o, now) -> {
                    String[] c = Obj.containerCells(templateContainers(o));
                    JsonNode st = o.path("status");
                    return row(name(o), lng(st, "desiredNumberScheduled"), lng(st, "currentNumberScheduled"),
                            lng(st, "numberReady"), lng(st, "updatedNumberScheduled"), lng(st, "numberAvailable"),
                            Obj.formatLabels(o.path("spec").path("template").path("spec").path("nodeSelector")),
                            age(o, now), c[0], c[1], Obj.formatLabelSelector(o.path("spec").path("selector")));
                });
    }

    static Printer controllerRevisions() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Controller", "Controller of the object"),
                Column.str("Revision", "Revision indicates the revision of the state represented by Data."),
                Column.age()),
                (o, now) -> row(name(o), controllerName(o), lng(o, "revision"), age(o, now)));
    }

    // kind.group/name (lower-cased kind and group) of the controlling owner, or <none>.
    static String controllerName(JsonNode o) {
        for (JsonNode ref : Obj.list(o, "metadata", "ownerReferences")) {
            if (Obj.bool(ref, false, "controller")) {
                String apiVersion = str(ref, "apiVersion");
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = str(ref, "kind");
                if (kind.isEmpty() && group.isEmpty()) {
                    return str(ref, "name");
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + str(ref, "name");
            }
        }
        return NONE;
    }

    static Printer jobs() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Status", "Status of the job."),
                Column.str("Completions", "The number of pods which reached phase Succeeded. The value increases "
                        + "monotonically for a given spec. However, it may decrease in reaction to scale down of elastic "
                        + "indexed jobs."),
                Column.str("Duration", "Time required to complete the job."),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "A label query over pods that should match the pod count. Normally, the "
                        + "system sets this field for you. More info: " + LABEL_SELECTORS)),
                WorkloadPrinters::jobCells);
    }

    static String jobStatus(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        if (conditionTrue(conditions, "Complete")) {
            return "Complete";
        }
        if (conditionTrue(conditions, "Failed")) {
            return "Failed";
        }
        if (Obj.deleting(job)) {
            return "Terminating";
        }
        if (conditionTrue(conditions, "Suspended")) {
            return "Suspended";
        }
        if (conditionTrue(conditions, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    private static boolean conditionTrue(JsonNode conditions, String type) {
        return "True".equals(str(Obj.condition(conditions, type), "status"));
    }

    private static List<Object> jobCells(JsonNode o, Instant now) {
        long succeeded = lng(o, "status", "succeeded");
        String completions;
        if (has(o, "spec", "completions")) {
            completions = succeeded + "/" + lng(o, "spec", "completions");
        } else {
            long parallelism = lng(o, "spec", "parallelism");
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        Instant start = Obj.time(o, "status", "startTime");
        Instant end = Obj.time(o, "status", "completionTime");
        String duration = "";
        if (start != null) {
            duration = Durations.human(Duration.between(start, end == null ? now : end));
        }
        String[] c = Obj.containerCells(templateContainers(o));
        return row(name(o), jobStatus(o), completions, duration, age(o, now), c[0], c[1],
                Obj.formatLabelSelector(o.path("spec").path("selector")));
    }

    static Printer cronJobs() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
                Column.str("Timezone", "The time zone name for the given schedule, see "
                        + "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default "
                        + "to the time zone of the kube-controller-manager process."),
                Column.of("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does "
                        + "not apply to already started executions.  Defaults to false."),
                Column.integer("Active", "A list of pointers to currently running jobs."),
                Column.str("Last Schedule", "Information when was the last time the job was successfully scheduled."),
                Column.age(),
                Column.containers(),
                Column.images(),
                Column.wide("Selector", "string", "A label query over pods that should match the pod count. Normally, the "
                        + "system sets this field for you. More info: " + LABEL_SELECTORS)),
                (o, now) -> {
                    JsonNode jobSpec = o.path("spec").path("jobTemplate").path("spec");
                    String[] c = Obj.containerCells(jobSpec.path("template").path("spec").path("containers"));
                    String last = has(o, "status", "lastScheduleTime")
                            ? Obj.since(Obj.time(o, "status", "lastScheduleTime"), now) : NONE;
                    String suspend = has(o, "spec", "suspend") ? Obj.printBool(Obj.bool(o, false, "spec", "suspend")) : Obj.UNSET;
                    String timeZone = has(o, "spec", "timeZone") ? str(o, "spec", "timeZone") : NONE;
                    return row(name(o), str(o, "spec", "schedule"), timeZone, suspend, Obj.size(o, "status", "active"), last, age(o, now), c[0], c[1],
                            Obj.formatLabelSelector(jobSpec.path("selector")));
                });
    }

    static Printer horizontalPodAutoscalers() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Reference", "scaleTargetRef points to the target resource to scale, and is used to the pods "
                        + "for which metrics should be collected, as well as to actually change the replica count."),
                Column.str("Targets", "metrics contains the specifications for which to use to calculate the desired "
                        + "replica count (the maximum replica count across all metrics will be used)."),
                Column.str("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler "
                        + "can scale down.  It defaults to 1 pod."),
                Column.str("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler "
                        + "can scale up. It cannot be less that minReplicas."),
                Column.str("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler, "
                        + "as last seen by the autoscaler."),
                Column.age()),
                (o, now) -> {
                    JsonNode ref = o.path("spec").path("scaleTargetRef");
                    String minPods = has(o, "spec", "minReplicas") ? String.valueOf(lng(o, "spec", "minReplicas")) : Obj.UNSET;
                    return row(name(o), str(ref, "kind") + "/" + str(ref, "name"), hpaMetrics(o), minPods,
                            lng(o, "spec", "maxReplicas"), lng(o, "status", "currentReplicas"), age(o, now));
                });
    }

    // The TARGETS cell: autoscaling/v2 metrics, or the v1 CPU utilisation fields.
    static String hpaMetrics(JsonNode hpa) {
        List<JsonNode> specs = Obj.list(hpa, "spec", "metrics");
        List<JsonNode> statuses = Obj.list(hpa, "status", "currentMetrics");
        if (specs.isEmpty() && has(hpa, "spec", "targetCPUUtilizationPercentage")) {
            String current = has(hpa, "status", "currentCPUUtilizationPercentage")
                    ? lng(hpa, "status", "currentCPUUtilizationPercentage") + "%" : Obj.UNKNOWN;
            return "cpu: " + current + "/" + lng(hpa, "spec", "targetCPUUtilizationPercentage") + "%";
        }
        if (specs.isEmpty()) {
            return NONE;
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            list.add(hpaMetric(spec, status));
        }
        int max = 2;
        if (list.size() > max) {
            return String.join(", ", list.subList(0, max)) + " + " + (list.size() - max) + " more...";
        }
        return String.join(", ", list);
    }

    private static String hpaMetric(JsonNode spec, JsonNode status) {
        String type = str(spec, "type");
        switch (type) {
            case "External", "Object" -> {
                String field = type.equals("External") ? "external" : "object";
                JsonNode target = spec.path(field).path("target");
                JsonNode current = status == null ? null : status.path(field);
                boolean haveCurrent = current != null && current.isObject();
                if (has(target, "averageValue")) {
                    String cur = haveCurrent && has(current, "current", "averageValue")
                            ? str(current, "current", "averageValue") : Obj.UNKNOWN;
                    return cur + "/" + str(target, "averageValue") + " (avg)";
                }
                String cur = haveCurrent ? Obj.quantityPtr(current.path("current").path("value")) : Obj.UNKNOWN;
                return cur + "/" + Obj.quantityPtr(target.path("value"));
            }
            case "Pods" -> {
                JsonNode current = status == null ? null : status.path("pods");
                String cur = current != null && current.isObject()
                        ? Obj.quantityPtr(current.path("current").path("averageValue")) : Obj.UNKNOWN;
                return cur + "/" + Obj.quantityPtr(spec.path("pods").path("target").path("averageValue"));
            }
            case "Resource", "ContainerResource" -> {
                String field = type.equals("Resource") ? "resource" : "containerResource";
                JsonNode src = spec.path(field);
                JsonNode target = src.path("target");
                JsonNode current = status == null ? null : status.path(field);
                boolean haveCurrent = current != null && current.isObject();
                String resource = str(src, "name");
                if (has(target, "averageValue")) {
                    String cur = haveCurrent ? Obj.quantityPtr(current.path("current").path("averageValue")) : Obj.UNKNOWN;
                    return resource + ": " + cur + "/" + str(target, "averageValue");
                }
                String cur = haveCurrent && has(current, "current", "averageUtilization")
                        ? lng(current, "current", "averageUtilization") + "%" : Obj.UNKNOWN;
                String tgt = has(target, "averageUtilization") ? lng(target, "averageUtilization") + "%" : "<auto>";
                return resource + ": " + cur + "/" + tgt;
            }
            default -> {
                return "<unknown type>";
            }
        }
    }

    static Printer podDisruptionBudgets() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Min Available", "The minimum number of pods that must be available."),
                Column.str("Max Unavailable", "The maximum number of pods that may be unavailable."),
                Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                Column.age()),
                (o, now) -> row(name(o),
                        has(o, "spec", "minAvailable") ? Obj.intOrString(o.path("spec").path("minAvailable")) : "N/A",
                        has(o, "spec", "maxUnavailable") ? Obj.intOrString(o.path("spec").path("maxUnavailable")) : "N/A",
                        lng(o, "status", "disruptionsAllowed"), age(o, now)));
    }
}
