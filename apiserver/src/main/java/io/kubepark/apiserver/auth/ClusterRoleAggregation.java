package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ClusterRole aggregation controller: whenever a ClusterRole changes, every ClusterRole with an
 * {@code aggregationRule} gets as its rules those of the ClusterRoles its selectors match.
 */
public final class ClusterRoleAggregation implements AutoCloseable {
    private final ApiServer api;
    private final ResourceType roles;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubepark-clusterrole-aggregation");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    public ClusterRoleAggregation(ApiServer api) {
        this.api = api;
        this.roles = api.type("rbac.authorization.k8s.io", "v1", "clusterroles");
        api.store().addCommitListener((type, event, previous, now) -> {
            if (type == roles && queued.compareAndSet(false, true)) {
                worker.execute(this::reconcile);
            }
        });
        worker.execute(this::reconcile);
    }

    private void reconcile() {
        queued.set(false);
        List<JsonNode> all = new ArrayList<>();
        for (StoredObject o : api.list(roles, null, new Params(Map.of())).page().items()) {
            all.add(o.node());
        }
        for (JsonNode role : all) {
            JsonNode selectors = role.path("aggregationRule").path("clusterRoleSelectors");
            if (!selectors.isArray() || selectors.isEmpty()) {
                continue;
            }
            List<JsonNode> rules = Rbac.aggregate(role, all);
            List<JsonNode> current = new ArrayList<>();
            role.path("rules").forEach(current::add);
            if (current.equals(rules)) {
                continue;
            }
            ObjectNode updated = role.deepCopy();
            var array = updated.putArray("rules");
            rules.forEach(array::add);
            try {
                api.update(roles, null, role.path("metadata").path("name").asText(), null, updated,
                        ApiServer.WriteOptions.DEFAULT);
            } catch (ApiException e) {
                // a conflict: another pass reads the role again
                if (e.code() == 409 && queued.compareAndSet(false, true)) {
                    worker.execute(this::reconcile);
                }
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
