package io.kubepark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubepark.Manifests;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.crd.CustomResourceDefinitions;
import io.kubepark.apiserver.persist.DataDir;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubepark export}: the objects of a cluster as YAML that {@code serve --import} takes back. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print the objects users made in a cluster as multi-document YAML, without events, leases, "
                + "what KubePark creates itself, uids, resourceVersions and status.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "Read from the running KubePark this kubeconfig points at.")
        Path kubeconfig;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Read the data dir of a stopped KubePark.")
        Path dataDir;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<ResourceType, List<ObjectNode>> objects;
        try {
            objects = source.dataDir != null ? DataDir.read(source.dataDir, ResourceRegistry.builtIn())
                    : fromServer(target(source.kubeconfig));
        } catch (IllegalStateException | IOException e) {
            err.println("kubepark: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.print(Manifests.export(objects));
        out.flush();
        return 0;
    }

    /** Where a kubeconfig points: the server, and the CA and bearer token to reach it with (each may be null). */
    record Target(String server, String caData, String token) {
        /** A client that trusts the kubeconfig's CA when it names one. */
        HttpClient client() throws IOException {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (caData != null) {
                try {
                    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                    trust.load(null, null);
                    trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(caData))));
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trust);
                    SSLContext ssl = SSLContext.getInstance("TLS");
                    ssl.init(null, tmf.getTrustManagers(), null);
                    builder.sslContext(ssl);
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new IOException("the kubeconfig's certificate-authority-data is not a certificate: "
                            + e.getMessage(), e);
                }
            }
            return builder.build();
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path));
            return token == null ? request : request.header("Authorization", "Bearer " + token);
        }
    }

    /** The cluster and user of the kubeconfig's current context (or its only cluster and user). */
    static Target target(Path kubeconfig) throws IOException {
        JsonNode config = new YAMLMapper().readTree(Files.readString(kubeconfig));
        String context = config.path("current-context").asText("");
        String cluster = null;
        String user = null;
        for (JsonNode c : config.path("contexts")) {
            if (c.path("name").asText().equals(context)) {
                cluster = c.path("context").path("cluster").asText();
                user = c.path("context").path("user").asText();
            }
        }
        JsonNode found = named(config.path("clusters"), cluster).path("cluster");
        String server = found.path("server").asText("");
        if (server.isEmpty()) {
            throw new IOException(kubeconfig + " names no server");
        }
        String token = named(config.path("users"), user).path("user").path("token").asText(null);
        return new Target(server.replaceAll("/+$", ""), found.path("certificate-authority-data").asText(null), token);
    }

    /** The entry called {@code name}, or the first one when no name is given; missing when none. */
    private static JsonNode named(JsonNode entries, String name) {
        for (JsonNode e : entries) {
            if (name == null || e.path("name").asText().equals(name)) {
                return e;
            }
        }
        return MissingNode.getInstance();
    }

    /** Every listable resource of the server: the built-in ones and those its CustomResourceDefinitions add. */
    private static Map<ResourceType, List<ObjectNode>> fromServer(Target target)
            throws IOException, InterruptedException {
        HttpClient http = target.client();
        List<ResourceType> types = new ArrayList<>(ResourceRegistry.builtIn().all());
        ResourceType crds = types.stream().filter(t -> t.storageKey().equals("apiextensions.k8s.io/"
                + "customresourcedefinitions")).findFirst().orElseThrow();
        for (ObjectNode crd : list(http, target, crds)) {
            types.addAll(CustomResourceDefinitions.types(crd));
        }
        Map<ResourceType, List<ObjectNode>> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (ResourceType t : types) {
            if (t.supports("list") && seen.add(t.storageKey())) {
                out.put(t, list(http, target, t));
            }
        }
        return out;
    }

    private static List<ObjectNode> list(HttpClient http, Target target, ResourceType type)
            throws IOException, InterruptedException {
        String path = (type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/") + type.version() + "/"
                + type.resource();
        HttpResponse<byte[]> response = http.send(target.request(path)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + target.server() + path + " answered " + response.statusCode());
        }
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : Json.parse(response.body()).path("items")) {
            if (item instanceof ObjectNode o) {
                o.put("apiVersion", type.apiVersion());
                o.put("kind", type.kind());
                items.add(o);
            }
        }
        return items;
    }
}
