package io.kubepark.apiserver.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kubepark.apiserver.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources the server serves, looked up by URL segments or by apiVersion and kind.
 *
 * <p>The built-in table comes from {@code resources.json}, which lists what a default v1.33 server serves at
 * its GA versions, with the verbs, short names, categories and subresources of its discovery documents.
 */
public final class ResourceRegistry {
    private final List<ResourceType> all;
    private final Map<String, ResourceType> byPath = new HashMap<>();
    private final Map<String, ResourceType> byKind = new HashMap<>();
    private final Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();

    public ResourceRegistry(List<ResourceType> types) {
        this.all = List.copyOf(types);
        for (ResourceType t : all) {
            byPath.put(pathKey(t.group(), t.version(), t.resource()), t);
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
            List<String> versions = versionsByGroup.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
    }

    /** The built-in resources of a v1.33 server. */
    public static ResourceRegistry builtIn() {
        try (InputStream in = ResourceRegistry.class.getResourceAsStream("/io/kubepark/apiserver/resources.json")) {
            if (in == null) {
                throw new IllegalStateException("resources.json is missing from the class path");
            }
            return new ResourceRegistry(Json.MAPPER.readValue(in, new TypeReference<List<ResourceType>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ResourceType> all() {
        return all;
    }

    public Optional<ResourceType> byPath(String group, String version, String resource) {
        return Optional.ofNullable(byPath.get(pathKey(group, version, resource)));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /** Groups in discovery order, the core group ("") first, each with its versions, preferred first. */
    public Map<String, List<String>> versionsByGroup() {
        return versionsByGroup;
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return all.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    public boolean servesGroupVersion(String group, String version) {
        List<String> versions = versionsByGroup.get(group);
        return versions != null && versions.contains(version);
    }

    private static String pathKey(String group, String version, String resource) {
        return group + "/" + version + "/" + resource;
    }
}
