package io.kubepark.apiserver.auth;

/**
 * What an authorizer decides on: who asks to do what to which resource (a resource request) or path (a
 * non-resource request), as the Kubernetes authorizer attributes.
 *
 * @param namespace   empty for a cluster-scoped resource or an all-namespaces request
 * @param subresource empty for none
 * @param name        empty for none
 */
public record RequestAttributes(UserInfo user, String verb, boolean resourceRequest, String apiGroup,
                                String resource, String subresource, String namespace, String name, String path) {
    public RequestAttributes {
        apiGroup = apiGroup == null ? "" : apiGroup;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        path = path == null ? "" : path;
    }

    public static RequestAttributes resource(UserInfo user, String verb, String apiGroup, String resource,
            String subresource, String namespace, String name) {
        return new RequestAttributes(user, verb, true, apiGroup, resource, subresource, namespace, name, "");
    }

    public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, false, "", "", "", "", "", path);
    }
}
