package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.patch.PatchMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fields a built-in kind does not have. kube-apiserver decodes bodies into typed objects, so such fields vanish;
 * with {@code fieldValidation=Strict} they are a 400, with {@code Warn} (the default) a warning (A12.5).
 */
public final class UnknownFields {
    private UnknownFields() {}

    /** Removes the fields the kind's definition lacks and returns their paths, {@code spec.foo} style. */
    public static List<String> prune(ObjectNode obj, String apiVersion, String kind) {
        List<String> unknown = new ArrayList<>();
        PatchMeta meta = PatchMeta.builtIn();
        meta.definitionFor(apiVersion, kind).ifPresent(d -> prune(meta, obj, d, "", unknown));
        return unknown;
    }

    private static void prune(PatchMeta meta, JsonNode value, String definition, String path, List<String> unknown) {
        PatchMeta.Definition def = meta.definition(definition).orElse(null);
        if (def == null || !def.isStruct() || def.properties().isEmpty() || !(value instanceof ObjectNode o)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            PatchMeta.Field field = def.properties().get(e.getKey());
            if (field == null) {
                unknown.add(at);
                it.remove();
            } else {
                descend(meta, e.getValue(), field.shape(), at, unknown);
            }
        }
    }

    private static void descend(PatchMeta meta, JsonNode value, PatchMeta.Shape shape, String path,
            List<String> unknown) {
        switch (shape.kind()) {
            case REF -> prune(meta, value, shape.ref(), path, unknown);
            case ARRAY -> {
                if (value instanceof ArrayNode a) {
                    for (int i = 0; i < a.size(); i++) {
                        descend(meta, a.get(i), shape.element(), path + "[" + i + "]", unknown);
                    }
                }
            }
            case MAP -> {
                if (value instanceof ObjectNode o) {
                    o.fields().forEachRemaining(e -> descend(meta, e.getValue(), shape.element(),
                            path + "." + e.getKey(), unknown));
                }
            }
            default -> { }
        }
    }
}
