package io.kubepark.apiserver.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A throw-away HTTP server for trying the documents with a real kubectl: serves /openapi/v3*, /openapi/v2,
 * /version and legacy discovery (/api, /api/v1, /apis, /apis/G/V) for the resources of resources.json; every
 * other request is logged and answered 404. Usage: java ... OpenApiDemoServer [port [object.json]], then
 * {@code kubectl --server http://127.0.0.1:PORT explain statefulsets.spec}. With object.json, every namespaced
 * object URL answers that object and request bodies are logged, so {@code kubectl apply} shows the strategic
 * merge patch it computes from the documents.
 */
public final class OpenApiDemoServer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        java.nio.file.Path existing = args.length > 1 ? java.nio.file.Path.of(args[1]) : null;
        List<OpenApi.Resource> resources = OpenApiTest.servedResources();
        OpenApi api = new OpenApi(resources);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            System.out.println(ex.getRequestMethod() + " " + ex.getRequestURI() + " Accept=" + ex.getRequestHeaders().getFirst("Accept"));
            try {
                if (path.equals("/openapi/v3")) {
                    send(ex, 200, api.v3Index());
                } else if (path.startsWith("/openapi/v3/")) {
                    byte[] doc = api.v3(path);
                    send(ex, doc == null ? 404 : 200, doc == null ? status(404, "NotFound") : doc);
                } else if (path.equals("/openapi/v2")) {
                    send(ex, 200, api.v2());
                } else if (path.equals("/version")) {
                    send(ex, 200, json(Map.of("major", "1", "minor", "33", "gitVersion", "v1.33.1", "platform", "linux/amd64")));
                } else if (path.equals("/api")) {
                    send(ex, 200, json(Map.of("kind", "APIVersions", "versions", List.of("v1"),
                            "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")))));
                } else if (path.equals("/apis")) {
                    Map<String, List<String>> groups = new TreeMap<>();
                    for (OpenApi.Resource r : resources) {
                        if (!r.group().isEmpty()) {
                            List<String> vs = groups.computeIfAbsent(r.group(), k -> new ArrayList<>());
                            if (!vs.contains(r.version())) {
                                vs.add(r.version());
                            }
                        }
                    }
                    List<Object> list = new ArrayList<>();
                    groups.forEach((g, vs) -> {
                        List<Object> versions = new ArrayList<>();
                        vs.forEach(v -> versions.add(Map.of("groupVersion", g + "/" + v, "version", v)));
                        list.add(Map.of("name", g, "versions", versions, "preferredVersion", versions.get(0)));
                    });
                    send(ex, 200, json(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", list)));
                } else if (path.matches("/apis?/.*/namespaces/[^/]+/[^/]+/[^/]+")
                        && existing != null) {
                    // an existing object for trying kubectl apply's strategic merge patch
                    byte[] body = ex.getRequestBody().readAllBytes();
                    if (body.length > 0) {
                        System.out.println("  " + ex.getRequestHeaders().getFirst("Content-Type") + " " + utf8(body));
                    }
                    send(ex, 200, java.nio.file.Files.readAllBytes(existing));
                } else if (path.startsWith("/api/") || path.startsWith("/apis/")) {
                    String gv = path.startsWith("/api/") ? path.substring(5) : path.substring(6);
                    List<Object> rs = new ArrayList<>();
                    for (OpenApi.Resource r : resources) {
                        String rgv = r.group().isEmpty() ? r.version() : r.group() + "/" + r.version();
                        if (rgv.equals(gv)) {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", r.resource());
                            m.put("singularName", r.kind().toLowerCase());
                            m.put("namespaced", r.namespaced());
                            m.put("kind", r.kind());
                            m.put("verbs", r.verbs());
                            rs.add(m);
                        }
                    }
                    if (rs.isEmpty()) {
                        send(ex, 404, status(404, "NotFound"));
                    } else {
                        send(ex, 200, json(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", gv, "resources", rs)));
                    }
                } else {
                    send(ex, 404, status(404, "NotFound"));
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
                send(ex, 500, status(500, "InternalError"));
            }
        });
        server.start();
        System.out.println("listening on " + port);
    }

    private static byte[] status(int code, String reason) {
        return json(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", reason, "code", code,
                "metadata", Map.of()));
    }

    private static byte[] json(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
