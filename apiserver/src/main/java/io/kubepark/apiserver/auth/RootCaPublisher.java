package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The root CA publisher: every namespace that is not terminating has the ConfigMap {@code kube-root-ca.crt} with
 * the cluster's CA as {@code ca.crt}, which the {@code kube-api-access-…} volume of every pod projects. Deleted,
 * it comes back.
 */
public final class RootCaPublisher implements AutoCloseable {
    public static final String NAME = "kube-root-ca.crt";
    private final ApiServer api;
    private final String caPem;
    private final ResourceType namespaces;
    private final ResourceType configMaps;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubepark-root-ca-publisher");
        t.setDaemon(true);
        return t;
    });

    public RootCaPublisher(ApiServer api, String caPem) {
        this.api = api;
        this.caPem = caPem;
        this.namespaces = api.type("", "v1", "namespaces");
        this.configMaps = api.type("", "v1", "configmaps");
        api.store().addCommitListener((type, event, previous, now) -> {
            if (type == namespaces && event == WatchEvent.Type.ADDED) {
                String ns = now.name();
                worker.execute(() -> publish(ns));
            } else if (type == configMaps && event == WatchEvent.Type.DELETED && NAME.equals(previous.name())) {
                String ns = previous.namespace();
                worker.execute(() -> publish(ns));
            }
        });
        for (StoredObject ns : api.list(namespaces, null, new Params(Map.of())).page().items()) {
            publish(ns.name());
        }
    }

    private void publish(String namespace) {
        StoredObject ns = api.store().get(namespaces, null, namespace);
        if (ns == null || ns.node().path("metadata").has("deletionTimestamp")
                || api.store().get(configMaps, namespace, NAME) != null) {
            return;
        }
        ObjectNode cm = Json.object();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", NAME).putObject("annotations").put("kubernetes.io/description",
                "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
                        + "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed "
                        + "across distributions of Kubernetes clusters.");
        cm.putObject("data").put("ca.crt", caPem);
        try {
            api.create(configMaps, namespace, cm, ApiServer.WriteOptions.DEFAULT);
        } catch (ApiException e) {
            // created meanwhile, or the namespace began terminating: nothing to publish
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
