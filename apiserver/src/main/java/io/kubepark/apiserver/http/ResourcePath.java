package io.kubepark.apiserver.http;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.List;

/**
 * A resource URL taken apart: {@code /api/v1/namespaces/default/pods/web-0/status} and the deprecated
 * {@code /api/v1/watch/...} form.
 *
 * @param namespace   the namespace in the path, or null
 * @param name        the object name, or null for a collection
 * @param subresource the subresource, or null
 * @param watchPrefix whether the path used the {@code /watch/} prefix
 */
record ResourcePath(ResourceType type, String namespace, String name, String subresource, boolean watchPrefix) {

    /**
     * Parses the segments after the group-version ({@code rest}); a path that names nothing served is a 404.
     */
    static ResourcePath parse(ResourceRegistry registry, String group, String version, List<String> rest) {
        boolean watch = false;
        if (!rest.isEmpty() && rest.get(0).equals("watch")) {
            watch = true;
            rest = rest.subList(1, rest.size());
        }
        if (rest.isEmpty()) {
            throw ApiException.pathNotFound();
        }
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            ResourceType inNamespace = registry.byPath(group, version, rest.get(2)).orElse(null);
            if (inNamespace != null && inNamespace.namespaced()) {
                if (rest.size() > 5) {
                    throw ApiException.pathNotFound();
                }
                return new ResourcePath(inNamespace, rest.get(1), at(rest, 3), at(rest, 4), watch);
            }
        }
        ResourceType type = registry.byPath(group, version, rest.get(0)).orElseThrow(ApiException::pathNotFound);
        if (rest.size() > 3) {
            throw ApiException.pathNotFound();
        }
        return new ResourcePath(type, null, at(rest, 1), at(rest, 2), watch);
    }

    private static String at(List<String> rest, int i) {
        return rest.size() > i ? rest.get(i) : null;
    }
}
