package io.kubepark.apiserver.http;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.openapi.OpenApi;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.registry.Subresource;
import java.util.List;

/**
 * {@code /openapi/v2} and {@code /openapi/v3}: the documents of the resources the registry serves, custom ones included, made
 * once (on a worker, never on an event loop) and remade when the served resources change.
 */
final class OpenApiEndpoint {
    static final String PROTOBUF_V2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

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

    /** An answer: the document, the hash it is known by, or where the current one lives. */
    record Answer(byte[] body, String etag, String redirect, boolean immutable) {}

    /** Answers {@code GET /openapi/v3[/<group-version path>]}; runs on a worker. */
    Answer v3(List<String> rest, String hash) {
        OpenApi api = documents();
        if (rest.isEmpty()) {
            byte[] index = api.v3Index();
            return new Answer(index, OpenApi.etag(index), null, false);
        }
        String path = String.join("/", rest);
        byte[] doc = api.v3(path);
        if (doc == null) {
            throw ApiException.pathNotFound();
        }
        String current = api.v3Hash(path);
        if (hash != null && !hash.isEmpty() && !hash.equals(current)) {
            return new Answer(null, null, "/openapi/v3/" + path + "?hash=" + current, false);
        }
        return new Answer(doc, OpenApi.etag(doc), null, hash != null && !hash.isEmpty());
    }

    /** Answers {@code GET /openapi/v2} in JSON; a client that accepts only the protobuf form gets a 404. */
    Answer v2(String accept) {
        if (accept != null && accept.contains("protobuf") && !accept.contains("json") && !accept.contains("*/*")) {
            throw ApiException.pathNotFound();
        }
        byte[] doc = documents().v2();
        return new Answer(doc, OpenApi.etag(doc), null, false);
    }
}
