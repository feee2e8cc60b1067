package io.kubepark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Clusters as plain YAML: {@link #export} writes the objects a user made, as {@code kubectl create -f} takes them
 * back; {@link #apply} creates the objects of a YAML or JSON file in an order that works (namespaces, then
 * CustomResourceDefinitions, then the rest).
 */
public final class Manifests {
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
    /** Written by the control plane itself, or re-created by it from what is exported. */
    private static final Set<String> LEFT_OUT = Set.of("/events", "events.k8s.io/events", "coordination.k8s.io/leases",
            "/nodes", "/endpoints", "discovery.k8s.io/endpointslices", "apps/controllerrevisions");
    private static final Set<String> METADATA_LEFT_OUT = Set.of("uid", "resourceVersion", "managedFields",
            "creationTimestamp", "generation", "selfLink", "ownerReferences", "deletionTimestamp",
            "deletionGracePeriodSeconds");
    private static final Set<String> BINDING_ANNOTATIONS = Set.of("pv.kubernetes.io/bind-completed",
            "pv.kubernetes.io/bound-by-controller", "volume.kubernetes.io/selected-node",
            "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner");
    private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

    private Manifests() {}

    /** The dependency rank of a kind: namespaces first, then definitions, then everything else. */
    private static int rank(String kind) {
        return switch (kind) {
            case "Namespace" -> 0;
            case "CustomResourceDefinition" -> 1;
            default -> 2;
        };
    }

    // ---------------------------------------------------------------- export

    /**
     * The objects as multi-document YAML, ready for {@code kubectl create -f} or {@code kubepark serve --import}:
     * without events, leases, nodes, endpoints, controller revisions, what KubePark creates at start, what a
     * controller owns (its owner re-creates it) and volumes a provisioner made; metadata without uid,
     * resourceVersion, timestamps, managed fields and owner references; no status.
     */
    public static String export(Map<ResourceType, List<ObjectNode>> objects) {
        List<ObjectNode> out = new ArrayList<>();
        Set<String> provisionedVolumes = new java.util.HashSet<>();
        objects.forEach((type, nodes) -> {
            if (type.storageKey().equals("/persistentvolumes")) {
                nodes.stream().filter(pv -> pv.path("metadata").path("annotations").has(PROVISIONED_BY))
                        .forEach(pv -> provisionedVolumes.add(pv.path("metadata").path("name").asText()));
            }
        });
        objects.forEach((type, nodes) -> {
            if (LEFT_OUT.contains(type.storageKey()) || !type.supports("create") || !type.supports("list")) {
                return;
            }
            for (ObjectNode node : nodes) {
                if (keep(type, node)) {
                    out.add(clean(type, node, provisionedVolumes));
                }
            }
        });
        out.sort(Comparator.<ObjectNode>comparingInt(o -> rank(o.path("kind").asText()))
                .thenComparing(o -> o.path("apiVersion").asText())
                .thenComparing(o -> o.path("kind").asText())
                .thenComparing(o -> o.path("metadata").path("namespace").asText(""))
                .thenComparing(o -> o.path("metadata").path("name").asText()));
        StringBuilder yaml = new StringBuilder();
        for (ObjectNode o : out) {
            try {
                yaml.append(YAML.writeValueAsString(o));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return yaml.toString();
    }

    /** {@link #export(Map)} of what a running cluster holds now. */
    public static String export(ApiServer api) {
        Map<ResourceType, List<ObjectNode>> objects = new java.util.HashMap<>();
        api.store().capture().objects().forEach((type, stored) -> objects.put(type,
                stored.stream().map(o -> o.node()).toList()));
        return export(objects);
    }

    private static boolean keep(ResourceType type, ObjectNode node) {
        JsonNode meta = node.path("metadata");
        String name = meta.path("name").asText();
        String namespace = meta.path("namespace").asText("");
        if (meta.has("deletionTimestamp")
                || "rbac-defaults".equals(meta.path("labels").path("kubernetes.io/bootstrapping").asText(null))) {
            // being deleted, or a default RBAC object every checked server makes again
            return false;
        }
        for (JsonNode owner : meta.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return false;
            }
        }
        return switch (type.storageKey()) {
            case "/namespaces" -> !Bootstrap.NAMESPACES.contains(name);
            case "/services" -> !(namespace.equals("default") && name.equals("kubernetes")
                    || namespace.equals("kube-system") && name.equals("kube-dns"));
            case "/serviceaccounts" -> !name.equals("default");
            case "/configmaps" -> !name.equals("kube-root-ca.crt");
            case "scheduling.k8s.io/priorityclasses" -> !name.startsWith("system-");
            case "storage.k8s.io/storageclasses" -> !node.path("provisioner").asText().startsWith("kubepark.io/")
                    || !(name.equals("standard") || name.equals("local"));
            case "/persistentvolumes" -> !meta.path("annotations").has(PROVISIONED_BY);
            default -> true;
        };
    }

    private static ObjectNode clean(ResourceType type, ObjectNode node, Set<String> provisionedVolumes) {
        ObjectNode o = node.deepCopy();
        ObjectNode out = io.kubepark.apiserver.Json.object();
        out.put("apiVersion", o.path("apiVersion").asText(type.apiVersion()));
        out.put("kind", o.path("kind").asText(type.kind()));
        ObjectNode meta = (ObjectNode) o.path("metadata");
        METADATA_LEFT_OUT.forEach(meta::remove);
        if (meta.path("annotations") instanceof ObjectNode annotations && annotations.isEmpty()) {
            meta.remove("annotations");
        }
        out.set("metadata", meta);
        o.fields().forEachRemaining(e -> {
            if (!Set.of("apiVersion", "kind", "metadata", "status").contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        switch (type.storageKey()) {
            case "/namespaces" -> {
                out.remove("spec");
                meta.remove("finalizers");
            }
            case "/persistentvolumeclaims" -> {
                if (out.path("spec") instanceof ObjectNode spec
                        && provisionedVolumes.contains(spec.path("volumeName").asText())) {
                    spec.remove("volumeName");
                    if (meta.path("annotations") instanceof ObjectNode annotations) {
                        BINDING_ANNOTATIONS.forEach(annotations::remove);
                        if (annotations.isEmpty()) {
                            meta.remove("annotations");
                        }
                    }
                }
            }
            case "/persistentvolumes" -> {
                if (out.path("spec").path("claimRef") instanceof ObjectNode claimRef) {
                    claimRef.remove("uid");
                    claimRef.remove("resourceVersion");
                }
            }
            default -> { }
        }
        return out;
    }

    // ---------------------------------------------------------------- apply

    /** What applying one file did. */
    public record Applied(Path file, int created, int existing) {
        @Override
        public String toString() {
            return "applied " + file + ": " + created + " created, " + existing + " already existed";
        }
    }

    /** Reads the documents of a YAML or JSON file; {@code List} kinds are unpacked into their items. */
    static List<ObjectNode> read(Path file) {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode o)) {
                    throw new IllegalStateException(file + ": document " + (docs.size() + 1) + " is not an object");
                }
                if (o.path("kind").asText().endsWith("List") && o.path("items").isArray()) {
                    o.path("items").forEach(i -> docs.add((ObjectNode) i));
                } else {
                    docs.add(o);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException(file + " cannot be read: " + e.getMessage(), e);
        }
        return docs;
    }

    /**
     * Creates every object of {@code file}: namespaces first, then CustomResourceDefinitions, then the rest in file
     * order. An object whose name is taken is left as it is, so applying the same file to a restored cluster
     * changes nothing.
     *
     * @throws IllegalStateException naming the file and object when a kind is unknown or an object is refused
     */
    static Applied apply(ApiServer api, Path file) {
        List<ObjectNode> docs = new ArrayList<>(read(file));
        docs.sort(Comparator.comparingInt(o -> rank(o.path("kind").asText())));
        int created = 0;
        int existing = 0;
        for (ObjectNode doc : docs) {
            String apiVersion = doc.path("apiVersion").asText();
            String kind = doc.path("kind").asText();
            String name = doc.path("metadata").path("name").asText();
            ResourceType type = api.registry().byKind(apiVersion, kind).orElseThrow(() -> new IllegalStateException(
                    file + ": " + kind + " " + name + ": no resource serves kind " + kind + " of " + apiVersion));
            String namespace = type.namespaced() ? doc.path("metadata").path("namespace").asText("default") : null;
            try {
                api.create(type, namespace, doc.deepCopy(), ApiServer.WriteOptions.DEFAULT);
                created++;
            } catch (ApiException e) {
                if ("AlreadyExists".equals(e.reason())) {
                    existing++;
                } else {
                    throw new IllegalStateException(file + ": " + kind + " " + (namespace == null ? "" : namespace
                            + "/") + name + " was refused: " + e.getMessage(), e);
                }
            }
        }
        return new Applied(file, created, existing);
    }

    /** The manifests of an init folder: its {@code *.yaml}, {@code *.yml} and {@code *.json} files, by name. */
    public static List<Path> initFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("init dir " + dir + " is not a folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
                    .filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
