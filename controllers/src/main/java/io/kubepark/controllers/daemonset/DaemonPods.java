package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.Pods;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The pod rules of the DaemonSet controller (rules 6, 7, 10, 21, 28), pure. */
final class DaemonPods {
    static final String HASH_LABEL = "controller-revision-hash";
    static final String GENERATION_LABEL = "pod-template-generation";
    static final String GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    /** podByCreationTimestampAndPhase: bound pods first, then the oldest, then by name. */
    static final Comparator<JsonNode> OLDEST_FIRST = Comparator
            .<JsonNode, Boolean>comparing(p -> nodeName(p).isEmpty())
            .thenComparing(DaemonPods::created)
            .thenComparing(ObjectMeta::name);

    private DaemonPods() {
    }

    static String nodeName(JsonNode pod) {
        return Pods.nodeName(pod);
    }

    static String phase(JsonNode pod) {
        return Pods.phase(pod);
    }

    static boolean isTerminal(JsonNode pod) {
        return phase(pod).equals("Failed") || phase(pod).equals("Succeeded");
    }

    static String hashOf(JsonNode pod) {
        return ObjectMeta.labels(pod).getOrDefault(HASH_LABEL, "");
    }

    /**
     * GetTargetNodeName: spec.nodeName, else the only value of a {@code metadata.name In} requirement of the required
     * node affinity; null when there is neither (or that requirement has more than one value).
     */
    static String targetNode(JsonNode pod) {
        String bound = nodeName(pod);
        if (!bound.isEmpty()) {
            return bound;
        }
        JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        for (JsonNode term : terms) {
            for (JsonNode r : term.path("matchFields")) {
                if (r.path("key").asText("").equals("metadata.name") && r.path("operator").asText("").equals("In")) {
                    List<String> values = Json.strings(r.path("values"));
                    return values.size() == 1 ? values.get(0) : null;
                }
            }
        }
        return null;
    }

    /** The set's spec.templateGeneration (rule 8), or null when the annotation is missing or unreadable. */
    static Long templateGeneration(JsonNode daemonSet) {
        String text = daemonSet.path("metadata").path("annotations").path(GENERATION_ANNOTATION).asText(null);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** IsPodUpdated (rule 21). */
    static boolean isUpdated(JsonNode pod, String hash, Long generation) {
        var labels = ObjectMeta.labels(pod);
        boolean templateMatches = generation != null && generation.toString().equals(labels.get(GENERATION_LABEL));
        boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(HASH_LABEL));
        return hashMatches || templateMatches;
    }

    static boolean isReady(JsonNode pod) {
        return Pods.isReady(pod);
    }

    /** IsPodAvailable (rule 28): Ready, and Ready for more than minReadySeconds. */
    static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        return Pods.isAvailable(pod, minReadySeconds, now);
    }

    /** When the pod's Ready condition last turned true, or null when it is not ready. */
    static Instant readySince(JsonNode pod) {
        return Pods.readySince(pod);
    }

    private static Instant created(JsonNode pod) {
        Instant t = Pods.created(pod);
        return t == null ? Instant.EPOCH : t;
    }

    static Instant time(String text) {
        return Pods.time(text);
    }

    /**
     * The pod to create for a node (rules 5, 6, 7): CreatePodTemplate, ReplaceDaemonSetPodNodeNameNodeAffinity and
     * GetPodFromTemplate.
     */
    static ObjectNode newPod(JsonNode daemonSet, String node, String hash) {
        JsonNode template = daemonSet.path("spec").path("template");
        JsonNode templateMeta = template.path("metadata");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("generateName", prefix(ObjectMeta.name(daemonSet)));
        meta.put("namespace", ObjectMeta.namespace(daemonSet));
        ObjectNode labels = meta.putObject("labels");
        ObjectMeta.labels(template).forEach(labels::put);
        Long generation = templateGeneration(daemonSet);
        if (generation != null) {
            labels.put(GENERATION_LABEL, generation.toString());
        }
        if (!hash.isEmpty()) {
            labels.put(HASH_LABEL, hash);
        }
        for (String field : List.of("annotations", "finalizers")) {
            JsonNode value = templateMeta.path(field);
            if (!value.isEmpty()) {
                meta.set(field, value.deepCopy());
            }
        }
        meta.putArray("ownerReferences").add(Refs.controllerRef(daemonSet));
        ObjectNode spec = Placement.withDaemonTolerations(template.path("spec"));
        replaceNodeAffinity(spec, node);
        pod.set("spec", spec);
        return pod;
    }

    /** getPodsPrefix: {@code <set>-} unless that is not a valid prefix of a pod name. */
    private static String prefix(String setName) {
        return setName.length() < 253 ? setName + "-" : setName;
    }

    /** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one term naming the node. */
    static void replaceNodeAffinity(ObjectNode spec, String node) {
        ObjectNode affinity = Json.child(spec, "affinity");
        ObjectNode nodeAffinity = Json.child(affinity, "nodeAffinity");
        ObjectNode required = Json.child(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution");
        ArrayNode terms = required.putArray("nodeSelectorTerms");
        ObjectNode requirement = terms.addObject().putArray("matchFields").addObject();
        requirement.put("key", "metadata.name").put("operator", "In").putArray("values").add(node);
    }
}
