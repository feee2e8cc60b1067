package io.kubepark.apiserver.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the request metrics say about a request, read off its method, path and query alone, the way the real
 * apiserver's {@code RequestInfoFactory} does: the reported verb ({@code GET}, {@code LIST}, {@code WATCH},
 * {@code POST}, {@code PUT}, {@code PATCH}, {@code APPLY}, {@code DELETE}, {@code DELETECOLLECTION}), group,
 * version, resource, subresource and scope ({@code resource}, {@code namespace}, {@code cluster}, or empty for
 * paths that name no resource). {@code dryRun} is {@code All} when the request asks for it.
 */
record RequestInfo(String verb, String dryRun, String group, String version, String resource, String subresource,
        String scope) {
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    static RequestInfo of(String method, String contentType, List<String> segments, boolean watchParam,
            boolean dryRun) {
        String m = method.toUpperCase(Locale.ROOT);
        String dry = dryRun ? "All" : "";
        int at;
        String group;
        String version;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            at = 2;
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            at = 3;
        } else {
            return new RequestInfo(m, dry, "", "", "", "", "");
        }
        List<String> parts = segments.subList(at, segments.size());
        boolean watchPrefix = false;
        if (parts.get(0).equals("watch")) {
            watchPrefix = true;
            parts = parts.subList(1, parts.size());
        }
        String namespace = "";
        if (parts.size() > 1 && parts.get(0).equals("namespaces")) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }
        if (parts.isEmpty()) {
            return new RequestInfo(m, dry, group, version, "", "", "");
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : "";
        String subresource = parts.size() > 2 ? parts.get(2) : "";
        String verb = switch (m) {
            case "GET", "HEAD" -> watchPrefix || watchParam ? "WATCH" : name.isEmpty() ? "LIST" : "GET";
            case "PATCH" -> contentType != null && contentType.startsWith("application/apply-patch") ? "APPLY"
                    : "PATCH";
            case "DELETE" -> name.isEmpty() ? "DELETECOLLECTION" : "DELETE";
            default -> m;
        };
        // as CleanScope: a named object or a create is "resource"
        String scope = !name.isEmpty() || m.equals("POST") ? "resource" : !namespace.isEmpty() ? "namespace"
                : "cluster";
        return new RequestInfo(verb, dry, group, version, resource, subresource, scope);
    }

    /** A watch: counted in {@code apiserver_longrunning_requests} while it is open. */
    boolean longRunning() {
        return verb.equals("WATCH");
    }
}
