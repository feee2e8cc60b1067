package io.kubepark.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The resources the server serves, looked up by URL segments or by apiVersion and kind: the built-in table,
 * plus the custom resources of established CustomResourceDefinitions, which come and go at run time.
 *
 * <p>The built-in table comes from {@code resources.json}, which lists what a default v1.33 server serves at
 * its GA versions, with the verbs, short names, categories and subresources of its discovery documents.
 * Readers see an immutable snapshot; changes replace it.
 */
public final class ResourceRegistry {
    private final List<ResourceType> builtIn;
    private final Map<String, List<ResourceType>> custom = new LinkedHashMap<>();
    private volatile Snapshot snapshot;
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Snapshot(long generation, List<ResourceType> all, Map<String, ResourceType> byPath,
            Map<String, ResourceType> byKind, Map<String, List<String>> versionsByGroup) {}

    public ResourceRegistry(List<ResourceType> types) {
        this.builtIn = List.copyOf(types);
        this.snapshot = index(0, builtIn);
    }

    private static Snapshot index(long generation, List<ResourceType> all) {
        Map<String, ResourceType> byPath = new HashMap<>();
        Map<String, ResourceType> byKind = new HashMap<>();
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        for (ResourceType t : all) {
            byPath.put(pathKey(t.group(), t.version(), t.resource()), t);
            byKind.putIfAbsent(t.apiVersion() + "/" + t.kind(), t);
            List<String> versions = versionsByGroup.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        return new Snapshot(generation, List.copyOf(all), byPath, byKind, versionsByGroup);
    }

    /** The built-in resources of a v1.33 server. */
    public static ResourceRegistry builtIn() {
        try (InputStream in = ResourceRegistry.class.getResourceAsStream("/io/kubepark/apiserver/resources.json")) {
            if (in == null) {
                throw new IllegalStateException("resources.json is missing from the class path");
            }
            // Read as a tree and built by hand: data binding of records costs half a second at start.
            List<ResourceType> types = new ArrayList<>();
            for (JsonNode t : Json.MAPPER.readTree(in)) {
                List<Subresource> subresources = new ArrayList<>();
                for (JsonNode s : t.path("subresources")) {
                    subresources.add(new Subresource(s.path("name").asText(), s.path("group").asText(),
                            s.path("version").asText(), s.path("kind").asText(), Json.strings(s.path("verbs"))));
                }
                types.add(new ResourceType(t.path("group").asText(), t.path("version").asText(),
                        t.path("resource").asText(), t.path("singular").asText(), t.path("kind").asText(),
                        t.path("namespaced").asBoolean(), Json.strings(t.path("verbs")), Json.strings(t.path("shortNames")),
                        Json.strings(t.path("categories")), subresources));
            }
            return new ResourceRegistry(types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves (or re-serves, after a change) the versions of one CustomResourceDefinition. */
    public synchronized void putCustom(String crdName, List<ResourceType> versions) {
        custom.put(crdName, List.copyOf(versions));
        rebuild();
    }

    /** Stops serving a CustomResourceDefinition's resource. */
    public synchronized void removeCustom(String crdName) {
        if (custom.remove(crdName) != null) {
            rebuild();
        }
    }

    private void rebuild() {
        List<ResourceType> all = new ArrayList<>(builtIn);
        custom.values().forEach(all::addAll);
        snapshot = index(snapshot.generation() + 1, all);
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every change of the served resources. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Goes up by one with every change, so caches of derived documents know when to rebuild. */
    public long generation() {
        return snapshot.generation();
    }

    public List<ResourceType> all() {
        return snapshot.all();
    }

    public Optional<ResourceType> byPath(String group, String version, String resource) {
        return Optional.ofNullable(snapshot.byPath().get(pathKey(group, version, resource)));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(snapshot.byKind().get(apiVersion + "/" + kind));
    }

    /** Groups in discovery order, the core group ("") first, each with its versions, preferred first. */
    public Map<String, List<String>> versionsByGroup() {
        return snapshot.versionsByGroup();
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return snapshot.all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    public boolean servesGroupVersion(String group, String version) {
        List<String> versions = snapshot.versionsByGroup().get(group);
        return versions != null && versions.contains(version);
    }

    private static String pathKey(String group, String version, String resource) {
        return group + "/" + version + "/" + resource;
    }
}
