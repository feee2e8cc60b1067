package io.kubepark.apiserver.openapi;

import io.kubepark.apiserver.openapi.Schemas.Gvk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The REST paths of served resources, in a neutral form that {@link OpenApi} renders as OpenAPI v3 and as
 * Swagger 2.0. Path names, operation ids, actions and parameters follow kube-apiserver's installer.
 */
final class Paths {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String STATUS = META + "Status";
    static final String DELETE_OPTIONS = META + "DeleteOptions";
    static final String PATCH = META + "Patch";
    static final String WATCH_EVENT = META + "WatchEvent";
    static final String API_RESOURCE_LIST = META + "APIResourceList";
    static final String API_VERSIONS = META + "APIVersions";
    static final String API_GROUP_LIST = META + "APIGroupList";
    static final String API_GROUP = META + "APIGroup";
    static final String VERSION_INFO = "io.k8s.apimachinery.pkg.version.Info";

    static final List<String> JSON_YAML_PB = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    static final List<String> WATCHABLE = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
            "application/vnd.kubernetes.protobuf;stream=watch");
    static final List<String> JSON_ONLY = List.of("application/json");
    static final List<String> ANY = List.of("*/*");
    static final List<String> LOG = List.of("text/plain", "application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml");

    /** A parameter; type is string, integer or boolean. */
    record Param(String name, String in, String type, boolean required, String description) {}

    /** A response: a schema that is a definition (ref) or a plain type, or neither. */
    record Response(String code, String description, String ref, String type) {}

    /** One operation. bodyRef/bodyType describe the request body, if any. */
    record Op(String method, String id, String description, String action, Gvk gvk, List<Param> params,
              String bodyRef, String bodyType, List<String> consumes, boolean bodyRequired,
              List<Response> responses, List<String> produces, String tag) {}

    /** One path with its path-level parameters and operations by method. */
    record PathItem(String path, List<Param> params, Map<String, Op> ops) {}

    // ------------------------------------------------------------------ parameters

    private static Param q(String name, String type, String description) {
        return new Param(name, "query", type, false, description);
    }

    static final Param PRETTY = q("pretty", "string", "If 'true', the output is pretty printed.");
    static final Param NAMESPACE = new Param("namespace", "path", "string", true,
            "namespace of the object; namespaces scope names, access and quota");
    static final Param DRY_RUN = q("dryRun", "string",
            "When present, the request is processed but nothing is persisted. Valid value: All (every dry-run stage runs).");
    static final Param FIELD_MANAGER = q("fieldManager", "string",
            "Name of the actor or entity making the change, at most 128 printable characters.");
    static final Param FIELD_MANAGER_PATCH = q("fieldManager", "string",
            "Name of the actor or entity making the change, at most 128 printable characters. Required for apply "
                    + "patches (application/apply-patch+yaml), optional for the other patch types.");
    static final Param FIELD_VALIDATION = q("fieldValidation", "string",
            "How the server treats unknown or duplicate fields in the request body: Ignore drops them silently, "
                    + "Warn (the default) drops them and returns a warning header for each, Strict fails the request "
                    + "with a BadRequest error listing them.");
    static final Param FORCE = q("force", "boolean",
            "Forces an apply request: conflicting fields owned by other managers are taken over. Must be unset for "
                    + "patches that are not apply patches.");
    static final Param GRACE_PERIOD = q("gracePeriodSeconds", "integer",
            "Seconds to wait before the object is deleted; zero deletes at once, unset uses the type's default.");
    static final Param IGNORE_STORE_READ_ERROR = q("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
            "Deletes an object whose stored data cannot be read or decoded, skipping finalizers and preconditions. "
                    + "Unsafe; defaults to false.");
    static final Param ORPHAN = q("orphanDependents", "boolean",
            "Deprecated in favour of propagationPolicy: whether dependents are orphaned (the orphan finalizer is "
                    + "added to or removed from the object).");
    static final Param PROPAGATION = q("propagationPolicy", "string",
            "How the garbage collector treats dependents: Orphan, Background or Foreground. The default comes from "
                    + "the object's finalizers and the resource type.");
    static final Param BOOKMARKS = q("allowWatchBookmarks", "boolean",
            "Asks for BOOKMARK events in a watch; servers send them at their discretion. Ignored unless watching.");
    static final Param CONTINUE = q("continue", "string",
            "The continue token of a previous list response with the same query, to fetch the next page. Not "
                    + "supported with watch.");
    static final Param FIELD_SELECTOR = q("fieldSelector", "string",
            "Restricts the returned objects by their fields. Defaults to everything.");
    static final Param LABEL_SELECTOR = q("labelSelector", "string",
            "Restricts the returned objects by their labels. Defaults to everything.");
    static final Param LIMIT = q("limit", "integer",
            "Maximum number of items to return; when more remain, the list metadata carries a continue token. "
                    + "Not supported with watch.");
    static final Param RESOURCE_VERSION = q("resourceVersion", "string",
            "Constrains the resource version the request may be served from. Defaults to unset.");
    static final Param RESOURCE_VERSION_MATCH = q("resourceVersionMatch", "string",
            "How resourceVersion applies to a list call: Exact or NotOlderThan. Defaults to unset.");
    static final Param SEND_INITIAL_EVENTS = q("sendInitialEvents", "boolean",
            "With watch=true, starts the stream with synthetic events for the current objects, followed by a "
                    + "bookmark annotated k8s.io/initial-events-end. Requires resourceVersionMatch=NotOlderThan.");
    static final Param TIMEOUT = q("timeoutSeconds", "integer",
            "Timeout for the list or watch call, regardless of activity.");
    static final Param WATCH = q("watch", "boolean",
            "Watch for changes to the described resources and stream them as add, update and remove "
                    + "notifications. Specify resourceVersion.");

    static final List<Param> LIST_PARAMS = List.of(BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT,
            RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT, WATCH);
    static final List<Param> WRITE_PARAMS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<Param> PATCH_PARAMS = List.of(DRY_RUN, FIELD_MANAGER_PATCH, FIELD_VALIDATION, FORCE);
    static final List<Param> DELETE_PARAMS = List.of(DRY_RUN, GRACE_PERIOD, IGNORE_STORE_READ_ERROR, ORPHAN,
            PROPAGATION);
    static final List<Param> DELETE_COLLECTION_PARAMS = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE_PERIOD,
            IGNORE_STORE_READ_ERROR, LABEL_SELECTOR, LIMIT, ORPHAN, PROPAGATION, RESOURCE_VERSION,
            RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT);

    private static Param name(String kind) {
        return new Param("name", "path", "string", true, "name of the " + kind);
    }

    static List<Param> sorted(List<Param> params) {
        List<Param> out = new ArrayList<>(params);
        out.sort(Comparator.comparing(Param::name).thenComparing(Param::in));
        return out;
    }

    private static List<Param> concat(List<Param> a, Param... b) {
        List<Param> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return sorted(out);
    }

    // ------------------------------------------------------------------ names

    /** {@code apps -> Apps}, {@code rbac.authorization.k8s.io -> RbacAuthorization}, core {@code "" -> Core}. */
    static String groupPart(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String g = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder b = new StringBuilder();
        for (String part : g.split("[.-]")) {
            b.append(ModelDocs.capitalize(part));
        }
        return b.toString();
    }

    /** Operation tag: {@code core_v1}, {@code apps_v1}, {@code rbacAuthorization_v1}. */
    static String tag(String group, String version) {
        String g = groupPart(group);
        return Character.toLowerCase(g.charAt(0)) + g.substring(1) + "_" + version;
    }

    static String prefix(String group, String version) {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    private static String article(String kind) {
        return "AEIOU".indexOf(Character.toUpperCase(kind.charAt(0))) >= 0 ? "an" : "a";
    }

    // ------------------------------------------------------------------ builders

    private final Schemas schemas;

    Paths(Schemas schemas) {
        this.schemas = schemas;
    }

    private final class Ctx {
        final OpenApi.Resource r;
        final String g;      // AppsV1
        final String tag;
        final Gvk gvk;
        final String kindRef;
        final String listRef;

        Ctx(OpenApi.Resource r) {
            this.r = r;
            this.g = groupPart(r.group()) + ModelDocs.capitalize(r.version());
            this.tag = tag(r.group(), r.version());
            this.gvk = new Gvk(r.group(), r.version(), r.kind());
            this.kindRef = schemas.definitionFor(r.group(), r.version(), r.kind());
            this.listRef = schemas.definitionFor(r.group(), r.version(), r.kind() + "List");
        }

        Op op(String method, String verb, String opKind, String description, String action, Gvk gvk,
              List<Param> params, String bodyRef, List<String> consumes, boolean bodyRequired,
              List<Response> responses, List<String> produces) {
            return new Op(method, verb + g + opKind, description, action, gvk, sorted(params), bodyRef, null,
                    consumes, bodyRequired, responses, produces, tag);
        }
    }

    private static List<Response> ok(String ref) {
        return List.of(new Response("200", "OK", ref, null), unauthorized());
    }

    private static List<Response> okCreated(String ref) {
        return List.of(new Response("200", "OK", ref, null), new Response("201", "Created", ref, null), unauthorized());
    }

    private static List<Response> okCreatedAccepted(String ref) {
        return List.of(new Response("200", "OK", ref, null), new Response("201", "Created", ref, null),
                new Response("202", "Accepted", ref, null), unauthorized());
    }

    private static List<Response> okAccepted(String ref) {
        return List.of(new Response("200", "OK", ref, null), new Response("202", "Accepted", ref, null), unauthorized());
    }

    private static Response unauthorized() {
        return new Response("401", "Unauthorized", null, null);
    }

    /** The discovery path of a group-version: {@code /apis/apps/v1/}. */
    PathItem discovery(String group, String version) {
        String g = groupPart(group) + ModelDocs.capitalize(version);
        Op op = new Op("get", "get" + g + "APIResources", "get available resources", null, null, List.of(), null, null,
                ANY, false, ok(API_RESOURCE_LIST), JSON_YAML_PB, tag(group, version));
        return item(prefix(group, version) + "/", List.of(), op);
    }

    PathItem coreVersions() {
        return item("/api/", List.of(), new Op("get", "getCoreAPIVersions", "get available API versions", null, null,
                List.of(), null, null, ANY, false, ok(API_VERSIONS), JSON_YAML_PB, "core"));
    }

    PathItem groups() {
        return item("/apis/", List.of(), new Op("get", "getAPIVersions", "get available API versions", null, null,
                List.of(), null, null, ANY, false, ok(API_GROUP_LIST), JSON_YAML_PB, "apis"));
    }

    PathItem group(String group) {
        String gp = groupPart(group);
        String t = Character.toLowerCase(gp.charAt(0)) + gp.substring(1);
        return item("/apis/" + group + "/", List.of(), new Op("get", "get" + gp + "APIGroup",
                "get information of a group", null, null, List.of(), null, null, ANY, false, ok(API_GROUP),
                JSON_YAML_PB, t));
    }

    PathItem version() {
        return item("/version/", List.of(), new Op("get", "getCodeVersion", "get the version information for this server",
                null, null, List.of(), null, null, JSON_ONLY, false, ok(VERSION_INFO), JSON_ONLY, "version"));
    }

    private static PathItem item(String path, List<Param> params, Op... ops) {
        Map<String, Op> byMethod = new TreeMap<>();
        for (Op op : ops) {
            if (op != null) {
                byMethod.put(op.method(), op);
            }
        }
        return new PathItem(path, sorted(params), byMethod);
    }

    /** Every path of one served resource, subresources included. */
    List<PathItem> resource(OpenApi.Resource r) {
        Ctx c = new Ctx(r);
        List<PathItem> out = new ArrayList<>();
        String kind = r.kind();
        String prefix = prefix(r.group(), r.version());
        boolean ns = r.namespaced();
        String opKind = (ns ? "Namespaced" : "") + kind;
        String collection = prefix + (ns ? "/namespaces/{namespace}/" : "/") + r.resource();
        String object = collection + "/{name}";
        List<Param> collectionParams = ns ? List.of(NAMESPACE, PRETTY) : List.of(PRETTY);
        List<Param> objectParams = ns ? List.of(name(kind), NAMESPACE, PRETTY) : List.of(name(kind), PRETTY);
        var verbs = r.verbs();

        Op list = verbs.contains("list") ? c.op("get", "list", opKind, "list or watch objects of kind " + kind, "list",
                c.gvk, LIST_PARAMS, null, ANY, false, ok(c.listRef), WATCHABLE) : null;
        Op create = verbs.contains("create") ? c.op("post", "create", opKind, "create " + article(kind) + " " + kind,
                "post", c.gvk, WRITE_PARAMS, c.kindRef, ANY, true, okCreatedAccepted(c.kindRef), JSON_YAML_PB) : null;
        Op deleteCollection = verbs.contains("deletecollection") ? c.op("delete", "deleteCollection", opKind,
                "delete collection of " + kind, "deletecollection", c.gvk, DELETE_COLLECTION_PARAMS, DELETE_OPTIONS,
                ANY, false, ok(STATUS), JSON_YAML_PB) : null;
        if (list != null || create != null || deleteCollection != null) {
            out.add(item(collection, collectionParams, list, create, deleteCollection));
        }

        Op read = verbs.contains("get") ? c.op("get", "read", opKind, "read the specified " + kind, "get", c.gvk,
                List.of(), null, ANY, false, ok(c.kindRef), JSON_YAML_PB) : null;
        Op replace = verbs.contains("update") ? c.op("put", "replace", opKind, "replace the specified " + kind, "put",
                c.gvk, WRITE_PARAMS, c.kindRef, ANY, true, okCreated(c.kindRef), JSON_YAML_PB) : null;
        Op patch = verbs.contains("patch") ? c.op("patch", "patch", opKind, "partially update the specified " + kind,
                "patch", c.gvk, PATCH_PARAMS, PATCH, PATCH_TYPES, true, okCreated(c.kindRef), JSON_YAML_PB) : null;
        Op delete = verbs.contains("delete") ? c.op("delete", "delete", opKind, "delete " + article(kind) + " " + kind,
                "delete", c.gvk, DELETE_PARAMS, DELETE_OPTIONS, ANY, false, okAccepted(STATUS), JSON_YAML_PB) : null;
        if (read != null || replace != null || patch != null || delete != null) {
            out.add(item(object, objectParams, read, replace, patch, delete));
        }

        if (ns && verbs.contains("list")) {
            out.add(item(prefix + "/" + r.resource(), concat(LIST_PARAMS, PRETTY),
                    c.op("get", "list", kind + "ForAllNamespaces", "list or watch objects of kind " + kind, "list",
                            c.gvk, List.of(), null, ANY, false, ok(c.listRef), WATCHABLE)));
        }
        if (verbs.contains("watch")) {
            String watchCollection = prefix + "/watch" + (ns ? "/namespaces/{namespace}/" : "/") + r.resource();
            out.add(item(watchCollection, ns ? concat(LIST_PARAMS, NAMESPACE, PRETTY) : concat(LIST_PARAMS, PRETTY),
                    c.op("get", "watch", opKind + "List", "watch individual changes to a list of " + kind
                                    + ". deprecated: use the 'watch' parameter with a list operation instead.",
                            "watchlist", c.gvk, List.of(), null, ANY, false, ok(WATCH_EVENT), WATCHABLE)));
            out.add(item(watchCollection + "/{name}",
                    ns ? concat(LIST_PARAMS, name(kind), NAMESPACE, PRETTY) : concat(LIST_PARAMS, name(kind), PRETTY),
                    c.op("get", "watch", opKind, "watch changes to an object of kind " + kind
                                    + ". deprecated: use the 'watch' parameter with a list operation instead, filtered "
                                    + "to a single item with the 'fieldSelector' parameter.",
                            "watch", c.gvk, List.of(), null, ANY, false, ok(WATCH_EVENT), WATCHABLE)));
            if (ns) {
                out.add(item(prefix + "/watch/" + r.resource(), concat(LIST_PARAMS, PRETTY),
                        c.op("get", "watch", kind + "ListForAllNamespaces", "watch individual changes to a list of "
                                        + kind + ". deprecated: use the 'watch' parameter with a list operation instead.",
                                "watchlist", c.gvk, List.of(), null, ANY, false, ok(WATCH_EVENT), WATCHABLE)));
            }
        }
        for (String sub : r.subresources()) {
            out.addAll(subresource(c, object, objectParams, opKind, sub));
        }
        return out;
    }

    private List<PathItem> subresource(Ctx c, String object, List<Param> objectParams, String opKind, String sub) {
        String kind = c.r.kind();
        String path = object + "/" + sub;
        String suffix = ModelDocs.capitalize(sub);
        List<Param> pathParams = objectParams;
        switch (sub) {
            case "scale": {
                Gvk gvk = new Gvk("autoscaling", "v1", "Scale");
                String ref = schemas.definitionFor("autoscaling", "v1", "Scale");
                return List.of(readReplacePatch(c, path, pathParams, opKind + suffix, "scale of", gvk, ref));
            }
            case "finalize":
                return List.of(item(path, pathParams,
                        c.op("put", "replace", opKind + suffix, "replace finalize of the specified " + kind, "put",
                                c.gvk, WRITE_PARAMS, c.kindRef, ANY, true, okCreated(c.kindRef), JSON_YAML_PB)));
            case "binding":
            case "eviction":
            case "token": {
                Gvk gvk = switch (sub) {
                    case "binding" -> new Gvk("", "v1", "Binding");
                    case "eviction" -> new Gvk("policy", "v1", "Eviction");
                    default -> new Gvk("authentication.k8s.io", "v1", "TokenRequest");
                };
                String ref = schemas.definitionFor(gvk.group(), gvk.version(), gvk.kind());
                Op post = c.op("post", "create", opKind + suffix, "create " + sub + " of " + article(kind) + " " + kind,
                        "post", gvk, WRITE_PARAMS, ref, ANY, true, okCreatedAccepted(ref), JSON_YAML_PB);
                return List.of(item(path, pathParams, post));
            }
            case "log": {
                List<Param> params = new ArrayList<>(pathParams);
                params.addAll(List.of(
                        q("container", "string", "The container to stream logs of. Defaults to the only container if "
                                + "the pod has one."),
                        q("follow", "boolean", "Follow the log stream of the pod. Defaults to false."),
                        q("insecureSkipTLSVerifyBackend", "boolean", "Skip verifying the serving certificate of the "
                                + "kubelet the logs are read from."),
                        q("limitBytes", "integer", "Number of bytes to read from the server before ending the log "
                                + "output."),
                        q("previous", "boolean", "Return the logs of the previous terminated container. Defaults to "
                                + "false."),
                        q("sinceSeconds", "integer", "Relative time in seconds before now from which to show logs."),
                        q("stream", "string", "Which stream to return: All (the default), Stdout or Stderr."),
                        q("tailLines", "integer", "Number of lines from the end of the log to show."),
                        q("timestamps", "boolean", "Prefix every line of output with an RFC3339 timestamp. Defaults "
                                + "to false.")));
                Op get = new Op("get", "read" + c.g + opKind + suffix, "read log of the specified " + kind, "get",
                        c.gvk, List.of(), null, null, ANY, false,
                        List.of(new Response("200", "OK", null, "string"), unauthorized()), LOG, c.tag);
                return List.of(item(path, params, get));
            }
            case "exec":
            case "attach":
            case "portforward":
            case "proxy":
                return connect(c, path, without(pathParams, "pretty"), opKind, sub);
            default:
                // status, approval, ephemeralcontainers, resize and anything else: read/replace/patch of the kind
                return List.of(readReplacePatch(c, path, pathParams, opKind + suffix, sub + " of", c.gvk, c.kindRef));
        }
    }

    private static List<Param> without(List<Param> params, String name) {
        List<Param> out = new ArrayList<>();
        for (Param p : params) {
            if (!p.name().equals(name)) {
                out.add(p);
            }
        }
        return out;
    }

    private PathItem readReplacePatch(Ctx c, String path, List<Param> params, String opKind, String what, Gvk gvk,
                                      String ref) {
        String kind = c.r.kind();
        return item(path, params,
                c.op("get", "read", opKind, "read " + what + " the specified " + kind, "get", gvk, List.of(), null,
                        ANY, false, ok(ref), JSON_YAML_PB),
                c.op("put", "replace", opKind, "replace " + what + " the specified " + kind, "put", gvk,
                        WRITE_PARAMS, ref, ANY, true, okCreated(ref), JSON_YAML_PB),
                c.op("patch", "patch", opKind, "partially update " + what + " the specified " + kind, "patch", gvk,
                        PATCH_PARAMS, PATCH, PATCH_TYPES, true, okCreated(ref), JSON_YAML_PB));
    }

    private List<PathItem> connect(Ctx c, String path, List<Param> objectParams, String opKind, String sub) {
        String kind = c.r.kind();
        String optionsKind = kind + switch (sub) {
            case "exec" -> "ExecOptions";
            case "attach" -> "AttachOptions";
            case "portforward" -> "PortForwardOptions";
            default -> "ProxyOptions";
        };
        Gvk gvk = new Gvk(c.r.group(), c.r.version(), optionsKind);
        List<Param> params = new ArrayList<>(objectParams);
        List<String> methods;
        String noun = switch (sub) {
            case "exec" -> "exec";
            case "attach" -> "attach";
            case "portforward" -> "portforward";
            default -> "proxy";
        };
        switch (sub) {
            case "exec" -> {
                params.add(q("command", "string", "Command to run; repeat the parameter for each argument."));
                params.add(q("container", "string", "Container in which to run the command. Defaults to the only "
                        + "container if the pod has one."));
                addStreams(params);
                methods = List.of("get", "post");
            }
            case "attach" -> {
                params.add(q("container", "string", "The container to attach to. Defaults to the only container if "
                        + "the pod has one."));
                addStreams(params);
                methods = List.of("get", "post");
            }
            case "portforward" -> {
                params.add(q("ports", "integer", "Ports to forward; required for WebSocket streams."));
                methods = List.of("get", "post");
            }
            default -> methods = List.of("delete", "get", "head", "options", "patch", "post", "put");
        }
        List<PathItem> out = new ArrayList<>();
        if (sub.equals("proxy")) {
            List<Param> withQuery = new ArrayList<>(params);
            withQuery.add(q("path", "string", "Path is the URL path to use for the current proxy request."));
            out.add(connectItem(c, path, withQuery, opKind, noun, gvk, methods, ""));
            List<Param> withPath = new ArrayList<>(params);
            withPath.add(new Param("path", "path", "string", true, "path to the resource"));
            out.add(connectItem(c, path + "/{path}", withPath, opKind, noun, gvk, methods, "WithPath"));
        } else {
            out.add(connectItem(c, path, params, opKind, noun, gvk, methods, ""));
        }
        return out;
    }

    private static void addStreams(List<Param> params) {
        params.add(q("stderr", "boolean", "Redirect the standard error stream of the container for this call."));
        params.add(q("stdin", "boolean", "Redirect the standard input stream of the container for this call."));
        params.add(q("stdout", "boolean", "Redirect the standard output stream of the container for this call."));
        params.add(q("tty", "boolean", "Allocate a terminal for this call."));
    }

    private PathItem connectItem(Ctx c, String path, List<Param> params, String opKind, String noun, Gvk gvk,
                                 List<String> methods, String idSuffix) {
        String kind = c.r.kind();
        List<Op> ops = new ArrayList<>();
        for (String m : methods) {
            String mm = ModelDocs.capitalize(m.toLowerCase(Locale.ROOT));
            ops.add(new Op(m, "connect" + c.g + mm + opKind + ModelDocs.capitalize(noun) + idSuffix,
                    "connect " + m.toUpperCase(Locale.ROOT) + " requests to " + noun + " of " + kind, "connect", gvk,
                    List.of(), null, null, ANY, false,
                    List.of(new Response("200", "OK", null, "string"), unauthorized()), ANY, c.tag));
        }
        return item(path, params, ops.toArray(new Op[0]));
    }
}
