package io.kubepark.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.Bodies;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.auth.Access;
import io.kubepark.apiserver.auth.RequestAttributes;
import io.kubepark.apiserver.auth.UserInfo;
import io.kubepark.apiserver.discovery.Discovery;
import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.logs.ContainerLogs;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Translates HTTP to the API server and back. The event loop only parses, routes and writes: every call into the
 * store runs on a worker. Every failure, whatever its cause, is answered with a {@code Status}.
 */
public final class HttpApi implements Handler<HttpServerRequest> {
    private static final Logger LOG = Logger.getLogger(HttpApi.class.getName());
    private static final String JSON = "application/json";
    /** 1.33 deprecates core/v1 Endpoints; every request on them says so (B8). */
    static final String ENDPOINTS_DEPRECATED = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";
    /**
     * Paths every user may read whatever the authorizer says, as kube-apiserver's
     * {@code --authorization-always-allow-paths}: the park page, a static page whose data needs credentials.
     */
    private static final Set<String> ALWAYS_ALLOWED = Set.of("/ui");
    /**
     * Paths a request without credentials may read, as system:anonymous: health and version (which
     * system:public-info-viewer allows), and the always-allowed paths.
     */
    private static final Set<String> PUBLIC_INFO = Set.of("/healthz", "/livez", "/readyz", "/version", "/version/",
            "/ui");
    private static final Set<String> UNSUPPORTED_POD_SUBRESOURCES = Set.of("exec", "attach", "portforward", "proxy");
    /** Made on first use: YAML answers are rare, and the mapper costs a noticeable part of start-up. */
    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper();
    }
    private static final long OPENAPI_DELAY_MS = 3000;

    private final Vertx vertx;
    private final ApiServer api;
    private final Discovery discovery;
    private final Version version;
    private final BooleanSupplier ready;
    private final OpenApiEndpoint openApi;
    private final Faults faults = new Faults();
    private final Metrics metrics = new Metrics();
    private final ParkPage parkPage = new ParkPage();
    private final Access access;

    /** An API that lets every request in as the admin. */
    public HttpApi(Vertx vertx, ApiServer api, Discovery discovery, BooleanSupplier ready) {
        this(vertx, api, discovery, ready, Access.open());
    }

    /** An API whose requests {@code access} authenticates and authorizes. */
    public HttpApi(Vertx vertx, ApiServer api, Discovery discovery, BooleanSupplier ready, Access access) {
        this.access = access;
        this.vertx = vertx;
        this.api = api;
        this.discovery = discovery;
        this.version = new Version();
        this.ready = ready;
        this.openApi = new OpenApiEndpoint(api.registry());
        // The documents take about a second of CPU: made a little after start, so they never compete with the
        // first requests, and long before a client usually asks for them.
        vertx.setTimer(OPENAPI_DELAY_MS, t -> vertx.executeBlocking(() -> {
            openApi.documents().prepare();
            return null;
        }, false));
    }

    /** The errors a test injects into this API's answers. */
    public Faults faults() {
        return faults;
    }

    /**
     * A finished answer: status code, media type and body; {@code retryAfter}: the seconds of a {@code Retry-After}
     * header, or null for none.
     */
    record Reply(int code, String contentType, byte[] body, List<String> warnings, Integer retryAfter) {
        Reply(int code, String contentType, byte[] body) {
            this(code, contentType, body, List.of(), null);
        }

        static Reply json(int code, byte[] body) {
            return new Reply(code, JSON, body);
        }

        /** The same reply with {@code Warning: 299} headers for these messages. */
        Reply warning(List<String> messages) {
            return messages == null || messages.isEmpty() ? this
                    : new Reply(code, contentType, body, List.copyOf(messages), retryAfter);
        }
    }

    @Override
    public void handle(HttpServerRequest req) {
        try {
            List<String> segments = segments(req.path());
            String watchParam = req.getParam("watch");
            Metrics.Request tracked = metrics.start(RequestInfo.of(req.method().name(),
                    req.getHeader(HttpHeaders.CONTENT_TYPE), segments,
                    watchParam != null && (watchParam.isEmpty() || watchParam.equals("true") || watchParam.equals("1")),
                    req.getParam("dryRun") != null));
            HttpServerResponse response = req.response();
            response.endHandler(v -> tracked.finish(response.getStatusCode()));
            UserInfo user = access.authenticate(req.getHeader(HttpHeaders.AUTHORIZATION), peer(req));
            if (user == null) {
                if (req.getHeader(HttpHeaders.AUTHORIZATION) != null || !PUBLIC_INFO.contains(req.path())) {
                    throw ApiException.unauthorized();
                }
                // health and version stay readable without credentials, as system:public-info-viewer allows
                user = UserInfo.ANONYMOUS;
            }
            route(req, segments, tracked, user);
        } catch (ApiException e) {
            send(req, error(e));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed: " + req.method() + " " + req.uri(), e);
            send(req, error(ApiException.internal(String.valueOf(e.getMessage()))));
        }
    }

    /** The client certificate the TLS handshake verified, or none. */
    private List<java.security.cert.X509Certificate> peer(HttpServerRequest req) {
        if (access.isOpen() || !req.isSSL()) {
            return List.of();
        }
        try {
            List<java.security.cert.X509Certificate> certs = new ArrayList<>();
            for (var c : req.connection().peerCertificates()) {
                if (c instanceof java.security.cert.X509Certificate x) {
                    certs.add(x);
                }
            }
            return certs;
        } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
            return List.of();
        }
    }

    private void route(HttpServerRequest req, List<String> segments, Metrics.Request tracked, UserInfo user) {
        String first = segments.isEmpty() ? "" : segments.get(0);
        boolean resourcePath = (first.equals("api") && segments.size() > 2)
                || (first.equals("apis") && segments.size() > 3);
        if (!resourcePath && !ALWAYS_ALLOWED.contains(req.path())) {
            access.authorize(RequestAttributes.nonResource(user,
                    req.method().name().toLowerCase(java.util.Locale.ROOT), req.path()));
        }
        switch (first) {
            case "version" -> {
                onlyGet(req);
                send(req, Reply.json(200, version.bytes()));
            }
            case "healthz", "livez", "readyz" -> health(req, first, segments);
            case "openapi" -> openApi(req, segments.subList(1, segments.size()));
            case "api" -> api(req, segments.subList(1, segments.size()), tracked, user);
            case "apis" -> apis(req, segments.subList(1, segments.size()), tracked, user);
            case "metrics" -> {
                onlyGet(req);
                if (segments.size() > 1) {
                    throw ApiException.pathNotFound();
                }
                blocking(req, () -> new Reply(200, Metrics.CONTENT_TYPE,
                        metrics.render(storedObjects()).getBytes(StandardCharsets.UTF_8)));
            }
            case "ui" -> {
                onlyGet(req);
                if (segments.size() > 1) {
                    throw ApiException.pathNotFound();
                }
                blocking(req, () -> new Reply(200, "text/html; charset=utf-8", parkPage.html()));
            }
            default -> throw ApiException.pathNotFound();
        }
    }

    private void health(HttpServerRequest req, String which, List<String> segments) {
        onlyGet(req);
        boolean ok = !which.equals("readyz") || ready.getAsBoolean();
        if (segments.size() > 2 || (segments.size() == 2 && !Set.of("ping", "etcd", "log").contains(segments.get(1)))) {
            throw ApiException.pathNotFound();
        }
        String body;
        if (req.params().contains("verbose")) {
            body = "[+]ping ok\n[+]log ok\n[+]etcd ok\n" + (which.equals("readyz")
                    ? "[" + (ok ? "+" : "-") + "]informer-sync " + (ok ? "ok" : "failed: not ready") + "\n" : "")
                    + which + " check " + (ok ? "passed" : "failed") + "\n";
        } else {
            body = ok ? "ok" : "[-]informer-sync failed: not ready\n" + which + " check failed";
        }
        req.response().setStatusCode(ok ? 200 : 500).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff").end(body);
    }

    private void openApi(HttpServerRequest req, List<String> rest) {
        onlyGet(req);
        if (rest.isEmpty() || !(rest.get(0).equals("v2") || rest.get(0).equals("v3"))
                || (rest.get(0).equals("v2") && rest.size() > 1)) {
            throw ApiException.pathNotFound();
        }
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        String hash = req.getParam("hash");
        vertx.executeBlocking(() -> rest.get(0).equals("v2") ? openApi.v2(accept)
                : openApi.v3(rest.subList(1, rest.size()), hash), false).onComplete(ar -> {
                    if (ar.failed()) {
                        send(req, error(ar.cause() instanceof ApiException e ? e
                                : ApiException.internal(String.valueOf(ar.cause().getMessage()))));
                        return;
                    }
                    OpenApiEndpoint.Answer answer = ar.result();
                    HttpServerResponse response = req.response();
                    if (answer.redirect() != null) {
                        response.setStatusCode(301).putHeader(HttpHeaders.LOCATION, answer.redirect()).end();
                        return;
                    }
                    response.putHeader(HttpHeaders.ETAG, answer.etag()).putHeader("Vary", "Accept");
                    if (answer.immutable()) {
                        response.putHeader(HttpHeaders.CACHE_CONTROL, "public, immutable");
                        response.putHeader(HttpHeaders.EXPIRES, "Sat, 25 Nov 2124 00:00:00 GMT");
                    }
                    if (answer.etag().equals(req.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                        response.setStatusCode(304).end();
                        return;
                    }
                    response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                            .end(Buffer.buffer(answer.body()));
                });
    }

    /** How many objects of each resource are stored, by qualified resource name ({@code statefulsets.apps}). */
    private Map<String, Integer> storedObjects() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (var type : api.registry().all()) {
            if (type.supports("list")) { // bindings and reviews are never stored
                counts.putIfAbsent(type.qualifiedResource(), api.store().count(type));
            }
        }
        return counts;
    }

    private void api(HttpServerRequest req, List<String> rest, Metrics.Request tracked, UserInfo user) {
        if (rest.isEmpty()) {
            onlyGet(req);
            discoveryRoot(req, true);
            return;
        }
        if (!rest.get(0).equals("v1")) {
            throw ApiException.pathNotFound();
        }
        resources(req, "", "v1", rest.subList(1, rest.size()), tracked, user);
    }

    private void apis(HttpServerRequest req, List<String> rest, Metrics.Request tracked, UserInfo user) {
        if (rest.isEmpty()) {
            onlyGet(req);
            discoveryRoot(req, false);
            return;
        }
        if (rest.size() == 1) {
            onlyGet(req);
            byte[] group = discovery.group(rest.get(0));
            if (group == null) {
                throw ApiException.pathNotFound();
            }
            send(req, Reply.json(200, group));
            return;
        }
        resources(req, rest.get(0), rest.get(1), rest.subList(2, rest.size()), tracked, user);
    }

    private void discoveryRoot(HttpServerRequest req, boolean core) {
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("as=APIGroupDiscoveryList")) {
            boolean v2 = accept.contains("v=v2;") || accept.contains("v=v2,") || accept.endsWith("v=v2")
                    || firstAggregated(accept).equals("v2");
            byte[] body = discovery.aggregated(core, v2 ? "apidiscovery.k8s.io/v2" : "apidiscovery.k8s.io/v2beta1");
            String etag = Discovery.etag(body);
            HttpServerResponse response = req.response().putHeader(HttpHeaders.ETAG, etag)
                    .putHeader("Vary", "Accept");
            if (etag.equals(req.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                response.setStatusCode(304).end();
                return;
            }
            send(req, new Reply(200, v2 ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1, body));
            return;
        }
        send(req, Reply.json(200, core ? discovery.apiVersions() : discovery.groupList()));
    }

    private static String firstAggregated(String accept) {
        for (String part : accept.split(",")) {
            if (part.contains("as=APIGroupDiscoveryList")) {
                return part.contains("v=v2beta1") ? "v2beta1" : "v2";
            }
        }
        return "v2";
    }

    private void resources(HttpServerRequest req, String group, String ver, List<String> rest,
            Metrics.Request tracked, UserInfo user) {
        if (rest.isEmpty()) {
            onlyGet(req);
            byte[] list = discovery.resourceList(group, ver);
            if (list == null) {
                throw ApiException.pathNotFound();
            }
            send(req, Reply.json(200, list));
            return;
        }
        ResourcePath path = ResourcePath.parse(api.registry(), group, ver, rest);
        if (path.type().namespaced() && path.namespace() == null && path.name() != null) {
            throw ApiException.pathNotFound();
        }
        Params params = params(req);
        HttpMethod method = req.method();
        String verb = verb(method, path, params);
        access.authorize(RequestAttributes.resource(user, verb, path.type().group(), path.type().resource(),
                path.subresource(), path.namespace(), path.name()));
        ApiException injected = faults.check(verb, path.type(), path.subresource(), path.name());
        if (injected != null) {
            throw injected;
        }
        if (path.name() == null) {
            if (method == HttpMethod.GET && (path.watchPrefix() || params.flag("watch"))) {
                watch(req, path, params, tracked);
                return;
            }
        } else if (path.watchPrefix()) {
            if (method != HttpMethod.GET) {
                throw ApiException.methodNotAllowed(method.name());
            }
            Map<String, List<String>> values = new LinkedHashMap<>(params.values());
            values.put("fieldSelector", List.of("metadata.name=" + path.name()));
            watch(req, new ResourcePath(path.type(), path.namespace(), null, null, true), new Params(values), tracked);
            return;
        }
        if (path.name() != null && "log".equals(path.subresource()) && path.type().storageKey().equals("/pods")) {
            logs(req, path, params);
            return;
        }
        withBody(req, body -> blocking(req, () -> {
            // Reads take no write options: their parameters are neither parsed nor validated.
            ApiServer.WriteOptions options = method == HttpMethod.GET ? ApiServer.WriteOptions.DEFAULT
                    : ApiServer.WriteOptions.from(params, req.getHeader(HttpHeaders.USER_AGENT));
            String actor = options.fieldManager() == null ? "unknown client" : options.fieldManager();
            Reply reply = Actor.call(actor, () -> dispatch(req, method, path, params, body, options, user));
            List<String> warnings = options.warnings() == null ? new ArrayList<>() : new ArrayList<>(options.warnings());
            if (path.type().storageKey().equals("/endpoints")) {
                warnings.add(ENDPOINTS_DEPRECATED);
            }
            return reply.warning(warnings);
        }));
    }

    /** The request's verb as RBAC names it. */
    private static String verb(HttpMethod method, ResourcePath path, Params params) {
        boolean one = path.name() != null;
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return path.watchPrefix() || params.flag("watch") ? "watch" : one ? "get" : "list";
        }
        if (method == HttpMethod.POST) {
            return "create";
        }
        if (method == HttpMethod.PUT) {
            return "update";
        }
        if (method == HttpMethod.PATCH) {
            return "patch";
        }
        if (method == HttpMethod.DELETE) {
            return one ? "delete" : "deletecollection";
        }
        return method.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Reply dispatch(HttpServerRequest req, HttpMethod method, ResourcePath path, Params params, byte[] body,
            ApiServer.WriteOptions writeOptions, UserInfo user) {
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        var type = path.type();
        String ns = path.namespace();
        TableRequest table = TableRequest.of(req.getHeader(HttpHeaders.ACCEPT), params);
        if (path.name() == null) {
            if (method == HttpMethod.GET) {
                ApiServer.ListResult result = api.list(type, ns, params);
                if (table != null) {
                    ObjectNode t = table.stamp(api.table(type, result.page().items(), table.include()));
                    ObjectNode meta = t.putObject("metadata");
                    meta.put("resourceVersion", Long.toString(result.page().resourceVersion()));
                    if (result.continueToken() != null) {
                        meta.put("continue", result.continueToken());
                        meta.put("remainingItemCount", result.page().remaining());
                    }
                    return Reply.json(200, Json.bytes(t));
                }
                return list(result);
            }
            if (method == HttpMethod.POST) {
                if (type.namespaced() && ns == null) {
                    throw ApiException.methodNotAllowed("POST");
                }
                ObjectNode obj = Bodies.object(contentType, body);
                if (access.answers(type)) {
                    return Reply.json(201, Json.bytes(access.review(type, ns, obj, user)));
                }
                if (type.storageKey().equals("/bindings")) {
                    // POST .../bindings binds the pod the Binding names, like pods/{name}/binding
                    api.bind(ns, obj.path("metadata").path("name").asText(""), obj);
                    return Reply.json(201, Json.bytes(bindingSuccess()));
                }
                return object(201, api.create(type, ns, obj, writeOptions));
            }
            if (method == HttpMethod.DELETE) {
                DeleteOptions options = DeleteOptions.parse(body, params);
                List<StoredObject> deleted = api.deleteCollection(type, ns, params, options);
                return list(type.listKind(), type.apiVersion(), api.store().revision(), deleted);
            }
            throw ApiException.methodNotAllowed(method.name());
        }
        String name = path.name();
        String sub = path.subresource();
        if (sub == null || sub.equals("status")) {
            if (method == HttpMethod.GET) {
                if ("status".equals(sub) && !type.hasStatus()) {
                    throw ApiException.pathNotFound();
                }
                StoredObject o = api.get(type, ns, name);
                if (table != null && sub == null) {
                    ObjectNode t = table.stamp(api.table(type, List.of(o), table.include()));
                    t.putObject("metadata").put("resourceVersion", Long.toString(o.resourceVersion()));
                    return Reply.json(200, Json.bytes(t));
                }
                return object(200, o);
            }
            if (method == HttpMethod.PUT) {
                return object(200, api.update(type, ns, name, sub, Bodies.object(contentType, body),
                        writeOptions));
            }
            if (method == HttpMethod.PATCH) {
                return object(200, api.patch(type, ns, name, sub, contentType, body, writeOptions));
            }
            if (method == HttpMethod.DELETE && sub == null) {
                ApiServer.DeleteResult result = api.delete(type, ns, name, DeleteOptions.parse(body, params));
                if (result.gone()) {
                    return Reply.json(200, Json.bytes(success(type, result.object())));
                }
                return object(200, result.object());
            }
            throw ApiException.methodNotAllowed(method.name());
        }
        switch (sub) {
            case "scale" -> {
                if (type.subresource("scale").isEmpty()) {
                    throw ApiException.pathNotFound();
                }
                if (method == HttpMethod.GET) {
                    return Reply.json(200, Json.bytes(api.getScale(type, ns, name)));
                }
                ApiServer.WriteOptions options = writeOptions;
                if (method == HttpMethod.PUT) {
                    ObjectNode scale = Bodies.object(contentType, body);
                    String scaleName = Json.text(scale.path("metadata"), "name");
                    if (scaleName != null && !scaleName.equals(name)) {
                        throw ApiException.badRequest("the name of the object (" + scaleName
                                + ") does not match the name on the URL (" + name + ")");
                    }
                    return Reply.json(200, Json.bytes(api.updateScale(type, ns, name, current -> scale, options)));
                }
                if (method == HttpMethod.PATCH) {
                    return Reply.json(200, Json.bytes(api.updateScale(type, ns, name,
                            ApiServer.scalePatch(contentType, body), options)));
                }
                throw ApiException.methodNotAllowed(method.name());
            }
            case "binding" -> {
                if (!type.storageKey().equals("/pods")) {
                    throw ApiException.pathNotFound();
                }
                if (method != HttpMethod.POST) {
                    throw ApiException.methodNotAllowed(method.name());
                }
                api.bind(ns, name, Bodies.object(contentType, body));
                return Reply.json(201, Json.bytes(bindingSuccess()));
            }
            case "eviction" -> {
                if (!type.storageKey().equals("/pods")) {
                    throw ApiException.pathNotFound();
                }
                if (method != HttpMethod.POST) {
                    throw ApiException.methodNotAllowed(method.name());
                }
                api.evict(ns, name, Bodies.object(contentType, body), params);
                return Reply.json(201, Json.bytes(bindingSuccess()));
            }
            case "token" -> {
                if (!type.storageKey().equals("/serviceaccounts") || access.isOpen()) {
                    throw ApiException.pathNotFound();
                }
                if (method != HttpMethod.POST) {
                    throw ApiException.methodNotAllowed(method.name());
                }
                return Reply.json(201, Json.bytes(access.tokenRequest(ns, name, Bodies.object(contentType, body))));
            }
            case "finalize" -> {
                if (!type.storageKey().equals("/namespaces")) {
                    throw ApiException.pathNotFound();
                }
                if (method != HttpMethod.PUT) {
                    throw ApiException.methodNotAllowed(method.name());
                }
                return object(200, api.finalizeNamespace(name, Bodies.object(contentType, body)));
            }
            default -> {
                if (type.subresource(sub).isEmpty()) {
                    throw ApiException.pathNotFound();
                }
                if (type.storageKey().equals("/pods") && UNSUPPORTED_POD_SUBRESOURCES.contains(sub)) {
                    throw ApiException.badRequest("pods/" + sub + " is not supported: KubePark runs no containers");
                }
                throw ApiException.of(405, "MethodNotAllowed", type.resource() + "/" + sub
                        + " is not served by KubePark yet");
            }
        }
    }

    /** What a successful binding or eviction answers: a bare Success Status. */
    private static ObjectNode bindingSuccess() {
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success").put("code", 201);
        return status;
    }

    private static ObjectNode success(io.kubepark.apiserver.registry.ResourceType type, StoredObject deleted) {
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", deleted.name());
        if (!type.group().isEmpty()) {
            details.put("group", type.group());
        }
        details.put("kind", type.resource());
        details.put("uid", deleted.uid());
        return status;
    }

    // ---------------------------------------------------------------- watch

    /**
     * {@code GET pods/{name}/log} as plain text: {@code container}, {@code previous}, {@code tailLines},
     * {@code timestamps}, {@code sinceSeconds}; with {@code follow} the response stays open and carries new lines
     * until the container stops or the client goes.
     */
    private void logs(HttpServerRequest req, ResourcePath path, Params params) {
        onlyGet(req);
        boolean follow = params.flag("follow");
        boolean timestamps = params.flag("timestamps");
        long tail = longParam(params, "tailLines", -1);
        long sinceSeconds = longParam(params, "sinceSeconds", -1);
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> api.logInstance(path.namespace(), path.name(), params.get("container"),
                params.flag("previous")), false).onComplete(ar -> {
                    if (ar.failed()) {
                        send(req, error(ar.cause() instanceof ApiException e ? e
                                : ApiException.internal(String.valueOf(ar.cause().getMessage()))));
                        return;
                    }
                    Instant since = sinceSeconds < 0 ? null : Instant.parse(api.now()).minusSeconds(sinceSeconds);
                    HttpServerResponse response = req.response();
                    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, private");
                    Consumer<List<ContainerLogs.Line>> first = lines -> {
                        List<ContainerLogs.Line> shown = lines.stream()
                                .filter(l -> since == null || !l.time().isBefore(since)).toList();
                        if (tail >= 0 && shown.size() > tail) {
                            shown = shown.subList(shown.size() - (int) tail, shown.size());
                        }
                        StringBuilder text = new StringBuilder();
                        shown.forEach(l -> text.append(render(l, timestamps)));
                        context.runOnContext(v -> {
                            response.setStatusCode(200);
                            response.write(text.toString());
                        });
                    };
                    if (!follow) {
                        first.accept(api.logs().lines(ar.result()));
                        context.runOnContext(v -> response.end());
                        return;
                    }
                    AutoCloseable handle = api.logs().follow(ar.result(), first, new ContainerLogs.Follower() {
                        @Override
                        public void line(ContainerLogs.Line line) {
                            context.runOnContext(v -> {
                                if (!response.ended() && !response.closed()) {
                                    response.write(render(line, timestamps));
                                }
                            });
                        }

                        @Override
                        public void ended() {
                            context.runOnContext(v -> {
                                if (!response.ended() && !response.closed()) {
                                    response.end();
                                }
                            });
                        }
                    });
                    response.closeHandler(v -> {
                        try {
                            handle.close();
                        } catch (Exception e) {
                            LOG.log(Level.FINE, "closing a log follower failed", e);
                        }
                    });
                });
    }

    private static String render(ContainerLogs.Line line, boolean timestamps) {
        String text = line.text().endsWith("\n") ? line.text() : line.text() + "\n";
        return timestamps ? DateTimeFormatter.ISO_INSTANT.format(line.time()) + " " + text : text;
    }

    private static long longParam(Params params, String name, long fallback) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw ApiException.badRequest(name + ": Invalid value: " + n + ": must be greater than or equal to 0");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid " + name + " \"" + value + "\": not an integer");
        }
    }

    private void watch(HttpServerRequest req, ResourcePath path, Params params, Metrics.Request tracked) {
        Context context = vertx.getOrCreateContext();
        boolean websocket = "websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE));
        long timeout = ApiServer.watchTimeoutSeconds(params);
        long seconds = timeout > 0 ? timeout : ThreadLocalRandom.current().nextLong(1800, 3600);
        boolean bookmarks = params.flag("allowWatchBookmarks");
        if (websocket) {
            req.toWebSocket().onSuccess(ws -> startWatch(context, req.getHeader(HttpHeaders.ACCEPT), path, params, seconds, bookmarks, websocket(ws),
                    ws::closeHandler, () -> tracked.finish(101))).onFailure(e -> {
                        tracked.finish(400);
                        LOG.log(Level.FINE, "websocket upgrade failed", e);
                    });
            return;
        }
        HttpServerResponse response = req.response();
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, private");
        startWatch(context, req.getHeader(HttpHeaders.ACCEPT), path, params, seconds, bookmarks, chunked(response),
                response::closeHandler, () -> tracked.finish(response.getStatusCode()));
    }

    private void startWatch(Context context, String accept, ResourcePath path, Params params, long seconds,
            boolean bookmarks,
            WatchStream.Transport transport, java.util.function.Consumer<Handler<Void>> closeHandler,
            Runnable finished) {
        WatchStream stream = new WatchStream(path.type(), context, transport);
        TableRequest table = TableRequest.of(accept, params);
        if (table != null) {
            stream.render(o -> Json.bytes(table.stamp(api.table(path.type(), List.of(o), table.include()))));
        }
        vertx.executeBlocking(() -> {
            stream.allowInitial(api.store().count(path.type()));
            return api.watch(path.type(), path.namespace(), params, stream);
        }, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        Throwable cause = ar.cause();
                        ApiException e = cause instanceof ApiException a ? a
                                : ApiException.internal(String.valueOf(cause.getMessage()));
                        if (e.code() == 410) {
                            stream.fail(e.toStatus());
                        } else {
                            transport.writeError(e);
                        }
                        finished.run();
                        return;
                    }
                    Store.Watch watch = ar.result();
                    transport.begin();
                    if (faults.takeWatchExpiry(path.type())) {
                        watch.close();
                        stream.fail(ApiException.expired("too old resource version: injected fault").toStatus());
                        finished.run();
                        return;
                    }
                    faults.opened(stream);
                    long timer = vertx.setTimer(seconds * 1000, t -> stream.finish(api.store().revision(), bookmarks));
                    stream.onClose(() -> {
                        finished.run();
                        faults.closed(stream);
                        vertx.cancelTimer(timer);
                        watch.close();
                    });
                    closeHandler.accept(v -> stream.close());
                });
    }

    private WatchStream.Transport chunked(HttpServerResponse response) {
        return new WatchStream.Transport() {
            @Override
            public void write(Buffer event) {
                if (!response.ended() && !response.closed()) {
                    response.write(event.appendString("\n"));
                }
            }

            @Override
            public boolean writeQueueFull() {
                return response.writeQueueFull();
            }

            @Override
            public void drainHandler(Runnable r) {
                response.drainHandler(v -> r.run());
            }

            @Override
            public void end() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }

            @Override
            public void begin() {
                if (!response.headWritten() && !response.ended() && !response.closed()) {
                    response.writeHead();
                }
            }

            @Override
            public void writeError(ApiException e) {
                if (!response.headWritten()) {
                    response.setChunked(false).setStatusCode(e.code()).end(Buffer.buffer(Json.bytes(e.toStatus())));
                } else {
                    end();
                }
            }
        };
    }

    private static WatchStream.Transport websocket(ServerWebSocket ws) {
        return new WatchStream.Transport() {
            @Override
            public void write(Buffer event) {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(event.toString(StandardCharsets.UTF_8));
                }
            }

            @Override
            public boolean writeQueueFull() {
                return ws.writeQueueFull();
            }

            @Override
            public void drainHandler(Runnable r) {
                ws.drainHandler(v -> r.run());
            }

            @Override
            public void end() {
                if (!ws.isClosed()) {
                    ws.close();
                }
            }

            @Override
            public void begin() {
                // the handshake already answered the request
            }

            @Override
            public void writeError(ApiException e) {
                if (!ws.isClosed()) {
                    ws.writeTextMessage("{\"type\":\"ERROR\",\"object\":" + Json.string(e.toStatus()) + "}");
                    ws.close();
                }
            }
        };
    }

    // ---------------------------------------------------------------- plumbing

    private interface Work {
        Reply run();
    }

    private void blocking(HttpServerRequest req, Work work) {
        vertx.executeBlocking(work::run, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(req, ar.result());
            } else if (ar.cause() instanceof ApiException e) {
                send(req, error(e));
            } else {
                LOG.log(Level.WARNING, "request failed: " + req.method() + " " + req.uri(), ar.cause());
                send(req, error(ApiException.internal(String.valueOf(ar.cause().getMessage()))));
            }
        });
    }

    /** Reads the whole body, refusing more than {@link Bodies#MAX_BODY} bytes with a 413. */
    private void withBody(HttpServerRequest req, java.util.function.Consumer<byte[]> then) {
        if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
            then.accept(new byte[0]);
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > Bodies.MAX_BODY) {
                    refuseLargeBody(req);
                    return;
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid Content-Length");
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = new boolean[1];
        req.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > Bodies.MAX_BODY) {
                tooLarge[0] = true;
                refuseLargeBody(req);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> LOG.log(Level.FINE, "request body failed", e));
        req.endHandler(v -> {
            if (!tooLarge[0]) {
                try {
                    then.accept(body.getBytes());
                } catch (ApiException e) {
                    send(req, error(e));
                }
            }
        });
    }

    private void refuseLargeBody(HttpServerRequest req) {
        Reply reply = error(ApiException.tooLarge());
        req.response().setStatusCode(reply.code()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CONNECTION, "close").end(Buffer.buffer(reply.body()));
    }

    private void send(HttpServerRequest req, Reply reply) {
        HttpServerResponse response = req.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        byte[] body = reply.body();
        String contentType = reply.contentType();
        if (JSON.equals(contentType) && accept != null && wantsYaml(accept)) {
            try {
                body = Yaml.MAPPER.writeValueAsBytes(Json.parse(body));
                contentType = "application/yaml";
            } catch (java.io.IOException e) {
                // the JSON form is always acceptable
            }
        }
        for (String warning : reply.warnings()) {
            response.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
        if (reply.retryAfter() != null && reply.retryAfter() > 0) {
            // as ErrorNegotiated: only a Status that suggests a delay gets the header (client-go then retries itself)
            response.putHeader("Retry-After", Integer.toString(reply.retryAfter()));
        }
        response.setStatusCode(reply.code()).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader("Cache-Control", "no-cache, private").end(Buffer.buffer(body));
    }

    private static boolean wantsYaml(String accept) {
        String first = accept.split(",")[0].trim();
        return first.startsWith("application/yaml");
    }

    private static Reply error(ApiException e) {
        return new Reply(e.code(), JSON, Json.bytes(e.toStatus()), List.of(), e.retryAfterSeconds());
    }

    private static Reply object(int code, StoredObject o) {
        return Reply.json(code, o.bytes());
    }

    private static Reply list(ApiServer.ListResult result) {
        return new Reply(200, JSON, listBytes(ApiServer.listEnvelope(result), result.page().items()));
    }

    private static Reply list(String kind, String apiVersion, long revision, List<StoredObject> items) {
        ObjectNode envelope = Json.object();
        envelope.put("kind", kind).put("apiVersion", apiVersion);
        envelope.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return new Reply(200, JSON, listBytes(envelope, items));
    }

    /** Splices the items' cached bytes into the list envelope without re-serializing them. */
    private static byte[] listBytes(ObjectNode envelope, List<StoredObject> items) {
        byte[] head = Json.bytes(envelope);
        int size = head.length + 12;
        for (StoredObject o : items) {
            size += o.bytes().length + 1;
        }
        Buffer b = Buffer.buffer(size);
        b.appendBytes(head, 0, head.length - 1).appendString(",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.appendByte((byte) ',');
            }
            b.appendBytes(items.get(i).bytes());
        }
        b.appendString("]}");
        return b.getBytes();
    }

    private static void onlyGet(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            throw ApiException.methodNotAllowed(req.method().name());
        }
    }

    private static Params params(HttpServerRequest req) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : req.params()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return new Params(values);
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
