package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.PodDisruptionBudgets;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Requeues;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The disruption controller (pkg/controller/disruption): keeps every PodDisruptionBudget's status — how many of its
 * pods are healthy, how many must be, how many may be disrupted now — for the eviction subresource to consult
 * (docs/workloads/disruption.md, rules 10–25). Budgets are indexed by namespace with their selectors, so that a pod's
 * change queues the budgets that select it without listing anything; a sync reads the budget's pods and their
 * controllers, asks {@link DisruptionPlanner} and hands the plan to {@link DisruptionApplier}. The expiry of a
 * {@code disruptedPods} entry and of a stale {@code DisruptionTarget} condition are timers on the timeline.
 */
public final class DisruptionController implements AutoCloseable {
    static final String ACTOR = "disruption-controller";

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType budgets;
    private final ResourceType pods;
    private final Owners owners;
    private final DisruptionApplier applier;
    private final EventRecorder podEvents;
    private final WorkQueue queue;
    private final WorkQueue stalePods;
    /** namespace → budget name → its selector, kept by the budgets' watch. */
    private final Map<String, Map<String, LabelSelector>> selectors = new ConcurrentHashMap<>();
    /** pod key → the budgets that selected it at its last event, so that a relabelled pod requeues them too. */
    private final Map<String, Set<String>> budgetsOfPod = new ConcurrentHashMap<>();
    /** The earliest recheck of each budget, one timer per budget. */
    private final Requeues rechecks;
    private final List<Store.Watch> watches = new ArrayList<>();

    public DisruptionController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.budgets = api.type("policy", "v1", "poddisruptionbudgets");
        this.pods = api.type("", "v1", "pods");
        this.owners = new StoreOwners(api);
        this.applier = new DisruptionApplier(api);
        this.podEvents = new EventRecorder(api, "controllermanager");
        this.queue = new WorkQueue(timeline, ACTOR, this::sync);
        this.rechecks = new Requeues(timeline, queue);
        this.stalePods = new WorkQueue(timeline, ACTOR, this::syncStalePod);
    }

    public void start() {
        watches.add(Watches.events(api, budgets, this::budgetChanged));
        watches.add(Watches.events(api, pods, this::podChanged));
    }

    private void budgetChanged(WatchEvent e) {
        StoredObject budget = e.object();
        Map<String, LabelSelector> inNamespace = selectors.computeIfAbsent(budget.namespace(),
                n -> new ConcurrentHashMap<>());
        if (e.type() == WatchEvent.Type.DELETED) {
            inNamespace.remove(budget.name());
        } else {
            inNamespace.put(budget.name(), PodDisruptionBudgets.selector(budget.node()));
        }
        queue.add(budget.namespace() + "/" + budget.name());
    }

    /** Rule 24: the budgets that select the pod now, and those that did before. */
    private void podChanged(WatchEvent e) {
        StoredObject pod = e.object();
        String key = pod.namespace() + "/" + pod.name();
        Set<String> matching = new TreeSet<>();
        selectors.getOrDefault(pod.namespace(), Map.of()).forEach((name, selector) -> {
            if (selector.matches(pod.labels())) {
                matching.add(name);
            }
        });
        Set<String> before = e.type() == WatchEvent.Type.DELETED || matching.isEmpty() ? budgetsOfPod.remove(key)
                : budgetsOfPod.put(key, matching);
        Set<String> touched = new TreeSet<>(matching);
        if (before != null) {
            touched.addAll(before);
        }
        touched.forEach(name -> queue.add(pod.namespace() + "/" + name));
        if (e.type() == WatchEvent.Type.DELETED) {
            return;
        }
        if (matching.size() > 1) {
            String chosen = matching.iterator().next();
            timeline.execute(() -> Actor.run(ACTOR, () -> multipleBudgets(pod, chosen)));
        }
        Instant stale = DisruptionPlanner.staleDisruptionAt(pod.node());
        if (stale != null) {
            timeline.scheduleAt(stale, () -> stalePods.add(key));
        }
    }

    /** getPdbForPod's warning when a pod matches several budgets. */
    private void multipleBudgets(StoredObject pod, String chosen) {
        try {
            podEvents.warning(pods, pod, "MultiplePodDisruptionBudgets", "Pod \"" + pod.namespace() + "\"/\""
                    + pod.name() + "\" matches multiple PodDisruptionBudgets.  Chose \"" + chosen + "\" arbitrarily.");
        } catch (ApiException ignored) {
            // the pod may be gone already
        }
    }

    /** One sync of {@code namespace/name}; false to retry with back-off. */
    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        StoredObject budget = api.store().get(budgets, namespace, key.substring(slash + 1));
        if (budget == null) {
            rechecks.cancel(key);
            return true;
        }
        LabelSelector selector = PodDisruptionBudgets.selector(budget.node());
        List<JsonNode> selected = new ArrayList<>();
        if (!selector.matchesNothing()) {
            Query query = new Query(namespace, selector.requiredValues(), o -> selector.matches(o.labels()));
            api.store().list(pods, query, 0, null).items().forEach(p -> selected.add(p.node()));
        }
        Instant now = timeline.now();
        BudgetPlan plan = DisruptionPlanner.plan(new BudgetSnapshot(budget.node(), selected, owners, now));
        boolean done = applier.apply(budget, plan);
        if (done && plan.recheckAt() != null) {
            // a millisecond after the expiry, since an entry lives until its expiry is before the clock
            rechecks.at(key, plan.recheckAt().plusMillis(1));
        }
        return done;
    }

    /** syncStalePodDisruption (rule 25): resets a DisruptionTarget condition nobody acted on. */
    boolean syncStalePod(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject pod = api.store().get(pods, namespace, name);
        if (pod == null) {
            return true;
        }
        Instant at = DisruptionPlanner.staleDisruptionAt(pod.node());
        if (at == null) {
            return true;
        }
        if (at.isAfter(timeline.now())) {
            timeline.scheduleAt(at, () -> stalePods.add(key));
            return true;
        }
        String now = api.now();
        try {
            api.modify(pods, namespace, name, "status", p -> {
                Instant still = DisruptionPlanner.staleDisruptionAt(p);
                if (still != null && !still.isAfter(timeline.now())) {
                    PodConditions.set(p, "DisruptionTarget", "False", null, null, now);
                }
                return p;
            });
            return true;
        } catch (ApiException e) {
            return e.code() == 404;
        }
    }

    @Override
    public void close() {
        queue.stop();
        stalePods.stop();
        watches.forEach(Store.Watch::close);
    }
}
