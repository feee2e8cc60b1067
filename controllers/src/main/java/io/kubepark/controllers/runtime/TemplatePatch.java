package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.List;

/**
 * The data of a StatefulSet's or DaemonSet's ControllerRevision: {@code {"spec":{"template":{...,"$patch":"replace"}}}},
 * the strategic merge patch that restores the pod template (getPatch of both controllers, and kubectl's copy of it).
 * The typed Go encoding of a PodTemplateSpec writes a few fields even when they are empty; they are added here, so
 * that {@link GoJson#bytes} of the result equals what a v1.33 controller stores and what kubectl compares against.
 */
public final class TemplatePatch {
    private TemplatePatch() {
    }

    /** The patch for {@code template} (a pod template as stored); the template is not changed. */
    public static ObjectNode of(JsonNode template) {
        ObjectNode copy = template.isObject() ? (ObjectNode) template.deepCopy() : Json.object();
        addTypedDefaults(copy);
        copy.put("$patch", "replace");
        ObjectNode data = Json.object();
        data.putObject("spec").set("template", copy);
        return data;
    }

    /**
     * Fields a typed PodTemplateSpec always has on the wire in 1.33: metadata.creationTimestamp (null), and
     * an empty resources object on every container, as well as on ephemeral volume claim templates.
     */
    private static void addTypedDefaults(ObjectNode template) {
        typedMeta(Json.child(template, "metadata"));
        ObjectNode spec = Json.child(template, "spec");
        if (!spec.has("containers")) {
            spec.set("containers", NullNode.instance);
        }
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode container : spec.path(list)) {
                if (container instanceof ObjectNode c && !c.has("resources")) {
                    c.putObject("resources");
                }
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("ephemeral").path("volumeClaimTemplate") instanceof ObjectNode claimTemplate) {
                typedMeta(Json.child(claimTemplate, "metadata"));
                ObjectNode claimSpec = Json.child(claimTemplate, "spec");
                if (!claimSpec.has("resources")) {
                    claimSpec.putObject("resources");
                }
            }
        }
    }

    private static void typedMeta(ObjectNode meta) {
        if (!meta.has("creationTimestamp")) {
            meta.set("creationTimestamp", NullNode.instance);
        }
    }
}
