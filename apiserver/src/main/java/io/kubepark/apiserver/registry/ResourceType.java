package io.kubepark.apiserver.registry;

import java.util.List;
import java.util.Optional;

/**
 * One resource of one group-version, as discovery describes it: {@code apps/v1 statefulsets}.
 *
 * @param group      API group, empty for the core group
 * @param version    API version, such as {@code v1}
 * @param resource   plural resource name used in URLs
 * @param singular   singular name
 * @param kind       object kind
 * @param namespaced whether objects live in a namespace
 * @param custom     for a custom resource, what its definition says; null for built-in kinds
 */
public record ResourceType(
        String group,
        String version,
        String resource,
        String singular,
        String kind,
        boolean namespaced,
        List<String> verbs,
        List<String> shortNames,
        List<String> categories,
        List<Subresource> subresources,
        CustomResource custom) {

    public ResourceType {
        verbs = List.copyOf(verbs);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** A built-in resource. */
    public ResourceType(String group, String version, String resource, String singular, String kind,
            boolean namespaced, List<String> verbs, List<String> shortNames, List<String> categories,
            List<Subresource> subresources) {
        this(group, version, resource, singular, kind, namespaced, verbs, shortNames, categories, subresources, null);
    }

    public boolean isCustom() {
        return custom != null;
    }

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code configmaps} or {@code deployments.apps}: how messages name the resource. */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }

    /** {@code ConfigMap} or {@code Deployment.apps}: how Invalid messages name the kind. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    public String listKind() {
        return kind + "List";
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    public Optional<Subresource> subresource(String name) {
        return subresources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public boolean hasStatus() {
        return subresource("status").isPresent();
    }

    /** The key the store files this resource's objects under; the same for every served version. */
    public String storageKey() {
        return group + "/" + resource;
    }
}
