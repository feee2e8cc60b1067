package io.kubepark.apiserver.http;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.openapi.OpenApi;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.registry.Subresource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code /openapi/v2} and {@code /openapi/v3}: the documents of the resources the registry serves, custom ones included, made
 * once (on a worker, never on an event loop) and remade when the served resources change.
 */
final class OpenApiEndpoint {
    static final String PROTOBUF_V2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    private static final String PROTOBUF_V2_DOTTED = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String JSON = "application/json";

    private final ResourceRegistry registry;
    private volatile OpenApi current;
    private volatile long generation = -1;

    OpenApiEndpoint(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** The documents for the resources served now. */
    synchronized OpenApi documents() {
        long g = registry.generation();
        if (current == null || g != generation) {
            List<OpenApi.Resource> resources = registry.all().stream().map(OpenApiEndpoint::resource).toList();
            current = new OpenApi(resources);
            generation = g;
        }
        return current;
    }

    private static OpenApi.Resource resource(ResourceType t) {
        return new OpenApi.Resource(t.group(), t.version(), t.resource(), t.kind(), t.namespaced(), t.verbs(),
                t.subresources().stream().map(Subresource::name).toList(), t.isCustom() ? t.custom().schema() : null);
    }

    /** An answer: the document, its media type, the hash it is known by, or where the current one lives. */
    record Answer(byte[] body, String contentType, String etag, String redirect, boolean immutable) {}

    /** Answers {@code GET /openapi/v3[/<group-version path>]}; runs on a worker. */
    Answer v3(List<String> rest, String hash) {
        OpenApi api = documents();
        if (rest.isEmpty()) {
            byte[] index = api.v3Index();
            return new Answer(index, JSON, OpenApi.etag(index), null, false);
        }
        String path = String.join("/", rest);
        byte[] doc = api.v3(path);
        if (doc == null) {
            throw ApiException.pathNotFound();
        }
        String current = api.v3Hash(path);
        if (hash != null && !hash.isEmpty() && !hash.equals(current)) {
            return new Answer(null, null, null, "/openapi/v3/" + path + "?hash=" + current, false);
        }
        return new Answer(doc, JSON, OpenApi.etag(doc), null, hash != null && !hash.isEmpty());
    }

    /**
     * Answers {@code GET /openapi/v2} in the first form the Accept header names that the server has: JSON
     * ({@code application/json}, {@code application/*}, {@code *}{@code /*} or no header) or gnostic protobuf
     * (either spelling of its media type). A header that names neither gets 406, as kube-apiserver answers.
     */
    Answer v2(String accept) {
        String form = v2Form(accept);
        if (form == null) {
            throw ApiException.of(406, "NotAcceptable", "406: Not Acceptable: only application/json and "
                    + PROTOBUF_V2 + " are served at /openapi/v2");
        }
        // whichever spelling was asked for, the answer names the dotted one: Go's mime parser rejects the '@'
        byte[] doc = form.equals(JSON) ? documents().v2() : documents().v2Protobuf();
        return new Answer(doc, form.equals(JSON) ? JSON : PROTOBUF_V2_DOTTED, OpenApi.etag(doc), null, false);
    }

    /** The media type to answer with, by the order of preference of the Accept header; null when none fits. */
    static String v2Form(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        record Clause(String type, double q, int specificity, int order) {}
        List<Clause> clauses = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] params = parts[i].split(";");
            String type = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int j = 1; j < params.length; j++) {
                String param = params[j].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                int specificity = type.equals("*/*") ? 0 : type.endsWith("/*") ? 1 : 2;
                clauses.add(new Clause(type, q, specificity, i));
            }
        }
        clauses.sort(Comparator.comparingDouble(Clause::q).reversed()
                .thenComparing(Comparator.comparingInt(Clause::specificity).reversed())
                .thenComparingInt(Clause::order));
        for (Clause c : clauses) {
            switch (c.type()) {
                case "application/json", "application/*", "*/*" -> {
                    return JSON;
                }
                case PROTOBUF_V2, PROTOBUF_V2_DOTTED -> {
                    return PROTOBUF_V2;
                }
                default -> { }
            }
        }
        return null;
    }
}
