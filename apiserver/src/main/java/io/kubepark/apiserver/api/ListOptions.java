package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The options of a list or watch, checked as kube-apiserver checks them: invalid combinations are a 422
 * naming {@code ListOptions.meta.k8s.io}, a malformed continue token a 400.
 */
record ListOptions(
        String labelSelector,
        String fieldSelector,
        long limit,
        Store.Continuation continuation,
        String resourceVersion,
        String resourceVersionMatch,
        boolean watch,
        boolean allowWatchBookmarks,
        Boolean sendInitialEvents,
        long timeoutSeconds) {

    static ListOptions parse(Params p, boolean watchRequested) {
        String rv = p.get("resourceVersion", "");
        String match = p.get("resourceVersionMatch", "");
        String cont = p.get("continue", "");
        String sie = p.get("sendInitialEvents");
        Boolean sendInitialEvents = sie == null ? null : p.flag("sendInitialEvents");
        boolean watch = watchRequested || p.flag("watch");
        List<Cause> problems = new ArrayList<>();
        if (!match.isEmpty() && !match.equals("Exact") && !match.equals("NotOlderThan")) {
            problems.add(Cause.notSupported("resourceVersionMatch", match,
                    "supported values: \"Exact\", \"NotOlderThan\", \"\""));
        }
        if (watch) {
            if (sendInitialEvents != null) {
                if (!match.equals("NotOlderThan")) {
                    problems.add(Cause.forbidden("resourceVersionMatch",
                            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
                }
            } else if (!match.isEmpty()) {
                problems.add(Cause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
        } else {
            if (sendInitialEvents != null) {
                problems.add(Cause.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
            }
            if (!match.isEmpty() && rv.isEmpty()) {
                problems.add(Cause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!match.isEmpty() && !cont.isEmpty()) {
                problems.add(Cause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match.equals("Exact") && rv.equals("0")) {
                problems.add(Cause.forbidden("resourceVersionMatch",
                        "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("ListOptions.meta.k8s.io", "ListOptions", "meta.k8s.io", "", problems);
        }
        if (!rv.isEmpty()) {
            parseRevision(rv);
        }
        Store.Continuation continuation = null;
        if (!cont.isEmpty()) {
            if (!rv.isEmpty() && !rv.equals("0")) {
                throw ApiException.badRequest("specifying resource version is not allowed when using continue");
            }
            continuation = decodeContinue(cont);
        }
        return new ListOptions(p.get("labelSelector", ""), p.get("fieldSelector", ""), p.number("limit", 0),
                continuation, rv, match, watch, p.flag("allowWatchBookmarks"), sendInitialEvents,
                p.number("timeoutSeconds", 0));
    }

    static long parseRevision(String rv) {
        try {
            long n = Long.parseUnsignedLong(rv);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.of(400, "BadRequest", "resource version \"" + rv + "\" is not valid: "
                    + "must be an unsigned decimal integer");
        }
    }

    static String encodeContinue(long revision, String lastKey) {
        ObjectNode token = Json.object();
        token.put("v", "meta.k8s.io/v1").put("rv", revision).put("start", lastKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(token));
    }

    static Store.Continuation decodeContinue(String token) {
        try {
            JsonNode node = Json.parse(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
            if (!"meta.k8s.io/v1".equals(Json.text(node, "v")) || !node.path("rv").canConvertToLong()
                    || Json.text(node, "start") == null || node.path("rv").asLong() <= 0) {
                throw new IOException("not a continue token");
            }
            return new Store.Continuation(node.path("rv").asLong(), node.path("start").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
