package io.kubepark.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.Cause;
import io.kubepark.apiserver.registry.CustomResource;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.registry.Subresource;
import io.kubepark.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CustomResourceDefinitions as apiextensions-apiserver handles them: defaults, validation, the status its
 * naming and establishing controllers write (A16.1), and the resource types a definition serves.
 */
public final class CustomResourceDefinitions {
    /** The finalizer that holds a deleted definition until its objects are gone (A16.6). */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
    private static final List<String> VERBS = List.of("delete", "deletecollection", "get", "list", "patch", "create",
            "update", "watch");

    private CustomResourceDefinitions() {}

    public static void defaults(ObjectNode crd) {
        ObjectNode spec = Json.child(crd, "spec");
        ObjectNode names = Json.child(spec, "names");
        String kind = names.path("kind").asText("");
        if (!names.has("singular") && !kind.isEmpty()) {
            names.put("singular", kind.toLowerCase(Locale.ROOT));
        }
        if (!names.has("listKind") && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        if (!spec.has("conversion")) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    public static List<Cause> validate(JsonNode crd) {
        List<Cause> causes = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText("");
        String plural = spec.path("names").path("plural").asText("");
        String name = crd.path("metadata").path("name").asText("");
        if (group.isEmpty()) {
            causes.add(Cause.required("spec.group", ""));
        } else if (!group.contains(".")) {
            causes.add(Cause.invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        if (plural.isEmpty()) {
            causes.add(Cause.required("spec.names.plural", ""));
        } else {
            Names.dns1035Label(plural).forEach(p -> causes.add(Cause.invalid("spec.names.plural", plural, p)));
        }
        if (spec.path("names").path("kind").asText("").isEmpty()) {
            causes.add(Cause.required("spec.names.kind", ""));
        }
        if (!group.isEmpty() && !plural.isEmpty() && !name.equals(plural + "." + group)) {
            causes.add(Cause.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        String scope = spec.path("scope").asText("");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            causes.add(scope.isEmpty() ? Cause.required("spec.scope", "")
                    : Cause.notSupported("spec.scope", scope, "supported values: \"Cluster\", \"Namespaced\""));
        }
        JsonNode versions = spec.path("versions");
        if (!versions.isArray() || versions.isEmpty()) {
            causes.add(Cause.required("spec.versions", "must have exactly one version marked as storage version"));
            return causes;
        }
        int storage = 0;
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String at = "spec.versions[" + i + "]";
            if (v.path("storage").asBoolean(false)) {
                storage++;
            }
            String versionName = v.path("name").asText("");
            if (versionName.isEmpty()) {
                causes.add(Cause.required(at + ".name", ""));
            }
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (schema.isMissingNode()) {
                causes.add(Cause.required(at + ".schema.openAPIV3Schema", "schemas are required"));
            } else {
                StructuralSchema.checkStructural(schema, at + ".schema.openAPIV3Schema", causes);
            }
        }
        if (storage != 1) {
            causes.add(Cause.invalid("spec.versions", versions.toString(),
                    "must have exactly one version marked as storage version"));
        }
        return causes;
    }

    /** Sets the status the naming and establishing controllers report for accepted names. */
    public static void establish(ObjectNode crd, String now) {
        JsonNode spec = crd.path("spec");
        ObjectNode status = Json.child(crd, "status");
        status.set("acceptedNames", spec.path("names").deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("lastTransitionTime", now)
                .put("reason", "NoConflicts").put("message", "no conflicts found");
        conditions.addObject().put("type", "Established").put("status", "True").put("lastTransitionTime", now)
                .put("reason", "InitialNamesAccepted").put("message", "the initial names have been accepted");
        ArrayNode stored = Json.NODES.arrayNode();
        for (JsonNode s : crd.path("status").path("storedVersions")) {
            stored.add(s);
        }
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                boolean known = false;
                for (JsonNode s : stored) {
                    known |= s.asText().equals(v.path("name").asText());
                }
                if (!known) {
                    stored.add(v.path("name").asText());
                }
            }
        }
        status.set("storedVersions", stored);
    }

    /** Marks a definition whose objects are being removed. */
    public static void terminating(ObjectNode crd, String now) {
        ArrayNode conditions = Json.child(crd, "status").withArray("conditions");
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals("Terminating")) {
                return;
            }
        }
        conditions.addObject().put("type", "Terminating").put("status", "True").put("lastTransitionTime", now)
                .put("reason", "InstanceDeletionInProgress").put("message", "CustomResource deletion is in progress");
    }

    /** The resource types of each served version, with the storage version's schema rules. */
    public static List<ResourceType> types(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String crdName = crd.path("metadata").path("name").asText();
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            String version = v.path("name").asText();
            JsonNode subresources = v.has("subresources") ? v.path("subresources") : spec.path("subresources");
            boolean status = subresources.has("status");
            JsonNode scale = subresources.has("scale") ? subresources.path("scale") : null;
            List<Subresource> subs = new ArrayList<>();
            if (status) {
                subs.add(new Subresource("status", spec.path("group").asText(), version, names.path("kind").asText(),
                        List.of("get", "patch", "update")));
            }
            if (scale != null) {
                subs.add(new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update")));
            }
            List<String> selectable = new ArrayList<>();
            for (JsonNode f : v.path("selectableFields")) {
                String path = f.path("jsonPath").asText();
                selectable.add(path.startsWith(".") ? path.substring(1) : path);
            }
            JsonNode columns = v.has("additionalPrinterColumns") ? v.path("additionalPrinterColumns")
                    : spec.path("additionalPrinterColumns");
            types.add(new ResourceType(spec.path("group").asText(), version, names.path("plural").asText(),
                    names.path("singular").asText(), names.path("kind").asText(),
                    spec.path("scope").asText().equals("Namespaced"), VERBS, Json.strings(names.path("shortNames")),
                    Json.strings(names.path("categories")), subs,
                    new CustomResource(crdName, v.path("schema").path("openAPIV3Schema"), status, scale,
                            columns.isMissingNode() ? null : columns, selectable)));
        }
        return types;
    }
}
