package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The identity rules of a stateful pod (A1): names, ordinals, the pod built from the template, its claims. */
final class Identity {
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";

    private static final Pattern STATEFUL_POD = Pattern.compile("(.*)-([0-9]+)$");

    private Identity() {
    }

    /** A pod name split into the set it belongs to and its ordinal; the ordinal is -1 when there is none. */
    record ParsedName(String parent, int ordinal) {
    }

    static String podName(String setName, int ordinal) {
        return setName + "-" + ordinal;
    }

    static String claimName(String templateName, String setName, int ordinal) {
        return templateName + "-" + setName + "-" + ordinal;
    }

    /** The parent is the greedy first group; an ordinal beyond int32 leaves the parent but gives -1. */
    static ParsedName parse(String podName) {
        Matcher m = STATEFUL_POD.matcher(podName);
        if (!m.find()) {
            return new ParsedName("", -1);
        }
        int ordinal;
        try {
            ordinal = Integer.parseInt(m.group(2));
        } catch (NumberFormatException tooLarge) {
            ordinal = -1;
        }
        return new ParsedName(m.group(1), ordinal);
    }

    static int ordinal(JsonNode pod) {
        return parse(ObjectMeta.name(pod)).ordinal();
    }

    static boolean isMemberOf(JsonNode set, JsonNode pod) {
        return parse(ObjectMeta.name(pod)).parent().equals(ObjectMeta.name(set));
    }

    static int startOrdinal(JsonNode set) {
        JsonNode ordinals = set.path("spec").path("ordinals");
        return ordinals.isObject() ? ordinals.path("start").asInt(0) : 0;
    }

    static int replicas(JsonNode set) {
        return set.path("spec").path("replicas").asInt(1);
    }

    static int endOrdinal(JsonNode set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    static boolean inOrdinalRange(JsonNode set, int ordinal) {
        return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
    }

    /** A parsed pod outside [start, end]; pods without an ordinal are neither replicas nor condemned. */
    static boolean isCondemned(JsonNode set, int ordinal) {
        return ordinal >= 0 && !inOrdinalRange(set, ordinal);
    }

    static List<JsonNode> claimTemplates(JsonNode set) {
        List<JsonNode> out = new ArrayList<>();
        set.path("spec").path("volumeClaimTemplates").forEach(out::add);
        return out;
    }

    /**
     * The claims of the pod at {@code ordinal}, keyed by template name, in template order: the template's
     * metadata and spec, with selector.matchLabels merged over the template labels.
     */
    static Map<String, ObjectNode> claims(JsonNode set, int ordinal) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        JsonNode matchLabels = set.path("spec").path("selector").path("matchLabels");
        for (JsonNode template : claimTemplates(set)) {
            String templateName = ObjectMeta.name(template);
            ObjectNode claim = Json.object();
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            ObjectNode meta = template.path("metadata").isObject()
                    ? (ObjectNode) template.get("metadata").deepCopy() : Json.object();
            meta.put("name", claimName(templateName, ObjectMeta.name(set), ordinal));
            meta.put("namespace", ObjectMeta.namespace(set));
            if (meta.path("labels").isObject()) {
                ObjectNode labels = (ObjectNode) meta.get("labels");
                matchLabels.fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue().deepCopy()));
            } else if (matchLabels.isObject()) {
                meta.set("labels", matchLabels.deepCopy());
            } else {
                meta.remove("labels");
            }
            claim.set("metadata", meta);
            if (template.has("spec")) {
                claim.set("spec", template.get("spec").deepCopy());
            }
            out.put(templateName, claim);
        }
        return out;
    }

    /** newStatefulSetPod: the template's metadata and spec, the controller ref, identity and storage. */
    static ObjectNode newPod(JsonNode set, JsonNode template, int ordinal) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", podName(ObjectMeta.name(set), ordinal));
        JsonNode templateMeta = template.path("metadata");
        for (String field : List.of("labels", "annotations", "finalizers")) {
            if (!templateMeta.path(field).isMissingNode() && !templateMeta.path(field).isNull()) {
                meta.set(field, templateMeta.get(field).deepCopy());
            }
        }
        meta.putArray("ownerReferences").add(Meta.setRef(set));
        pod.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy() : Json.object());
        updateIdentity(set, pod);
        // hostname and subdomain are immutable, so only a new pod gets them (initIdentity).
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", ObjectMeta.name(pod));
        String serviceName = set.path("spec").path("serviceName").asText("");
        if (serviceName.isEmpty()) {
            spec.remove("subdomain");
        } else {
            spec.put("subdomain", serviceName);
        }
        updateStorage(set, pod);
        return pod;
    }

    /** Re-applies name, namespace and the pod-name and pod-index labels. */
    static void updateIdentity(JsonNode set, ObjectNode pod) {
        int ordinal = ordinal(pod);
        ObjectNode meta = Json.child(pod, "metadata");
        meta.put("name", podName(ObjectMeta.name(set), ordinal));
        meta.put("namespace", ObjectMeta.namespace(set));
        ObjectNode labels = Json.child(meta, "labels");
        labels.put(POD_NAME_LABEL, ObjectMeta.name(pod));
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    }

    /** Claim volumes first, in template order; other volumes follow unless a claim takes their name. */
    static void updateStorage(JsonNode set, ObjectNode pod) {
        int ordinal = ordinal(pod);
        ObjectNode spec = Json.child(pod, "spec");
        Map<String, ObjectNode> claims = claims(set, ordinal);
        ArrayNode volumes = Json.NODES.arrayNode();
        claims.forEach((templateName, claim) -> {
            ObjectNode volume = volumes.addObject();
            volume.put("name", templateName);
            volume.putObject("persistentVolumeClaim").put("claimName", ObjectMeta.name(claim));
        });
        for (JsonNode volume : spec.path("volumes")) {
            if (!claims.containsKey(volume.path("name").asText())) {
                volumes.add(volume.deepCopy());
            }
        }
        if (volumes.isEmpty()) {
            spec.remove("volumes");
        } else {
            spec.set("volumes", volumes);
        }
    }

    static boolean identityMatches(JsonNode set, JsonNode pod) {
        ParsedName parsed = parse(ObjectMeta.name(pod));
        return parsed.ordinal() >= 0
                && parsed.parent().equals(ObjectMeta.name(set))
                && ObjectMeta.name(pod).equals(podName(ObjectMeta.name(set), parsed.ordinal()))
                && ObjectMeta.namespace(pod).equals(ObjectMeta.namespace(set))
                && ObjectMeta.name(pod).equals(ObjectMeta.labels(pod).get(POD_NAME_LABEL));
    }

    static boolean storageMatches(JsonNode set, JsonNode pod) {
        int ordinal = ordinal(pod);
        if (ordinal < 0) {
            return false;
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode template : claimTemplates(set)) {
            JsonNode volume = volumes.get(ObjectMeta.name(template));
            JsonNode claimName = volume == null ? null : volume.path("persistentVolumeClaim").get("claimName");
            if (claimName == null
                    || !claimName.asText().equals(claimName(ObjectMeta.name(template), ObjectMeta.name(set),
                    ordinal))) {
                return false;
            }
        }
        return true;
    }

    static String revisionOf(JsonNode pod) {
        return ObjectMeta.labels(pod).getOrDefault(REVISION_LABEL, "");
    }

    static void setRevision(ObjectNode pod, String revisionName) {
        Json.child(Json.child(pod, "metadata"), "labels").put(REVISION_LABEL, revisionName);
    }
}
