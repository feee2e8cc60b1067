package io.kubepark;

import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.discovery.Discovery;
import io.kubepark.apiserver.http.HttpApi;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.store.Store;
import io.kubepark.controllers.apiextensions.CrdCleanupController;
import io.kubepark.controllers.garbagecollector.GarbageCollector;
import io.kubepark.controllers.namespace.NamespaceController;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running KubePark cluster: an API server on a local port with the controllers that give objects their
 * lifecycle. Start one with {@link #builder()}; close it to stop it. Nothing is static, so any number of clusters
 * can run side by side in one JVM.
 *
 * <pre>{@code
 * try (KubePark park = KubePark.builder().start()) {
 *     Files.writeString(kubeconfig, park.kubeconfig());
 *     // point any client at park.url()
 * }
 * }</pre>
 */
public final class KubePark implements AutoCloseable {
    private final KubeParkOptions options;
    private final Vertx vertx;
    private final HttpServer server;
    private final ApiServer api;
    private final ScheduledExecutorService controllers;
    private final NamespaceController namespaceController;
    private final GarbageCollector garbageCollector;
    private final CrdCleanupController crdCleanup;
    private volatile boolean ready;

    private KubePark(KubeParkOptions options) {
        this.options = options;
        // The control plane is built on its own thread while this one starts Vert.x and the HTTP server: both
        // are mostly class loading, which two cores do side by side.
        java.util.concurrent.CompletableFuture<ApiServer> building = new java.util.concurrent.CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                ApiServer built = new ApiServer(ResourceRegistry.builtIn(), new Store(options.historyLimit()),
                        options.clock());
                Bootstrap.apply(built);
                building.complete(built);
            } catch (RuntimeException | Error e) {
                building.completeExceptionally(e);
            }
        }, "kubepark-start");
        builder.start();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        HttpServerOptions httpOptions = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setCompressionSupported(true).setMaxWebSocketFrameSize(Integer.MAX_VALUE)
                .setMaxWebSocketMessageSize(Integer.MAX_VALUE);
        HttpServer created = vertx.createHttpServer(httpOptions);
        AtomicReference<HttpApi> handler = new AtomicReference<>();
        created.requestHandler(req -> {
            HttpApi h = handler.get();
            if (h == null) {
                req.response().setStatusCode(503).end();
            } else {
                h.handle(req);
            }
        });
        var listening = created.listen();
        this.api = join(building);
        ResourceRegistry registry = api.registry();
        this.controllers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubepark-controllers");
            t.setDaemon(true);
            return t;
        });
        this.namespaceController = new NamespaceController(api, controllers);
        namespaceController.start();
        this.garbageCollector = new GarbageCollector(api, controllers);
        garbageCollector.start();
        this.crdCleanup = new CrdCleanupController(api, controllers);
        crdCleanup.start();
        int port = await(listening).actualPort();
        Discovery discovery = new Discovery(registry, options.host() + ":" + port);
        handler.set(new HttpApi(vertx, api, discovery, () -> ready));
        this.server = created;
        this.ready = true;
    }

    /** A builder on loopback, a free port and wall time. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a cluster with the given options. */
    public static KubePark start(KubeParkOptions options) {
        return new KubePark(options);
    }

    public KubeParkOptions options() {
        return options;
    }

    /** The port the API server listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The API server's URL, such as {@code http://127.0.0.1:6443}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port();
    }

    /** A kubeconfig (context {@code kubepark}) that kubectl and every client use unchanged. */
    public String kubeconfig() {
        return Kubeconfig.render(url());
    }

    /** Writes {@link #kubeconfig()} to a file, creating its folders, and returns the file. */
    public Path writeKubeconfig(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, kubeconfig());
        return file;
    }

    /** The API, in process: the same write path as HTTP, without a socket. */
    public ApiServer api() {
        return api;
    }

    /** Stops serving and releases every thread. */
    @Override
    public void close() {
        ready = false;
        namespaceController.close();
        garbageCollector.close();
        crdCleanup.close();
        controllers.shutdownNow();
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            // closing is best effort
        }
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting KubePark", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("KubePark could not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("KubePark did not start within 60 s", e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting KubePark", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("KubePark could not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("KubePark did not start within 30 s", e);
        }
    }

    /** Options for a new cluster; {@link #start()} starts it. */
    public static final class Builder {
        private String host = KubeParkOptions.DEFAULT_HOST;
        private int port;
        private int historyLimit = KubeParkOptions.DEFAULT_HISTORY;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Address to listen on; loopback by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Events each resource keeps for watches that resume and lists that continue. */
        public Builder historyLimit(int events) {
            this.historyLimit = events;
            return this;
        }

        /** The clock of every timestamp; wall time by default. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public KubeParkOptions options() {
            return new KubeParkOptions(host, port, historyLimit, clock);
        }

        public KubePark start() {
            return KubePark.start(options());
        }
    }
}
