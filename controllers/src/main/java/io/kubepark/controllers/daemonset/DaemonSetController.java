package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.ObjectMeta;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DaemonSet controller (pkg/controller/daemon): the wiring around {@link DaemonSetPlanner}. Changes to a set,
 * its pods and ControllerRevisions queue the set's key, and so do nodes that come or change in a way that matters to
 * a set (rule 4); a sync reads the namespace's pods and revisions and the nodes, asks the planner what to do and
 * hands the plan to {@link DaemonSetApplier}.
 *
 * <p>The watch callbacks read only the controller's own index of sets (their selector and placement), never the
 * store.
 */
public final class DaemonSetController implements AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType sets;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final ResourceType revisions;
    private final DaemonSetApplier applier;
    private final WorkQueue queue;
    private final List<Store.Watch> watches = new ArrayList<>();
    /** The sets by namespace and name, as the last watch event showed them. */
    private final Map<String, Map<String, Indexed>> index = new ConcurrentHashMap<>();
    /** The nodes as last seen, to tell what a node update changed. */
    private final Map<String, JsonNode> lastNodes = new ConcurrentHashMap<>();
    /** Failed-pod back-off (rule 12); touched only on the timeline's thread. */
    private final Map<String, Backoff.Entry> backoff = new HashMap<>();

    /** A set as the watch callbacks need it. */
    private record Indexed(String uid, JsonNode set, LabelSelector selector, Placement placement) {
        static Indexed of(StoredObject set) {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromLabelSelectorNode(set.node().path("spec").path("selector"));
            } catch (SelectorException e) {
                selector = LabelSelector.nothing();
            }
            return new Indexed(set.uid(), set.node(), selector, Placement.of(set.node()));
        }
    }

    public DaemonSetController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.sets = api.type("apps", "v1", "daemonsets");
        this.pods = api.type("", "v1", "pods");
        this.nodes = api.type("", "v1", "nodes");
        this.revisions = api.type("apps", "v1", "controllerrevisions");
        this.applier = new DaemonSetApplier(api);
        this.queue = new WorkQueue(timeline, "daemonset-controller", this::sync);
    }

    public void start() {
        watches.add(Watches.events(api, sets, this::setChanged));
        watches.add(Watches.events(api, pods, e -> podChanged(e.object())));
        watches.add(Watches.events(api, revisions, e -> ownerOrMatching(e.object())));
        watches.add(Watches.events(api, nodes, this::nodeChanged));
    }

    private void setChanged(WatchEvent e) {
        StoredObject set = e.object();
        Map<String, Indexed> inNamespace = index.computeIfAbsent(set.namespace(), n -> new ConcurrentHashMap<>());
        if (e.type() == WatchEvent.Type.DELETED) {
            inNamespace.remove(set.name());
        } else {
            inNamespace.put(set.name(), Indexed.of(set));
        }
        queue.add(set.namespace() + "/" + set.name());
    }

    /** A pod's controlling set; for an orphan, every set of its namespace whose selector matches it (rule 9). */
    private void podChanged(StoredObject pod) {
        String owner = ownerOrMatching(pod);
        if (owner != null) {
            requeueWhenAvailable(owner, pod);
        }
    }

    /**
     * Queues the set that controls the object, or for an object without a controller the sets that select it;
     * returns the controlling set's key, or null.
     */
    private String ownerOrMatching(StoredObject obj) {
        JsonNode ref = Refs.controllerOf(obj.node());
        Map<String, Indexed> inNamespace = index.getOrDefault(obj.namespace(), Map.of());
        if (ref != null) {
            Indexed set = Refs.controlledByDaemonSet(ref) ? inNamespace.get(ref.path("name").asText()) : null;
            if (set == null || !set.uid().equals(ref.path("uid").asText())) {
                return null;
            }
            String key = obj.namespace() + "/" + ref.path("name").asText();
            queue.add(key);
            return key;
        }
        Map<String, String> labels = ObjectMeta.labels(obj.node());
        inNamespace.forEach((name, set) -> {
            if (set.selector().matches(labels)) {
                queue.add(obj.namespace() + "/" + name);
            }
        });
        return null;
    }

    /** Rule 28: a pod that turned Ready syncs its set minReadySeconds + 1 s later. */
    private void requeueWhenAvailable(String key, StoredObject pod) {
        Instant since = DaemonPods.readySince(pod.node());
        if (since == null) {
            return;
        }
        Indexed set = index.getOrDefault(pod.namespace(), Map.of()).get(key.substring(key.indexOf('/') + 1));
        int minReady = set == null ? 0 : set.set().path("spec").path("minReadySeconds").asInt(0);
        if (minReady <= 0) {
            return;
        }
        Instant at = since.plusSeconds(minReady + 1L);
        if (at.isAfter(timeline.now())) {
            timeline.scheduleAt(at, () -> queue.add(key));
        }
    }

    /** Rule 4: a new node syncs the sets that should run on it; a changed one, those whose answer changed. */
    private void nodeChanged(WatchEvent e) {
        StoredObject node = e.object();
        if (e.type() == WatchEvent.Type.DELETED) {
            lastNodes.remove(node.name());
            return;
        }
        JsonNode before = lastNodes.put(node.name(), node.node());
        index.forEach((namespace, inNamespace) -> inNamespace.forEach((name, set) -> {
            Placement.Fit now = set.placement().fit(node.node());
            boolean changed = before == null ? now.shouldRun() : !now.equals(set.placement().fit(before));
            if (changed) {
                queue.add(namespace + "/" + name);
            }
        }));
    }

    /** One sync of {@code namespace/name}; false to retry with back-off. */
    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject set = api.store().get(sets, namespace, key.substring(slash + 1));
        Instant now = timeline.now();
        backoff.values().removeIf(entry -> Backoff.expired(entry, now));
        if (set == null) {
            return true;
        }
        DaemonSetPlan plan = DaemonSetPlanner.plan(new DaemonSetSnapshot(set.node(),
                Listings.nodesIn(api, pods, namespace),
                Listings.nodesIn(api, nodes, null),
                Listings.nodesIn(api, revisions, namespace),
                now, backoff));
        backoff.putAll(plan.backoff());
        boolean done = applier.apply(set, plan);
        if (plan.requeueAfter() != null) {
            timeline.schedule(plan.requeueAfter(), () -> queue.add(key));
        }
        return done && !plan.retry();
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
