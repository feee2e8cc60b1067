package io.kubepark.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kubepark.apiserver.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where server-side apply learns how to merge: which lists are associative ({@code x-kubernetes-list-type: map}
 * with their keys), which are sets, which maps are atomic. Built-in kinds read it from the API's OpenAPI
 * metadata ({@code patch-meta.json}); custom resources from their CRD schema. Unknown places merge maps and
 * replace lists.
 */
public final class FieldSchema {
    private static final JsonNode META = load();

    /** One node of a type: the shape of a field's value. */
    public static final class Node {
        private final JsonNode shape;
        private final boolean openApi;

        private Node(JsonNode shape, boolean openApi) {
            this.shape = shape == null ? MissingNode.getInstance() : shape;
            this.openApi = openApi;
        }

        static final Node UNKNOWN = new Node(MissingNode.getInstance(), false);

        private JsonNode resolved() {
            if (!openApi && shape.has("ref")) {
                return META.path("definitions").path(shape.path("ref").asText());
            }
            return shape;
        }

        public Node field(String name) {
            JsonNode s = resolved();
            if (openApi) {
                if (name.equals("metadata") && !s.path("properties").has("metadata")) {
                    return objectMeta();
                }
                JsonNode p = s.path("properties").get(name);
                if (p == null && s.path("additionalProperties").isObject()) {
                    p = s.path("additionalProperties");
                }
                return p == null ? UNKNOWN : new Node(p, true);
            }
            if (s.has("map")) {
                return new Node(s.path("map"), false);
            }
            if (name.equals("metadata") && !s.path("properties").has("metadata")) {
                return new Node(Json.object().put("ref", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), false);
            }
            JsonNode p = s.path("properties").get(name);
            return p == null ? UNKNOWN : new Node(p, false);
        }

        public Node items() {
            JsonNode s = resolved();
            return new Node(openApi ? s.path("items") : s.path("array"), openApi);
        }

        /** "map", "set" or "atomic": how a list merges. */
        public String listType() {
            JsonNode s = resolved();
            String t = s.path(openApi ? "x-kubernetes-list-type" : "listType").asText("");
            if (!t.isEmpty()) {
                return t;
            }
            return !openApi && s.has("patchMergeKey") ? "map" : "atomic";
        }

        public List<String> keys() {
            JsonNode s = resolved();
            List<String> keys = new ArrayList<>();
            s.path(openApi ? "x-kubernetes-list-map-keys" : "listMapKeys").forEach(k -> keys.add(k.asText()));
            if (keys.isEmpty() && !openApi && s.has("patchMergeKey")) {
                keys.add(s.path("patchMergeKey").asText());
            }
            return keys;
        }

        public boolean atomicMap() {
            JsonNode s = resolved();
            return s.path(openApi ? "x-kubernetes-map-type" : "mapType").asText("").equals("atomic");
        }
    }

    private FieldSchema() {}

    /** The type of a built-in kind, or an unknown type that merges maps and replaces lists. */
    public static Node builtIn(String apiVersion, String kind) {
        String gvk = (apiVersion.contains("/") ? apiVersion : "/" + apiVersion) + "/" + kind;
        String definition = META.path("gvk").path(gvk).asText("");
        if (definition.isEmpty()) {
            return Node.UNKNOWN;
        }
        return new Node(Json.object().put("ref", definition), false);
    }

    /** The type a CRD's structural schema describes; metadata comes from ObjectMeta. */
    public static Node custom(JsonNode openApiV3Schema) {
        return new Node(openApiV3Schema, true);
    }

    /** ObjectMeta, which every kind shares. */
    static Node objectMeta() {
        return new Node(Json.object().put("ref", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), false);
    }

    private static JsonNode load() {
        try (InputStream in = FieldSchema.class.getResourceAsStream("/io/kubepark/apiserver/patch-meta.json")) {
            return in == null ? Json.object() : Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
