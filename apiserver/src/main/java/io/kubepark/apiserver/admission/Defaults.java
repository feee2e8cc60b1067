package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.List;

/**
 * The defaults a v1.33 API server fills into built-in objects on every write (the {@code SetDefaults_*}
 * functions of pkg/apis/&#42;/v1/defaults.go). Each method changes the tree it is given.
 */
public final class Defaults {
    private Defaults() {}

    /** Applies the defaults of the kind stored under {@code storageKey} ("group/resource"). */
    public static void apply(String storageKey, ObjectNode obj) {
        switch (storageKey) {
            case "/pods" -> pod(obj);
            case "/podtemplates" -> podTemplate(obj.path("template"));
            case "/replicationcontrollers" -> {
                ObjectNode spec = Json.child(obj, "spec");
                putIfAbsent(spec, "replicas", 1);
                if (!spec.has("selector") && obj.path("spec").path("template").path("metadata").has("labels")) {
                    spec.set("selector", obj.path("spec").path("template").path("metadata").path("labels").deepCopy());
                }
                podTemplate(spec.path("template"));
            }
            case "/services" -> service(obj);
            case "/persistentvolumeclaims" -> putIfAbsent(Json.child(obj, "spec"), "volumeMode", "Filesystem");
            case "/persistentvolumes" -> {
                ObjectNode spec = Json.child(obj, "spec");
                putIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
                putIfAbsent(spec, "volumeMode", "Filesystem");
            }
            case "/secrets" -> putIfAbsent(obj, "type", "Opaque");
            case "apps/deployments" -> deployment(obj);
            case "apps/statefulsets" -> statefulSet(obj);
            case "apps/replicasets" -> {
                ObjectNode spec = Json.child(obj, "spec");
                putIfAbsent(spec, "replicas", 1);
                podTemplate(spec.path("template"));
            }
            case "apps/daemonsets" -> daemonSet(obj);
            case "batch/jobs" -> job(Json.child(obj, "spec"));
            case "batch/cronjobs" -> cronJob(obj);
            case "storage.k8s.io/storageclasses" -> {
                putIfAbsent(obj, "reclaimPolicy", "Delete");
                putIfAbsent(obj, "volumeBindingMode", "Immediate");
            }
            default -> { }
        }
    }

    static void pod(ObjectNode pod) {
        ObjectNode spec = Json.child(pod, "spec");
        podSpec(spec);
        // SetDefaults_Pod, not SetDefaults_PodSpec: templates keep it unset
        putIfAbsent(spec, "enableServiceLinks", true);
    }

    private static void podTemplate(JsonNode template) {
        if (template instanceof ObjectNode t) {
            podSpec(Json.child(t, "spec"));
        }
    }

    /** SetDefaults_PodSpec, the container defaults and the volume defaults. */
    static void podSpec(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    container(container, hostNetwork);
                }
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v instanceof ObjectNode volume) {
                volume(volume);
            }
        }
    }

    private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume",
            "scaleIO", "storageos", "csi", "ephemeral", "image");

    private static void volume(ObjectNode volume) {
        if (VOLUME_SOURCES.stream().noneMatch(volume::has)) {
            volume.putObject("emptyDir");
        }
        for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
            if (volume.get(source) instanceof ObjectNode s) {
                putIfAbsent(s, "defaultMode", 420);
            }
        }
        if (volume.get("hostPath") instanceof ObjectNode hostPath) {
            putIfAbsent(hostPath, "type", "");
        }
    }

    static void container(ObjectNode c, boolean hostNetwork) {
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        putIfAbsent(c, "imagePullPolicy", pullPolicy(c.path("image").asText("")));
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
                if (hostNetwork && !port.has("hostPort") && port.has("containerPort")) {
                    port.set("hostPort", port.get("containerPort"));
                }
            }
        }
        if (c.path("resources").path("limits") instanceof ObjectNode limits && !limits.isEmpty()) {
            ObjectNode requests = Json.child(Json.child(c, "resources"), "requests");
            limits.fields().forEachRemaining(e -> {
                if (!requests.has(e.getKey())) {
                    requests.set(e.getKey(), e.getValue());
                }
            });
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.get(probe) instanceof ObjectNode p) {
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    putIfAbsent(http, "path", "/");
                    putIfAbsent(http, "scheme", "HTTP");
                }
            }
        }
        for (JsonNode e : c.path("env")) {
            if (e.path("valueFrom").path("fieldRef") instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
    }

    /** {@code Always} for {@code :latest} or an untagged image without digest, otherwise {@code IfNotPresent}. */
    static String pullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "Always";
        }
        return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void service(ObjectNode svc) {
        ObjectNode spec = Json.child(svc, "spec");
        putIfAbsent(spec, "type", "ClusterIP");
        String type = spec.path("type").asText();
        putIfAbsent(spec, "sessionAffinity", "None");
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        if (!type.equals("ExternalName")) {
            putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            putIfAbsent(spec, "allocateLoadBalancerNodePorts", true);
        }
        if (spec.path("sessionAffinity").asText().equals("ClientIP") && !spec.has("sessionAffinityConfig")) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
        }
    }

    private static void deployment(ObjectNode d) {
        ObjectNode spec = Json.child(d, "spec");
        putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = Json.child(spec, "strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode rolling = Json.child(strategy, "rollingUpdate");
            putIfAbsent(rolling, "maxUnavailable", "25%");
            putIfAbsent(rolling, "maxSurge", "25%");
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        podTemplate(spec.path("template"));
    }

    private static void statefulSet(ObjectNode s) {
        ObjectNode spec = Json.child(s, "spec");
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode strategy = Json.child(spec, "updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            putIfAbsent(Json.child(strategy, "rollingUpdate"), "partition", 0);
        }
        ObjectNode retention = Json.child(spec, "persistentVolumeClaimRetentionPolicy");
        putIfAbsent(retention, "whenDeleted", "Retain");
        putIfAbsent(retention, "whenScaled", "Retain");
        for (JsonNode t : spec.path("volumeClaimTemplates")) {
            if (t instanceof ObjectNode template) {
                putIfAbsent(template, "apiVersion", "v1");
                putIfAbsent(template, "kind", "PersistentVolumeClaim");
                putIfAbsent(Json.child(template, "spec"), "volumeMode", "Filesystem");
                putIfAbsent(Json.child(template, "status"), "phase", "Pending");
            }
        }
        podTemplate(spec.path("template"));
    }

    private static void daemonSet(ObjectNode d) {
        ObjectNode spec = Json.child(d, "spec");
        ObjectNode strategy = Json.child(spec, "updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode rolling = Json.child(strategy, "rollingUpdate");
            putIfAbsent(rolling, "maxUnavailable", 1);
            putIfAbsent(rolling, "maxSurge", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podTemplate(spec.path("template"));
    }

    private static void job(ObjectNode spec) {
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        putIfAbsent(spec, "backoffLimit", spec.has("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        putIfAbsent(spec, "completionMode", "NonIndexed");
        putIfAbsent(spec, "suspend", false);
        putIfAbsent(spec, "podReplacementPolicy", spec.has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        podTemplate(spec.path("template"));
    }

    private static void cronJob(ObjectNode c) {
        ObjectNode spec = Json.child(c, "spec");
        putIfAbsent(spec, "concurrencyPolicy", "Allow");
        putIfAbsent(spec, "suspend", false);
        putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
        putIfAbsent(spec, "failedJobsHistoryLimit", 1);
        if (spec.path("jobTemplate").path("spec") instanceof ObjectNode jobSpec) {
            podTemplate(jobSpec.path("template"));
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        if (node.has(field) && !node.get(field).isNull()) {
            return;
        }
        if (value == null) {
            return;
        }
        node.set(field, Json.MAPPER.valueToTree(value));
    }
}
