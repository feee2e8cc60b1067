package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Adopters;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.OwnerReferences;
import io.kubepark.controllers.runtime.Pods;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ReplicaSet controller (pkg/controller/replicaset), or the ReplicationController one
 * (pkg/controller/replication), around {@link ReplicaSetPlanner}. A change to a set, or to a pod it controls,
 * queues the set's key; an orphan pod queues itself on a second queue whose work, on the timeline, finds the
 * sets that may adopt it. A sync reads the namespace's pods and sets from the store, plans and applies.
 */
public final class ReplicaSetController implements AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ReplicaKind kind;
    private final ResourceType sets;
    private final ResourceType pods;
    private final ReplicaSetApplier applier;
    private final WorkQueue queue;
    private final WorkQueue orphans;
    private final List<Store.Watch> watches = new ArrayList<>();

    public ReplicaSetController(ApiServer api, Timeline timeline, ReplicaKind kind) {
        this.api = api;
        this.timeline = timeline;
        this.kind = kind;
        this.sets = api.type(kind.group(), kind.version(), kind.resource());
        this.pods = api.type("", "v1", "pods");
        this.applier = new ReplicaSetApplier(api, kind);
        this.queue = new WorkQueue(timeline, kind.queueName(), this::sync);
        this.orphans = new WorkQueue(timeline, kind.queueName(), this::orphanChanged);
    }

    public void start() {
        watches.add(Watches.events(api, sets, e -> queue.add(key(e.object()))));
        watches.add(Watches.events(api, pods, this::podChanged));
    }

    private static String key(StoredObject o) {
        return o.namespace() + "/" + o.name();
    }

    /** A pod's controlling set by name and uid (resolveControllerRef); an orphan goes to the orphan queue. */
    private void podChanged(WatchEvent event) {
        StoredObject pod = event.object();
        JsonNode ref = OwnerReferences.controllerOf(pod.node());
        if (ref == null) {
            if (event.type() != WatchEvent.Type.DELETED) {
                orphans.add(key(pod));
            }
            return;
        }
        if (!ref.path("kind").asText().equals(kind.kind())) {
            return;
        }
        StoredObject owner = api.store().get(sets, pod.namespace(), ref.path("name").asText());
        if (owner == null || !owner.uid().equals(ref.path("uid").asText())) {
            return;
        }
        queue.add(key(owner));
        requeueWhenAvailable(owner, pod);
    }

    /** R9: a Ready pod of a set with minReadySeconds makes the set sync again minReadySeconds + 1 s after. */
    private void requeueWhenAvailable(StoredObject set, StoredObject pod) {
        int minReady = set.node().path("spec").path("minReadySeconds").asInt(0);
        Instant since = Pods.readySince(pod.node());
        if (minReady <= 0 || since == null) {
            return;
        }
        Instant at = since.plusSeconds(minReady + 1L);
        if (at.isAfter(timeline.now())) {
            String key = key(set);
            timeline.scheduleAt(at, () -> queue.add(key));
        }
    }

    /** getPodReplicaSets: every set of the orphan's namespace whose selector matches it. */
    boolean orphanChanged(String podKey) {
        int slash = podKey.indexOf('/');
        String namespace = podKey.substring(0, slash);
        StoredObject pod = api.store().get(pods, namespace, podKey.substring(slash + 1));
        if (pod == null || OwnerReferences.controllerOf(pod.node()) != null) {
            return true;
        }
        Adopters.queueMatching(api, sets, namespace, pod.labels(), kind::selector, queue);
        return true;
    }

    /** One sync of {@code namespace/name}; false to retry with back-off. */
    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject set = api.store().get(sets, namespace, key.substring(slash + 1));
        if (set == null) {
            return true;
        }
        List<JsonNode> podList = Listings.nodesIn(api, pods, namespace);
        List<JsonNode> setList = Listings.nodesIn(api, sets, namespace);
        ReplicaSetPlan plan = ReplicaSetPlanner.plan(new ReplicaSetSnapshot(kind, set.node(), podList, setList,
                timeline.now()));
        boolean done = applier.apply(set, plan);
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
