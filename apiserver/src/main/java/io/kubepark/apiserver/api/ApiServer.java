package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.admission.Defaults;
import io.kubepark.apiserver.apply.ManagedFields;
import io.kubepark.apiserver.admission.PodAdmission;
import io.kubepark.apiserver.admission.ServiceAddresses;
import io.kubepark.apiserver.admission.StorageAdmission;
import io.kubepark.apiserver.admission.UnknownFields;
import io.kubepark.apiserver.admission.BatchValidation;
import io.kubepark.apiserver.admission.Validation;
import io.kubepark.apiserver.crd.CustomResourceDefinitions;
import io.kubepark.apiserver.crd.StructuralSchema;
import io.kubepark.apiserver.patch.PatchException;
import io.kubepark.apiserver.patch.PatchMeta;
import io.kubepark.apiserver.patch.StrategicMergePatch;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.FieldSelector;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.apiserver.logs.ContainerLogs;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.apiserver.store.Change;
import io.kubepark.apiserver.store.ListPage;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchSink;
import io.kubepark.apiserver.table.IncludeObject;
import io.kubepark.apiserver.table.Tables;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The one write path and the read paths of the API, independent of any transport. Every create, update, patch
 * and delete, from HTTP or from an in-process controller, runs here: decode, defaulting, validation and
 * admission, the optimistic-concurrency check, commit with the next revision, watch fan-out.
 */
public final class ApiServer {
    /** Alphabet of generated name suffixes: no vowels, no confusable characters (names/generate.go). */
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    private static final Set<String> PROTECTED_NAMESPACES = Set.of("default", "kube-system", "kube-public");
    /** Kinds whose PUT creates a missing object (AllowCreateOnUpdate). */
    private static final Set<String> CREATE_ON_UPDATE = Set.of("/endpoints", "/nodes", "/events",
            "coordination.k8s.io/leases", "events.k8s.io/events");

    /** The {@code pods/binding} subresource, as admission and field-manager see it. */
    private static final ResourceType BINDINGS = new ResourceType("", "v1", "pods/binding", "binding", "Binding",
            true, List.of("create"), List.of(), List.of(), List.of());

    private final ResourceRegistry registry;
    private final Store store;
    private final ContainerLogs logs = new ContainerLogs();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ServiceAddresses addresses = new ServiceAddresses();

    public ApiServer(ResourceRegistry registry, Store store, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    /**
     * After the store was restored from disk: serves the resources of the recovered CustomResourceDefinitions and
     * takes the addresses of the recovered Services, as if both had been created through this server.
     */
    public void recovered() {
        for (var e : store.capture().objects().entrySet()) {
            if (isCrd(e.getKey())) {
                for (StoredObject crd : e.getValue()) {
                    registry.putCustom(crd.name(), CustomResourceDefinitions.types(crd.node()));
                }
            } else if (e.getKey().storageKey().equals("/services")) {
                e.getValue().forEach(svc -> addresses.reserve(svc.node()));
            }
        }
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public Store store() {
        return store;
    }

    /** The resource type for {@code group/version/resource}, or a 404. */
    public ResourceType type(String group, String version, String resource) {
        return registry.byPath(group, version, resource).orElseThrow(ApiException::pathNotFound);
    }

    // ---------------------------------------------------------------- reads

    public StoredObject get(ResourceType type, String namespace, String name) {
        requireVerb(type, "get");
        StoredObject o = store.get(type, namespace, name);
        if (o == null) {
            throw ApiException.notFound(type, name);
        }
        return o;
    }

    /** A list page in the shape the API returns it: {@code <Kind>List} with metadata and items. */
    public record ListResult(ResourceType type, ListPage page, String continueToken) {}

    public ListResult list(ResourceType type, String namespace, Params params) {
        requireVerb(type, "list");
        ListOptions options = ListOptions.parse(params, false);
        return list(type, namespace, options);
    }

    private ListResult list(ResourceType type, String namespace, ListOptions options) {
        Query query = query(type, namespace, options);
        if (!options.resourceVersion().isEmpty() && options.continuation() == null) {
            long rv = ListOptions.parseRevision(options.resourceVersion());
            if (rv > store.revision()) {
                throw ApiException.of(504, "Timeout", "Too large resource version: " + rv + ", current: "
                        + store.revision());
            }
            if ("Exact".equals(options.resourceVersionMatch()) && rv != store.revision()) {
                try {
                    ListPage page = store.list(type, query, options.limit(), new Store.Continuation(rv, ""));
                    return result(type, page);
                } catch (ApiException e) {
                    throw ApiException.expired("The resourceVersion for the provided list is too old.");
                }
            }
        }
        return result(type, store.list(type, query, options.limit(), options.continuation()));
    }

    private ListResult result(ResourceType type, ListPage page) {
        String token = page.nextKey() == null ? null : ListOptions.encodeContinue(page.resourceVersion(), page.nextKey());
        return new ListResult(type, page, token);
    }

    /**
     * Starts a watch. Events go to {@code sink} in revision order, beginning with ADDED for every current object
     * unless {@code resourceVersion} names a revision to resume after.
     *
     * @throws ApiException 410 Expired when that revision is older than the history holds
     */
    public Store.Watch watch(ResourceType type, String namespace, Params params, WatchSink sink) {
        requireVerb(type, "watch");
        ListOptions options = ListOptions.parse(params, true);
        Query query = query(type, namespace, options);
        String rv = options.resourceVersion();
        boolean initial = rv.isEmpty() || rv.equals("0") || Boolean.TRUE.equals(options.sendInitialEvents());
        long from = initial ? -1 : ListOptions.parseRevision(rv);
        boolean endBookmark = Boolean.TRUE.equals(options.sendInitialEvents()) && options.allowWatchBookmarks();
        return store.watch(type, query, from, endBookmark, sink);
    }

    public static long watchTimeoutSeconds(Params params) {
        return params.number("timeoutSeconds", 0);
    }

    private Query query(ResourceType type, String namespace, ListOptions options) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(options.labelSelector());
            fields = FieldSelector.parse(options.fieldSelector());
        } catch (SelectorException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Set<String> supported = FieldRules.supported(type);
        for (String f : fields.fields()) {
            if (!supported.contains(f)) {
                throw ApiException.badRequest("field label not supported: " + f);
            }
        }
        String ns = namespace;
        String fieldNs = fields.requiredValues().get("metadata.namespace");
        if (ns == null && fieldNs != null && type.namespaced()) {
            ns = fieldNs;
        }
        Predicate<StoredObject> filter;
        if (fields.fields().isEmpty()) {
            filter = labels.matchesEverything() ? o -> true : o -> labels.matches(o.labels());
        } else {
            filter = o -> labels.matches(o.labels())
                    && fields.matches(f -> FieldRules.value(type, o.node(), f));
        }
        return new Query(ns, labels.requiredValues(), filter);
    }

    // ---------------------------------------------------------------- writes

    /** Options shared by writes: {@code dryRun=All} and the field manager. */
    /**
     * Options shared by writes: {@code dryRun=All}, the field manager (the {@code fieldManager} parameter, else the
     * client's User-Agent program), {@code fieldValidation} and, for apply, {@code force}.
     */
    public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, boolean force,
            boolean managerGiven, List<String> warnings) {
        /** In-process writes: no manager, server-default validation, warnings dropped. */
        public static final WriteOptions DEFAULT = new WriteOptions(false, null, null, false, false, null);

        boolean strict() {
            return "Strict".equals(fieldValidation);
        }

        public static WriteOptions from(Params p) {
            return from(p, null);
        }

        /** Reads the options; {@code userAgent} names the manager when the request names none. */
        public static WriteOptions from(Params p, String userAgent) {
            String dryRun = p.get("dryRun");
            if (dryRun != null && !dryRun.equals("All")) {
                throw ApiException.badRequest("Invalid dry run value: \"" + dryRun + "\": supported values: \"All\"");
            }
            String validation = p.get("fieldValidation");
            if (validation != null && !Set.of("", "Ignore", "Warn", "Strict").contains(validation)) {
                throw ApiException.badRequest("fieldValidation " + validation
                        + " is invalid. It must be one of: Ignore, Warn, or Strict");
            }
            String manager = p.get("fieldManager");
            boolean given = manager != null && !manager.isEmpty();
            if (manager != null && manager.length() > 128) {
                throw ApiException.invalid("CreateOptions.meta.k8s.io", "CreateOptions", "meta.k8s.io", "",
                        List.of(Cause.invalid("fieldManager", manager, "must be at most 128 characters")));
            }
            if ((manager == null || manager.isEmpty()) && userAgent != null && !userAgent.isBlank()) {
                int slash = userAgent.indexOf('/');
                manager = (slash < 0 ? userAgent : userAgent.substring(0, slash)).trim();
            }
            return new WriteOptions(dryRun != null, manager == null || manager.isEmpty() ? null : manager, validation,
                    p.flag("force"), given, new ArrayList<>());
        }

        WriteOptions withoutManager() {
            return new WriteOptions(dryRun, null, fieldValidation, force, false, warnings);
        }
    }

    /** Creates an object from a decoded body. Returns what was stored (or what would be, for a dry run). */
    /**
     * Creates {@code object} unless one of its name exists, leaving an existing one as it is: how the server's own
     * objects (bootstrap namespaces and Services, default roles) are made at every start, restored data dir or not.
     */
    public void createIfAbsent(ResourceType type, String namespace, ObjectNode object) {
        if (store.get(type, namespace, object.path("metadata").path("name").asText()) == null) {
            create(type, namespace, object, WriteOptions.DEFAULT);
        }
    }

    public StoredObject create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
        requireVerb(type, "create");
        ObjectNode obj = body.deepCopy();
        checkTypeMeta(type, obj);
        ObjectNode meta = Json.child(obj, "metadata");
        placeInNamespace(type, namespace, meta);
        if (meta.hasNonNull("resourceVersion") && !meta.path("resourceVersion").asText().isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        if (Reviews.handles(type)) {
            return Reviews.answer(type, obj, clock);
        }
        String name = Json.text(meta, "name");
        String generateName = Json.text(meta, "generateName");
        if ((name == null || name.isEmpty()) && (generateName == null || generateName.isEmpty())) {
            throw ApiException.invalid(type, "", List.of(Cause.required("metadata.name",
                    "name or generateName is required")));
        }
        if (type.namespaced()) {
            admitNamespace(type, namespace, name == null ? "" : name);
        }
        if (type.isCustom()) {
            admitCustomCreate(type);
        }
        prepare(type, obj, options);
        boolean generated = name == null || name.isEmpty();
        for (int attempt = 0; ; attempt++) {
            String candidate = generated ? generateName(generateName) : name;
            List<Cause> causes = new ArrayList<>(ObjectRules.validateName(type, candidate));
            Json.child(obj, "metadata").put("name", candidate);
            String uid = UUID.randomUUID().toString();
            ObjectNode checked = obj;
            if (type.storageKey().equals("batch/jobs")) {
                // the Job strategy generates the selector from the uid before validating (pkg/registry/batch/job)
                checked = obj.deepCopy();
                BatchValidation.generateSelector(checked, candidate, uid);
            }
            causes.addAll(validate(type, checked, null));
            if (!causes.isEmpty()) {
                throw ApiException.invalid(type, candidate, causes);
            }
            ObjectNode attemptObj = checked != obj || attempt == 0 ? checked : obj.deepCopy();
            ObjectRules.prepareForCreate(type, attemptObj, uid, now());
            if (isCrd(type)) {
                ArrayNode finalizers = Json.child(attemptObj, "metadata").withArray("finalizers");
                finalizers.add(CustomResourceDefinitions.CLEANUP_FINALIZER);
                CustomResourceDefinitions.establish(attemptObj, now());
            }
            admit(type, namespace, candidate, attemptObj);
            if (options.fieldManager() != null) {
                ManagedFields.update(type, null, attemptObj, options.fieldManager(), null, now());
            }
            boolean service = type.storageKey().equals("/services");
            if (service) {
                addresses.allocate(type, attemptObj);
            }
            try {
                if (options.dryRun()) {
                    if (store.get(type, namespace(type, namespace), candidate) != null) {
                        throw ApiException.alreadyExists(type, candidate);
                    }
                    Json.child(attemptObj, "metadata").put("resourceVersion", "");
                    if (service) {
                        addresses.release(attemptObj);
                    }
                    return StoredObject.detached(namespace(type, namespace), candidate, attemptObj);
                }
                StoredObject created = store.create(type, namespace(type, namespace), candidate, attemptObj);
                afterCreate(type, created);
                afterWrite(type, created.namespace(), created.name());
                return created;
            } catch (ApiException e) {
                if (service) {
                    addresses.release(attemptObj);
                }
                if (!generated || !"AlreadyExists".equals(e.reason())) {
                    throw e;
                }
                if (attempt + 1 >= GENERATE_NAME_ATTEMPTS) {
                    throw ApiException.generateNameConflict(type, candidate);
                }
            }
        }
    }

    /** Mutating admission of new objects: ServiceAccount, tolerations and priority for pods. */
    private void admit(ResourceType type, String namespace, String name, ObjectNode obj) {
        switch (type.storageKey()) {
            case "/persistentvolumeclaims" -> {
                StorageAdmission.protect(obj, StorageAdmission.PVC_PROTECTION);
                ResourceType classes = type("storage.k8s.io", "v1", "storageclasses");
                StorageAdmission.defaultClass(obj,
                        () -> store.list(classes, Query.all(), 0, null).items().stream().<JsonNode>map(StoredObject::node).toList());
                return;
            }
            case "/persistentvolumes" -> {
                StorageAdmission.protect(obj, StorageAdmission.PV_PROTECTION);
                return;
            }
            case "/pods" -> { }
            default -> {
                return;
            }
        }
        ResourceType accounts = type("", "v1", "serviceaccounts");
        ResourceType classes = type("scheduling.k8s.io", "v1", "priorityclasses");
        try {
            PodAdmission.admit(obj, sa -> {
                StoredObject account = store.get(accounts, namespace, sa);
                if (account == null) {
                    throw ApiException.forbidden(type, name, "error looking up service account " + namespace + "/"
                            + sa + ": serviceaccount \"" + sa + "\" not found", List.of());
                }
                return account.node();
            }, generateName(""), pc -> {
                StoredObject found = store.get(classes, null, pc);
                return found == null ? null : found.node();
            }, () -> store.list(classes, new Query(null, Map.of(),
                    o -> o.node().path("globalDefault").asBoolean(false)), 0, null).items().stream()
                    .map(StoredObject::node).findFirst().orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.forbidden(type, name, e.getMessage(), List.of());
        }
    }

    /** What follows a create synchronously: every namespace gets its {@code default} ServiceAccount (A6.5). */
    private void afterCreate(ResourceType type, StoredObject created) {
        if (type.storageKey().equals("/namespaces")) {
            ObjectNode sa = Json.object();
            sa.putObject("metadata").put("name", "default");
            try {
                create(type("", "v1", "serviceaccounts"), created.name(), sa, WriteOptions.DEFAULT);
            } catch (ApiException e) {
                if (!"AlreadyExists".equals(e.reason())) {
                    throw e;
                }
            }
        }
    }

    /** Replaces an object (PUT), or its status when {@code subresource} is "status". */
    public StoredObject update(ResourceType type, String namespace, String name, String subresource,
            ObjectNode body, WriteOptions options) {
        requireVerb(type, "update");
        ObjectNode obj = body.deepCopy();
        checkTypeMeta(type, obj);
        ObjectNode meta = Json.child(obj, "metadata");
        String bodyName = Json.text(meta, "name");
        if (bodyName == null || bodyName.isEmpty()) {
            throw ApiException.invalid(type, name, List.of(Cause.required("metadata.name",
                    "name or generateName is required")));
        }
        if (!bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        placeInNamespace(type, namespace, meta);
        return write(type, namespace, name, subresource, options, current -> obj.deepCopy(), true);
    }

    /** Applies a JSON patch or JSON merge patch to an object or its status. */
    public StoredObject patch(ResourceType type, String namespace, String name, String subresource,
            String contentType, byte[] patch, WriteOptions options) {
        requireVerb(type, "patch");
        String media = Bodies.mediaType(contentType);
        if (patch.length > Bodies.MAX_BODY) {
            throw ApiException.tooLarge();
        }
        if (media.equals("application/apply-patch+yaml") || media.equals("application/apply-patch+json")) {
            return applyPatch(type, namespace, name, subresource, patch, options);
        }
        if (options.force()) {
            throw ApiException.invalid("PatchOptions.meta.k8s.io", "PatchOptions", "meta.k8s.io", "",
                    List.of(Cause.forbidden("force", "may not be specified for non-apply patch")));
        }
        PatchFunction apply = patchFunction(type, media, patch);
        return write(type, namespace, name, subresource, options, current -> {
            ObjectNode patched = apply.apply(current.copy());
            checkTypeMeta(type, patched);
            ObjectNode meta = Json.child(patched, "metadata");
            if (!name.equals(Json.text(meta, "name"))) {
                throw ApiException.badRequest("the name of the object (" + Json.text(meta, "name")
                        + ") does not match the name on the URL (" + name + ")");
            }
            placeInNamespace(type, namespace, meta);
            return patched;
        }, false);
    }

    /**
     * In-process read-modify-write for controllers: {@code change} receives a copy of the current object and
     * returns its desired state; everything a PUT checks applies, and a lost race is retried.
     */
    public StoredObject modify(ResourceType type, String namespace, String name, String subresource,
            java.util.function.UnaryOperator<ObjectNode> change) {
        return write(type, namespace, name, subresource, WriteOptions.DEFAULT, current -> {
            ObjectNode next = change.apply(current.copy());
            ((ObjectNode) next.path("metadata")).put("resourceVersion", Long.toString(current.resourceVersion()));
            return next;
        }, false);
    }

    static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/apply-patch+yaml", "application/strategic-merge-patch+json");

    /** Server-side apply (A12.3): merges the manager's configuration, creating the object when it is missing. */
    private StoredObject applyPatch(ResourceType type, String namespace, String name, String subresource, byte[] body,
            WriteOptions options) {
        if (!options.managerGiven()) {
            throw ApiException.invalid("PatchOptions.meta.k8s.io", "PatchOptions", "meta.k8s.io", "",
                    List.of(Cause.required("fieldManager", "is required for apply patch")));
        }
        ObjectNode config = Bodies.object("application/yaml", body);
        checkTypeMeta(type, config);
        ObjectNode meta = Json.child(config, "metadata");
        if (meta.has("managedFields") && !meta.get("managedFields").isNull()) {
            throw ApiException.badRequest("metadata.managedFields must be nil");
        }
        String configName = Json.text(meta, "name");
        if (configName != null && !configName.isEmpty() && !configName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + configName
                    + ") does not match the name on the URL (" + name + ")");
        }
        meta.put("name", name);
        placeInNamespace(type, namespace, meta);
        if (subresource == null && store.get(type, namespace(type, namespace), name) == null) {
            ObjectNode created = config.deepCopy();
            ManagedFields.apply(type, created, config, options.fieldManager(), true, null, now());
            return create(type, namespace, created, options.withoutManager());
        }
        return write(type, namespace, name, subresource, options.withoutManager(), current -> {
            ObjectNode live = current.copy();
            ObjectNode merged = ManagedFields.apply(type, live, config, options.fieldManager(), options.force(),
                    subresource, now());
            ((ObjectNode) merged.path("metadata")).put("resourceVersion", Long.toString(current.resourceVersion()));
            return merged;
        }, false);
    }

    private interface PatchFunction {
        ObjectNode apply(ObjectNode target);
    }

    /** The patch engine for a content type; {@code type} is null for a Scale. */
    private static PatchFunction patchFunction(ResourceType type, String media, byte[] patch) {
        switch (media) {
            case "application/strategic-merge-patch+json" -> {
                if (type != null && type.isCustom()) {
                    throw ApiException.unsupportedMediaType(media, PATCH_TYPES.subList(0, 3));
                }
                JsonNode node = Bodies.json(patch);
                if (!node.isObject()) {
                    throw ApiException.badRequest("the server rejected our request due to an error in our request: "
                            + "a strategic merge patch must be a JSON object");
                }
                PatchMeta meta = PatchMeta.builtIn();
                String definition = type == null ? meta.definitionFor("autoscaling/v1", "Scale").orElse(null)
                        : meta.definitionFor(type.apiVersion(), type.kind()).orElse(null);
                return target -> {
                    try {
                        return StrategicMergePatch.apply(target, node, meta, definition);
                    } catch (PatchException e) {
                        // kube-apiserver answers some malformed patches (a list item without its merge key) with
                        // a 500; a bad patch is the client's error, so KubePark says 400 there.
                        if (e.httpStatus() == 422) {
                            throw ApiException.of(422, "Invalid", e.getMessage());
                        }
                        throw ApiException.badRequest(e.getMessage());
                    }
                };
            }
            case "application/json-patch+json" -> {
                JsonPatch jsonPatch;
                try {
                    jsonPatch = Json.MAPPER.readValue(patch, JsonPatch.class);
                } catch (IOException e) {
                    throw ApiException.badRequest("the server rejected our request due to an error in our request: "
                            + "invalid JSON patch: " + firstLine(e.getMessage()));
                }
                return target -> {
                    try {
                        JsonNode result = jsonPatch.apply(target);
                        if (!(result instanceof ObjectNode o)) {
                            throw ApiException.of(422, "Invalid", "the patch does not produce an object");
                        }
                        return o;
                    } catch (JsonPatchException e) {
                        throw ApiException.of(422, "Invalid", "the server rejected our request due to an error in "
                                + "our request: " + e.getMessage());
                    }
                };
            }
            case "application/merge-patch+json" -> {
                JsonNode node = Bodies.json(patch);
                if (!node.isObject()) {
                    throw ApiException.badRequest("the server rejected our request due to an error in our request: "
                            + "a merge patch must be a JSON object");
                }
                JsonMergePatch merge;
                try {
                    merge = JsonMergePatch.fromJson(node);
                } catch (JsonPatchException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                return target -> {
                    try {
                        return (ObjectNode) merge.apply(target);
                    } catch (JsonPatchException e) {
                        throw ApiException.of(422, "Invalid", e.getMessage());
                    }
                };
            }
            default -> throw ApiException.unsupportedMediaType(media, PATCH_TYPES);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private interface Edit {
        ObjectNode apply(StoredObject current);
    }

    /**
     * The shared read-modify-write of update and patch: preconditions, immutable fields, spec/status split,
     * generation, finalizers and the no-op rule (an unchanged object keeps its resourceVersion).
     */
    private StoredObject write(ResourceType type, String namespace, String name, String subresource,
            WriteOptions options, Edit edit, boolean mayCreate) {
        String ns = namespace(type, namespace);
        if (subresource != null && !subresource.equals("status")) {
            throw ApiException.pathNotFound();
        }
        if ("status".equals(subresource) && !type.hasStatus()) {
            throw ApiException.pathNotFound();
        }
        StoredObject[] dry = new StoredObject[1];
        StoredObject result = store.update(type, ns, name, current -> {
            if (current == null) {
                if (mayCreate && subresource == null && CREATE_ON_UPDATE.contains(type.storageKey())) {
                    ObjectNode obj = edit.apply(null);
                    Json.child(obj, "metadata").remove("resourceVersion");
                    ObjectRules.prepareForCreate(type, obj, UUID.randomUUID().toString(), now());
                    List<Cause> causes = ObjectRules.validateName(type, name);
                    if (!causes.isEmpty()) {
                        throw ApiException.invalid(type, name, causes);
                    }
                    if (type.namespaced()) {
                        admitNamespace(type, namespace, name);
                    }
                    return options.dryRun() ? dryRun(dry, ns, name, obj) : Change.put(obj);
                }
                throw ApiException.notFound(type, name);
            }
            ObjectNode updated = edit.apply(current);
            if (!"status".equals(subresource)) {
                prepare(type, updated, options);
            }
            if (type.storageKey().equals("/services")) {
                ServiceAddresses.keepAllocated(updated, current.node());
            }
            String rv = Json.text(updated.path("metadata"), "resourceVersion");
            if (rv != null && !rv.isEmpty() && !rv.equals(Long.toString(current.resourceVersion()))) {
                ListOptions.parseRevision(rv);
                throw ApiException.staleResourceVersion(type, name);
            }
            List<Cause> causes = new ArrayList<>(ObjectRules.immutableChanges(updated, current.node()));
            causes.addAll(ObjectRules.finalizerChanges(updated, current.node()));
            if (!causes.isEmpty()) {
                throw ApiException.invalid(type, name, causes);
            }
            ObjectNode next = ObjectRules.prepareForUpdate(type, updated, current.node(), subresource);
            List<Cause> invalid = validate(type, next, current.node());
            if (!invalid.isEmpty()) {
                throw ApiException.invalid(type, name, invalid);
            }
            if (type.storageKey().equals("/persistentvolumeclaims") && subresource == null) {
                admitResize(type, name, next, current.node());
            }
            ((ObjectNode) next.path("metadata")).put("resourceVersion", Long.toString(current.resourceVersion()));
            if (options.fieldManager() != null) {
                ManagedFields.update(type, current.node(), next, options.fieldManager(), subresource, now());
            }
            if (next.equals(current.node())) {
                return Change.none();
            }
            if (options.dryRun()) {
                return dryRun(dry, ns, name, next);
            }
            if (next.path("metadata").has("deletionTimestamp")
                    && Json.strings(next.path("metadata").path("finalizers")).isEmpty()
                    && !type.storageKey().equals("/namespaces") && !isGracefulPod(type, next)) {
                return Change.remove();
            }
            return Change.put(next);
        });
        if (dry[0] != null) {
            return dry[0];
        }
        afterWrite(type, ns, name);
        return result;
    }

    private static Change dryRun(StoredObject[] holder, String ns, String name, ObjectNode obj) {
        holder[0] = StoredObject.detached(ns, name, obj);
        return Change.none();
    }

    // ---------------------------------------------------------------- kind hooks

    private static boolean isCrd(ResourceType type) {
        return type.storageKey().equals("apiextensions.k8s.io/customresourcedefinitions");
    }

    /** ObjectMeta fields a real server omits when empty (their Go fields are {@code omitempty}). */
    private static final List<String> OMIT_EMPTY_METADATA = List.of("labels", "annotations", "finalizers",
            "ownerReferences");
    /** The same for the data maps of ConfigMaps and Secrets. */
    private static final List<String> OMIT_EMPTY_DATA = List.of("data", "binaryData", "stringData");

    /**
     * Removes the {@code fields} of {@code node} that are null or an empty map or list: a real server decodes the
     * object into its Go type and encodes it again, and {@code labels: {}} or {@code finalizers: []} do not survive
     * that.
     */
    private static void dropEmpty(JsonNode node, List<String> fields) {
        if (node instanceof ObjectNode o) {
            for (String field : fields) {
                JsonNode value = o.get(field);
                if (value != null && (value.isNull() || (value.isContainerNode() && value.isEmpty()))) {
                    o.remove(field);
                }
            }
        }
    }

    /** Defaults of built-in kinds; pruning and schema defaults of custom resources (A16.2, A16.3). */
    private void prepare(ResourceType type, ObjectNode obj, WriteOptions options) {
        dropEmpty(obj.path("metadata"), OMIT_EMPTY_METADATA);
        if (type.storageKey().equals("/configmaps") || type.storageKey().equals("/secrets")) {
            dropEmpty(obj, OMIT_EMPTY_DATA);
        }
        Defaults.apply(type.storageKey(), obj);
        if (isCrd(type)) {
            CustomResourceDefinitions.defaults(obj);
        }
        List<String> unknown;
        if (type.isCustom()) {
            StructuralSchema schema = new StructuralSchema(type.custom().schema());
            unknown = schema.prune(obj);
            schema.applyDefaults(obj);
        } else {
            unknown = UnknownFields.prune(obj, type.apiVersion(), type.kind());
        }
        if (!unknown.isEmpty()) {
            List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
            if (options.strict()) {
                throw ApiException.badRequest("strict decoding error: " + String.join(", ", messages));
            }
            if (!"Ignore".equals(options.fieldValidation()) && options.warnings() != null) {
                options.warnings().addAll(messages);
            }
        }
    }

    private List<Cause> validate(ResourceType type, ObjectNode obj, ObjectNode old) {
        List<Cause> causes = new ArrayList<>(Validation.validate(type.storageKey(), obj, old));
        if (isCrd(type)) {
            causes.addAll(CustomResourceDefinitions.validate(obj));
        }
        if (type.isCustom()) {
            causes.addAll(new StructuralSchema(type.custom().schema()).validate(obj));
        }
        return causes;
    }

    /**
     * PersistentVolumeClaimResize admission (B12): a larger request needs a bound claim whose class allows
     * expansion.
     */
    private void admitResize(ResourceType type, String name, JsonNode next, JsonNode old) {
        String before = old.path("spec").path("resources").path("requests").path("storage").asText("");
        String after = next.path("spec").path("resources").path("requests").path("storage").asText("");
        if (before.isEmpty() || after.isEmpty()
                || Quantity.parse(after).compareTo(Quantity.parse(before)) <= 0) {
            return;
        }
        String className = old.path("spec").path("storageClassName").asText("");
        StoredObject storageClass = className.isEmpty() ? null
                : store.get(type("storage.k8s.io", "v1", "storageclasses"), null, className);
        boolean bound = "Bound".equals(old.path("status").path("phase").asText());
        if (!bound || storageClass == null || !storageClass.node().path("allowVolumeExpansion").asBoolean(false)) {
            throw ApiException.forbidden(type, name, "only dynamically provisioned pvc can be resized and the "
                    + "storageclass that provisions the pvc must support resize", List.of());
        }
    }

    /** A definition being deleted takes no new objects. */
    private void admitCustomCreate(ResourceType type) {
        StoredObject crd = store.get(type("apiextensions.k8s.io", "v1", "customresourcedefinitions"), null,
                type.custom().crdName());
        if (crd == null || crd.node().path("metadata").has("deletionTimestamp")) {
            throw ApiException.of(405, "MethodNotAllowed",
                    "create not allowed while custom resource definition is terminating");
        }
    }

    /** Serves, re-serves or stops serving a definition's resource after it was written. */
    private void afterWrite(ResourceType type, String namespace, String name) {
        if (!isCrd(type)) {
            return;
        }
        StoredObject crd = store.get(type, null, name);
        if (crd == null) {
            registry.removeCustom(name);
        } else {
            registry.putCustom(name, CustomResourceDefinitions.types(crd.node()));
        }
    }

    // ---------------------------------------------------------------- deletes

    /** What a DELETE returns: the object when it still exists (being deleted), or a Success status. */
    public record DeleteResult(StoredObject object, boolean gone) {}

    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        requireVerb(type, "delete");
        String ns = namespace(type, namespace);
        if (type.storageKey().equals("/namespaces") && PROTECTED_NAMESPACES.contains(name)) {
            throw ApiException.forbidden(type, name, "this namespace may not be deleted", List.of());
        }
        boolean[] gone = new boolean[1];
        StoredObject[] dry = new StoredObject[1];
        StoredObject result = store.update(type, ns, name, current -> {
            if (current == null) {
                throw ApiException.notFound(type, name);
            }
            options.checkPreconditions(type, current);
            ObjectNode meta = (ObjectNode) current.node().path("metadata");
            boolean terminating = meta.has("deletionTimestamp");
            if (type.storageKey().equals("/namespaces")) {
                if (terminating) {
                    throw ApiException.conflict(type, name, "The system is ensuring all content is removed from "
                            + "this namespace.  Upon completion, this namespace will automatically be purged by "
                            + "the system.");
                }
                ObjectNode next = current.copy();
                ((ObjectNode) next.get("metadata")).put("deletionTimestamp", now())
                        .put("deletionGracePeriodSeconds", 0);
                Json.child(next, "status").put("phase", "Terminating");
                return options.dryRun() ? dryRun(dry, ns, name, next) : Change.put(next);
            }
            long grace = graceFor(type, current.node(), options);
            List<String> finalizers = Json.strings(meta.path("finalizers"));
            String gcFinalizer = gcFinalizer(options);
            if (gcFinalizer != null && !terminating && !finalizers.contains(gcFinalizer)) {
                finalizers = new ArrayList<>(finalizers);
                finalizers.add(gcFinalizer);
            }
            if (finalizers.isEmpty() && grace == 0) {
                gone[0] = true;
                if (options.dryRun()) {
                    dry[0] = current;
                    return Change.none();
                }
                return Change.remove();
            }
            ObjectNode next = current.copy();
            ObjectNode nextMeta = (ObjectNode) next.get("metadata");
            if (!finalizers.isEmpty()) {
                nextMeta.set("finalizers", Json.array(finalizers));
            }
            Instant deadline = clock.instant().plusSeconds(grace);
            if (isCrd(type)) {
                CustomResourceDefinitions.terminating(next, now());
            }
            if (!terminating) {
                if (nextMeta.path("generation").asLong() > 0) {
                    nextMeta.put("generation", nextMeta.path("generation").asLong() + 1);
                }
                nextMeta.put("deletionTimestamp", format(deadline));
                nextMeta.put("deletionGracePeriodSeconds", grace);
            } else if (grace < nextMeta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE)) {
                nextMeta.put("deletionTimestamp", format(deadline));
                nextMeta.put("deletionGracePeriodSeconds", grace);
            } else {
                return Change.none();
            }
            return options.dryRun() ? dryRun(dry, ns, name, next) : Change.put(next);
        });
        if (gone[0] && dry[0] == null && type.storageKey().equals("/services")) {
            addresses.release(result.node());
        }
        if (dry[0] == null) {
            afterWrite(type, ns, name);
        }
        return new DeleteResult(dry[0] != null ? dry[0] : result, gone[0]);
    }

    /** Deletes every object a list with the same selectors would return; answers with the deleted objects. */
    public List<StoredObject> deleteCollection(ResourceType type, String namespace, Params params,
            DeleteOptions options) {
        requireVerb(type, "deletecollection");
        ListOptions listOptions = ListOptions.parse(params, false);
        List<StoredObject> deleted = new ArrayList<>();
        for (StoredObject o : list(type, namespace, listOptions).page().items()) {
            try {
                deleted.add(delete(type, o.namespace(), o.name(), options).object());
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return deleted;
    }

    /** The finalizer through which the garbage collector carries out a propagation policy (A5.5). */
    private static String gcFinalizer(DeleteOptions options) {
        if ("Foreground".equals(options.propagationPolicy())) {
            return "foregroundDeletion";
        }
        if ("Orphan".equals(options.propagationPolicy())) {
            return "orphan";
        }
        return null;
    }

    private static boolean isGracefulPod(ResourceType type, ObjectNode pod) {
        return type.storageKey().equals("/pods") && pod.path("metadata").path("deletionGracePeriodSeconds").asLong() > 0;
    }

    /** Pods alone delete gracefully: scheduled, not finished pods wait for their kubelet (A5.4). */
    private static long graceFor(ResourceType type, ObjectNode obj, DeleteOptions options) {
        if (!type.storageKey().equals("/pods")) {
            return 0;
        }
        String phase = obj.path("status").path("phase").asText();
        if (obj.path("spec").path("nodeName").asText().isEmpty() || phase.equals("Succeeded")
                || phase.equals("Failed")) {
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return Math.max(0, options.gracePeriodSeconds());
        }
        return obj.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    /** {@code PUT /api/v1/namespaces/{name}/finalize}: sets spec.finalizers; an emptied terminating namespace goes. */
    public StoredObject finalizeNamespace(String name, ObjectNode body) {
        ResourceType type = type("", "v1", "namespaces");
        JsonNode finalizers = body.path("spec").path("finalizers");
        return store.update(type, null, name, current -> {
            if (current == null) {
                throw ApiException.notFound(type, name);
            }
            ObjectNode next = current.copy();
            Json.child(next, "spec").set("finalizers", finalizers.isArray() ? finalizers : Json.NODES.arrayNode());
            boolean empty = !finalizers.isArray() || finalizers.isEmpty();
            if (empty && next.path("metadata").has("deletionTimestamp")
                    && Json.strings(next.path("metadata").path("finalizers")).isEmpty()) {
                return Change.remove();
            }
            return next.equals(current.node()) ? Change.none() : Change.put(next);
        });
    }

    // ---------------------------------------------------------------- logs

    /** What the pods' containers have written, as {@code pods/log} serves it. */
    public ContainerLogs logs() {
        return logs;
    }

    /**
     * The container instance {@code GET pods/{name}/log} reads: the named container (or the pod's only one), its
     * current run or, with {@code previous}, the one before. 400 with the kubelet's messages when the pod has
     * several containers and none is named, the name is not one of them, the container has not started yet, or
     * there is no previous run.
     */
    public ContainerLogs.Instance logInstance(String namespace, String name, String container, boolean previous) {
        ResourceType pods = type("", "v1", "pods");
        JsonNode pod = get(pods, namespace, name).node();
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        String chosen = container;
        if (chosen == null || chosen.isEmpty()) {
            if (containers.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + name
                        + ", choose one of: " + bracketed(containers)
                        + (inits.isEmpty() ? "" : " or one of the init containers: " + bracketed(inits)));
            }
            chosen = containers.get(0);
        }
        if (!containers.contains(chosen) && !inits.contains(chosen) && !ephemeral.contains(chosen)) {
            throw ApiException.badRequest("container " + chosen + " is not valid for pod " + name);
        }
        JsonNode status = null;
        for (String field : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(field)) {
                if (s.path("name").asText().equals(chosen)) {
                    status = s;
                }
            }
        }
        int restarts = status == null ? 0 : status.path("restartCount").asInt(0);
        if (previous) {
            if (status == null || !status.path("lastState").has("terminated")) {
                throw ApiException.badRequest("previous terminated container \"" + chosen + "\" in pod \"" + name
                        + "\" not found");
            }
            return new ContainerLogs.Instance(pod.path("metadata").path("uid").asText(), chosen, restarts - 1);
        }
        if (status == null || (status.path("state").has("waiting") && !status.path("lastState").has("terminated"))) {
            String reason = status == null ? "ContainerCreating"
                    : status.path("state").path("waiting").path("reason").asText("ContainerCreating");
            throw ApiException.badRequest("container \"" + chosen + "\" in pod \"" + name
                    + "\" is waiting to start: " + reason);
        }
        return new ContainerLogs.Instance(pod.path("metadata").path("uid").asText(), chosen, restarts);
    }

    private static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        containers.forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    private static String bracketed(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    // ---------------------------------------------------------------- binding

    /**
     * {@code POST pods/{name}/binding} (D6): assigns the pod to the binding's target node, sets the
     * {@code PodScheduled=True} condition and copies the binding's annotations. 409 when the pod is assigned
     * already, is being deleted or still has scheduling gates; 404 when it does not exist.
     */
    public StoredObject bind(String namespace, String name, ObjectNode binding) {
        ResourceType pods = type("", "v1", "pods");
        JsonNode meta = binding.path("metadata");
        String bindingName = meta.path("name").asText("");
        if (!bindingName.isEmpty() && !bindingName.equals(name)) {
            throw ApiException.badRequest("name in URL does not match name in Binding object");
        }
        String ns = meta.path("namespace").asText("");
        if (!ns.isEmpty() && !ns.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                    + "on the request");
        }
        JsonNode target = binding.path("target");
        List<Cause> causes = new ArrayList<>();
        String kind = target.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            causes.add(Cause.invalid("target.kind", kind, "must be empty or 'Node'"));
        }
        String node = target.path("name").asText("");
        if (node.isEmpty()) {
            causes.add(Cause.required("target.name", ""));
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid("Binding", "Binding", "", name, causes);
        }
        String uid = meta.path("uid").asText("");
        String now = now();
        return store.update(pods, namespace, name, current -> {
            if (current == null) {
                throw ApiException.notFound(pods, name);
            }
            ObjectNode pod = current.copy();
            ObjectNode podMeta = Json.child(pod, "metadata");
            if (!uid.isEmpty() && !uid.equals(podMeta.path("uid").asText())) {
                throw ApiException.conflict(pods, name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + podMeta.path("uid").asText());
            }
            if (podMeta.has("deletionTimestamp")) {
                throw ApiException.conflict(BINDINGS, name, "pod " + name
                        + " is being deleted, cannot be assigned to a host");
            }
            ObjectNode spec = Json.child(pod, "spec");
            String assigned = spec.path("nodeName").asText("");
            if (!assigned.isEmpty()) {
                throw ApiException.conflict(BINDINGS, name, "pod " + name + " is already assigned to node \""
                        + assigned + "\"");
            }
            if (spec.path("schedulingGates").size() > 0) {
                throw ApiException.conflict(BINDINGS, name, "pod " + name + " has non-empty .spec.schedulingGates");
            }
            spec.put("nodeName", node);
            if (meta.path("annotations").isObject() && !meta.path("annotations").isEmpty()) {
                ObjectNode annotations = Json.child(podMeta, "annotations");
                meta.path("annotations").fields().forEachRemaining(e -> annotations.set(e.getKey(), e.getValue()));
            }
            PodConditions.set(pod, "PodScheduled", "True", null, null, now);
            return Change.put(pod);
        });
    }

    /**
     * {@code POST pods/{name}/eviction}, as kube-apiserver's eviction subresource (docs/workloads/disruption.md,
     * rules 26–34): a pod that a PodDisruptionBudget protects is evicted only when the budget allows a disruption,
     * which the eviction then takes (the budget's status first, then the pod); otherwise a 429 with a
     * {@code DisruptionBudget} cause. An evicted pod is marked {@code DisruptionTarget=True} (reason
     * EvictionByEvictionAPI) and deleted with the eviction's delete options, gracefully as any delete.
     *
     * @param params the request's query, for {@code dryRun}
     */
    public void evict(String namespace, String name, ObjectNode eviction, Params params) {
        new Eviction(this).evict(namespace, name, eviction, params);
    }

    // ---------------------------------------------------------------- scale

    /** The {@code autoscaling/v1 Scale} view of a scalable object. */
    public ObjectNode getScale(ResourceType type, String namespace, String name) {
        requireScale(type);
        return Scales.of(type, get(type, namespace, name));
    }

    /** Writes a Scale (from PUT, or from a patch applied to the current Scale): only spec.replicas moves. */
    public ObjectNode updateScale(ResourceType type, String namespace, String name, ScaleEdit edit,
            WriteOptions options) {
        requireScale(type);
        StoredObject updated = write(type, namespace, name, null, options, current -> {
            ObjectNode scale = edit.apply(Scales.of(type, current));
            String rv = Json.text(scale.path("metadata"), "resourceVersion");
            ObjectNode next = current.copy();
            JsonNode replicas = scale.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.canConvertToInt()) {
                throw ApiException.invalid("Scale.autoscaling", "Scale", "autoscaling", name,
                        List.of(Cause.invalid("spec.replicas", replicas.asText(), "must be an integer")));
            }
            if (replicas.asInt(0) < 0) {
                throw ApiException.invalid("Scale.autoscaling", "Scale", "autoscaling", name,
                        List.of(Cause.invalid("spec.replicas", replicas.asText(), "must be greater than or equal to 0")));
            }
            Scales.setReplicas(type, next, replicas.asInt(0));
            ((ObjectNode) next.get("metadata")).put("resourceVersion", rv == null ? "" : rv);
            return next;
        }, false);
        return Scales.of(type, updated);
    }

    /** Maps the current Scale to the desired one. */
    public interface ScaleEdit {
        ObjectNode apply(ObjectNode currentScale);
    }

    /** A ScaleEdit that applies a JSON or merge patch to the current Scale. */
    public static ScaleEdit scalePatch(String contentType, byte[] patch) {
        PatchFunction f = patchFunction(null, Bodies.mediaType(contentType), patch);
        return f::apply;
    }

    private static void requireScale(ResourceType type) {
        if (type.subresource("scale").isEmpty()) {
            throw ApiException.pathNotFound();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void requireVerb(ResourceType type, String verb) {
        if (!type.supports(verb)) {
            throw ApiException.methodNotAllowed(verb);
        }
    }

    private static String namespace(ResourceType type, String namespace) {
        return type.namespaced() ? namespace : null;
    }

    private static void checkTypeMeta(ResourceType type, ObjectNode obj) {
        String apiVersion = Json.text(obj, "apiVersion");
        String kind = Json.text(obj, "kind");
        if (apiVersion == null || apiVersion.isEmpty()) {
            obj.put("apiVersion", type.apiVersion());
        } else if (!apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (kind == null || kind.isEmpty()) {
            obj.put("kind", type.kind());
        } else if (!kind.equals(type.kind())) {
            throw ApiException.badRequest(kind + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        JsonNode meta = obj.get("metadata");
        if (meta != null && !meta.isObject() && !meta.isNull()) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": metadata must be an object");
        }
        if (meta != null && meta.isNull()) {
            obj.remove("metadata");
        }
    }

    private static void placeInNamespace(ResourceType type, String namespace, ObjectNode meta) {
        if (!type.namespaced()) {
            meta.remove("namespace");
            return;
        }
        String given = Json.text(meta, "namespace");
        if (given != null && !given.isEmpty() && !given.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                    + "the request");
        }
        meta.put("namespace", namespace);
    }

    /** NamespaceLifecycle admission: the namespace must exist and not be terminating (A6.3, A6.4). */
    private void admitNamespace(ResourceType type, String namespace, String name) {
        StoredObject ns = store.get(type("", "v1", "namespaces"), null, namespace);
        if (ns == null) {
            throw ApiException.namespaceNotFound(namespace);
        }
        if (ns.node().path("metadata").has("deletionTimestamp")) {
            throw ApiException.forbidden(type, name, "unable to create new content in namespace " + namespace
                    + " because it is being terminated", List.of(new Cause("NamespaceTerminating",
                            "namespace " + namespace + " is being terminated", "metadata.namespace")));
        }
    }

    private String generateName(String prefix) {
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        StringBuilder sb = new StringBuilder(base);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Now, at second precision in RFC 3339 UTC, as metav1.Time serializes. */
    public String now() {
        return format(clock.instant());
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A {@code meta.k8s.io/v1 Table} of objects, with the columns a real server prints for the kind. */
    public ObjectNode table(ResourceType type, List<StoredObject> items, IncludeObject include) {
        List<ObjectNode> objects = items.stream().map(StoredObject::node).toList();
        if (type.isCustom()) {
            return Tables.customTable(type.custom().printerColumns(), objects, clock.instant(), include);
        }
        return Tables.table(type.group(), type.resource(), objects, clock.instant(), include);
    }

    /** The list object for a page: {@code {kind: <Kind>List, apiVersion, metadata{resourceVersion, continue?}}}. */
    public static ObjectNode listEnvelope(ListResult result) {
        ObjectNode list = Json.object();
        list.put("kind", result.type().listKind()).put("apiVersion", result.type().apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(result.page().resourceVersion()));
        if (result.continueToken() != null) {
            meta.put("continue", result.continueToken());
            meta.put("remainingItemCount", result.page().remaining());
        }
        return list;
    }
}
