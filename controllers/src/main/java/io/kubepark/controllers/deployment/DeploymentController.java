package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Adopters;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.OwnerReferences;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The Deployment controller (pkg/controller/deployment): the wiring around {@link DeploymentPlanner} (rule D1).
 * Deployments queue their key; a ReplicaSet queues its controlling deployment, found by name and uid; an orphan
 * ReplicaSet queues itself on a second queue whose work, on the timeline, finds the deployments that may adopt
 * it; a deleted pod of a Recreate deployment queues that deployment. A sync reads the namespace's ReplicaSets
 * and pods from the store, plans, applies, and schedules the progress check the plan asks for.
 */
public final class DeploymentController implements AutoCloseable {
    static final String QUEUE = "deployment-controller";

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType deployments;
    private final ResourceType replicaSets;
    private final ResourceType pods;
    private final DeploymentApplier applier;
    private final WorkQueue queue;
    private final WorkQueue orphans;
    private final List<Store.Watch> watches = new ArrayList<>();

    public DeploymentController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.deployments = api.type("apps", "v1", "deployments");
        this.replicaSets = api.type("apps", "v1", "replicasets");
        this.pods = api.type("", "v1", "pods");
        this.applier = new DeploymentApplier(api);
        this.queue = new WorkQueue(timeline, QUEUE, this::sync);
        this.orphans = new WorkQueue(timeline, QUEUE, this::orphanChanged);
    }

    public void start() {
        watches.add(Watches.events(api, deployments, e -> queue.add(key(e.object()))));
        watches.add(Watches.events(api, replicaSets, this::replicaSetChanged));
        watches.add(Watches.events(api, pods, this::podChanged));
    }

    private static String key(StoredObject o) {
        return o.namespace() + "/" + o.name();
    }

    private void replicaSetChanged(WatchEvent event) {
        StoredObject rs = event.object();
        StoredObject owner = controllingDeployment(rs);
        if (owner != null) {
            queue.add(key(owner));
        } else if (OwnerReferences.controllerOf(rs.node()) == null && event.type() != WatchEvent.Type.DELETED) {
            orphans.add(key(rs));
        }
    }

    /** deletePod: a Recreate deployment waits for its old pods to go (rule D12). */
    private void podChanged(WatchEvent event) {
        if (event.type() != WatchEvent.Type.DELETED) {
            return;
        }
        StoredObject pod = event.object();
        JsonNode ref = OwnerReferences.controllerOf(pod.node());
        if (ref == null || !ref.path("kind").asText().equals("ReplicaSet")) {
            return;
        }
        StoredObject rs = api.store().get(replicaSets, pod.namespace(), ref.path("name").asText());
        if (rs == null || !rs.uid().equals(ref.path("uid").asText())) {
            return;
        }
        StoredObject owner = controllingDeployment(rs);
        if (owner != null && Rollouts.isRecreate(owner.node())) {
            queue.add(key(owner));
        }
    }

    /** resolveControllerRef: the deployment a ReplicaSet's controller reference names, uid checked. */
    private StoredObject controllingDeployment(StoredObject rs) {
        JsonNode ref = OwnerReferences.controllerOf(rs.node());
        if (ref == null || !ref.path("kind").asText().equals("Deployment")) {
            return null;
        }
        StoredObject d = api.store().get(deployments, rs.namespace(), ref.path("name").asText());
        return d != null && d.uid().equals(ref.path("uid").asText()) ? d : null;
    }

    /** getDeploymentsForReplicaSet: the deployments of the orphan's namespace whose selector matches it. */
    boolean orphanChanged(String rsKey) {
        int slash = rsKey.indexOf('/');
        String namespace = rsKey.substring(0, slash);
        StoredObject rs = api.store().get(replicaSets, namespace, rsKey.substring(slash + 1));
        if (rs == null || OwnerReferences.controllerOf(rs.node()) != null || rs.labels().isEmpty()) {
            return true;
        }
        Adopters.queueMatching(api, deployments, namespace, rs.labels(),
                d -> LabelSelector.fromLabelSelectorNode(d.path("spec").path("selector")), queue);
        return true;
    }

    /** One sync of {@code namespace/name}; false to retry with back-off. */
    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject d = api.store().get(deployments, namespace, key.substring(slash + 1));
        if (d == null) {
            return true;
        }
        // pods matter to the Recreate strategy only: a RollingUpdate sync lists none
        List<JsonNode> podList = Rollouts.isRecreate(d.node()) ? Listings.nodesIn(api, pods, namespace) : List.of();
        DeploymentPlan plan = DeploymentPlanner.plan(new DeploymentSnapshot(d.node(),
                Listings.nodesIn(api, replicaSets, namespace), podList, timeline.now()));
        boolean done = applier.apply(d, plan);
        if (done && plan.requeueAfter() != null) {
            timeline.schedule(plan.requeueAfter(), () -> queue.add(key));
        }
        return done;
    }

    @Override
    public void close() {
        queue.stop();
        orphans.stop();
        watches.forEach(Store.Watch::close);
    }
}
