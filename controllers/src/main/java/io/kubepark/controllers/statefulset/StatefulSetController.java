package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StatefulSet controller (pkg/controller/statefulset): the wiring around {@link StatefulSetPlanner}. Changes to
 * a set, its pods, claims and ControllerRevisions queue the set's key; a sync reads the namespace's pods, claims
 * and revisions from the store, asks the planner what to do and hands the plan to {@link StatefulSetApplier}.
 */
public final class StatefulSetController implements AutoCloseable {
    private static final Pattern ORDINAL_NAME = Pattern.compile("(.*)-([0-9]+)$");

    private final ApiServer api;
    private final Timeline timeline;
    private final boolean maxUnavailableGate;
    private final ResourceType sets;
    private final ResourceType pods;
    private final ResourceType claims;
    private final ResourceType revisions;
    private final StatefulSetApplier applier;
    private final WorkQueue queue;
    private final List<Store.Watch> watches = new ArrayList<>();

    /** {@code maxUnavailableGate}: the MaxUnavailableStatefulSet feature gate, off by default in 1.31–1.33. */
    public StatefulSetController(ApiServer api, Timeline timeline, boolean maxUnavailableGate) {
        this.api = api;
        this.timeline = timeline;
        this.maxUnavailableGate = maxUnavailableGate;
        this.sets = api.type("apps", "v1", "statefulsets");
        this.pods = api.type("", "v1", "pods");
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.revisions = api.type("apps", "v1", "controllerrevisions");
        this.applier = new StatefulSetApplier(api);
        this.queue = new WorkQueue(timeline, "statefulset-controller", this::sync);
    }

    public void start() {
        watches.add(Watches.events(api, sets, e -> queue.add(e.object().namespace() + "/" + e.object().name())));
        watches.add(Watches.events(api, pods, e -> podChanged(e.object())));
        watches.add(Watches.events(api, revisions, e -> owner(e.object()).ifPresent(queue::add)));
        watches.add(Watches.events(api, claims, e -> claimChanged(e.object())));
    }


    /** A pod's controlling set, or for an orphan the set its name says it belongs to (rule 13). */
    private void podChanged(StoredObject pod) {
        var owner = owner(pod);
        if (owner.isPresent()) {
            queue.add(owner.get());
            requeueWhenAvailable(owner.get(), pod);
            return;
        }
        Matcher m = ORDINAL_NAME.matcher(pod.name());
        if (m.matches() && api.store().get(sets, pod.namespace(), m.group(1)) != null) {
            queue.add(pod.namespace() + "/" + m.group(1));
        }
    }

    /**
     * Rule 16: a pod that turned Ready counts as available {@code minReadySeconds} later, strictly; its set is synced
     * again one second after that.
     */
    private void requeueWhenAvailable(String key, StoredObject pod) {
        String since = null;
        for (JsonNode c : pod.node().path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                since = c.path("lastTransitionTime").asText(null);
            }
        }
        if (since == null) {
            return;
        }
        StoredObject set = api.store().get(sets, pod.namespace(), key.substring(key.indexOf('/') + 1));
        int minReady = set == null ? 0 : set.node().path("spec").path("minReadySeconds").asInt(0);
        if (minReady <= 0) {
            return;
        }
        try {
            Instant at = Instant.parse(since).plusSeconds(minReady + 1L);
            if (at.isAfter(timeline.now())) {
                timeline.scheduleAt(at, () -> queue.add(key));
            }
        } catch (RuntimeException e) {
            // an unreadable time: the periodic requeue of rule 16 still comes
        }
    }

    /** A claim named {@code <template>-<set>-<ordinal>}: every set of the namespace whose name it carries. */
    private void claimChanged(StoredObject claim) {
        Matcher m = ORDINAL_NAME.matcher(claim.name());
        if (!m.matches()) {
            return;
        }
        // a claim <template>-<set>-<ordinal>: the set's name is any tail of the prefix after a dash, looked up by key
        String prefix = m.group(1);
        for (int dash = prefix.indexOf('-'); dash >= 0; dash = prefix.indexOf('-', dash + 1)) {
            String set = prefix.substring(dash + 1);
            if (!set.isEmpty() && api.store().get(sets, claim.namespace(), set) != null) {
                queue.add(claim.namespace() + "/" + set);
            }
        }
    }

    private static java.util.Optional<String> owner(StoredObject o) {
        for (JsonNode ref : o.node().path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false) && ref.path("kind").asText().equals("StatefulSet")
                    && ref.path("apiVersion").asText().startsWith("apps/")) {
                return java.util.Optional.of(o.namespace() + "/" + ref.path("name").asText());
            }
        }
        return java.util.Optional.empty();
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
        Map<String, JsonNode> claimMap = new LinkedHashMap<>();
        for (StoredObject c : Listings.in(api, claims, namespace)) {
            claimMap.put(c.name(), c.node());
        }
        List<JsonNode> revisionList = Listings.nodesIn(api, revisions, namespace);
        SyncPlan plan = StatefulSetPlanner.plan(new SetSnapshot(set.node(), podList, claimMap, revisionList,
                timeline.now(), maxUnavailableGate));
        boolean done = applier.apply(set, plan);
        if (plan.requeueAfter() != null) {
            timeline.schedule(plan.requeueAfter(), () -> queue.add(key));
        }
        return done;
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
