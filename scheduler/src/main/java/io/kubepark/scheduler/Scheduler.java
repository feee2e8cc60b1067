package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.EventRecorder;
import io.kubepark.controllers.runtime.Watches;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's loop around {@link Framework} (D2, D5, D6, D8): pods with no node and the default scheduler
 * name are queued by priority, scheduled one at a time on the control plane's timeline, and bound through
 * {@code pods/binding} with a {@code Scheduled} event; a pod that fits nowhere gets {@code PodScheduled=False}
 * (Unschedulable, with the FitError message) and a {@code FailedScheduling} event, and is tried again when the
 * cluster changes, after a back-off of 1 s doubling to 10 s, and at the latest after 5 minutes. Preemption
 * deletes its victims and nominates the node. A pod with unbound WaitForFirstConsumer claims has them annotated
 * with {@code volume.kubernetes.io/selected-node} and waits, counted on that node, until they are bound (then it
 * is bound too) or 600 s have passed.
 */
public final class Scheduler implements AutoCloseable {
    /** The scheduler's name, as in {@code spec.schedulerName} and the journal. */
    static final String ACTOR = "default-scheduler";
    public static final String NAME = "default-scheduler";
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration FLUSH_UNSCHEDULABLE = Duration.ofMinutes(5);
    /** How long a pod waits in PreBind for its WaitForFirstConsumer claims to be bound (bindTimeoutSeconds). */
    static final Duration VOLUME_BINDING_TIMEOUT = Duration.ofSeconds(600);
    /** The claim annotation naming the node the scheduler chose, which a failed provisioning removes. */
    private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

    private final ApiServer api;
    private final Timeline timeline;
    private final Framework framework;
    private final EventRecorder events;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final ResourceType classes;
    private final ResourceType namespaces;
    private final ResourceType budgets;

    // kept by watch callbacks (under the store's commit lock), read on the timeline
    private final Map<String, JsonNode> nodeObjects = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JsonNode>> podsOnNode = new ConcurrentHashMap<>();
    private final Map<String, NodeInfo> nodeInfos = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOfPod = new ConcurrentHashMap<>();
    private final List<Store.Watch> watches = new ArrayList<>();

    // touched only on the timeline's thread
    private final PriorityQueue<QueuedPod> active;
    private final Map<String, QueuedPod> queued = new HashMap<>();
    private final Map<String, Attempts> unschedulable = new HashMap<>();
    private final Map<String, Attempts> attempts = new HashMap<>();
    /** Pods waiting in PreBind for their claims to be bound, counted on their node meanwhile. */
    private final Map<String, Assumed> assumed = new ConcurrentHashMap<>();
    private long sequence;
    private boolean cycleScheduled;

    private record Assumed(String node, JsonNode pod, List<String> claims, Timeline.Timer timeout) {}

    private static final class Attempts {
        int count;
        Instant last;
        Timeline.Timer retry;
    }

    public Scheduler(ApiServer api, Timeline timeline, Framework framework) {
        this.api = api;
        this.timeline = timeline;
        this.framework = framework;
        this.events = new EventRecorder(api, NAME);
        this.pods = api.type("", "v1", "pods");
        this.nodes = api.type("", "v1", "nodes");
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.classes = api.type("storage.k8s.io", "v1", "storageclasses");
        this.namespaces = api.type("", "v1", "namespaces");
        this.budgets = api.type("policy", "v1", "poddisruptionbudgets");
        this.active = new PriorityQueue<>(framework.queueOrder());
    }

    public void start() {
        watches.add(Watches.events(api, nodes, this::nodeEvent));
        watches.add(Watches.events(api, pods, this::podEvent));
        watches.add(Watches.events(api, claims, e -> {
            clusterChanged();
            execute(this::checkVolumeWaits);
        }));
        watches.add(Watches.events(api, volumes, e -> clusterChanged()));
    }


    // ---------------------------------------------------------------- cache (watch callbacks)

    private void nodeEvent(WatchEvent e) {
        String name = e.object().name();
        if (e.type() == WatchEvent.Type.DELETED) {
            nodeObjects.remove(name);
        } else {
            nodeObjects.put(name, e.object().node());
        }
        nodeInfos.remove(name);
        clusterChanged();
    }

    private void podEvent(WatchEvent e) {
        StoredObject pod = e.object();
        String key = pod.namespace() + "/" + pod.name();
        JsonNode node = pod.node();
        String nodeName = node.path("spec").path("nodeName").asText("");
        String phase = node.path("status").path("phase").asText("");
        boolean gone = e.type() == WatchEvent.Type.DELETED || phase.equals("Succeeded") || phase.equals("Failed");
        String before = nodeOfPod.get(key);
        if (before != null && (gone || !before.equals(nodeName))) {
            Map<String, JsonNode> on = podsOnNode.get(before);
            if (on != null) {
                on.remove(key);
            }
            nodeOfPod.remove(key);
            nodeInfos.remove(before);
            clusterChanged();
        }
        if (!gone && !nodeName.isEmpty()) {
            podsOnNode.computeIfAbsent(nodeName, n -> new ConcurrentHashMap<>()).put(key, node);
            nodeOfPod.put(key, nodeName);
            nodeInfos.remove(nodeName);
        }
        if (!gone && nodeName.isEmpty() && wantsScheduling(node)) {
            execute(() -> enqueue(key, node));
        } else if (gone || before == null) {
            // leaves the queue once: when it goes, or on its first update with a node
            execute(() -> dequeue(key));
        }
    }

    private static boolean wantsScheduling(JsonNode pod) {
        return NAME.equals(pod.path("spec").path("schedulerName").asText(NAME))
                && !pod.path("metadata").has("deletionTimestamp");
    }

    /** Something a waiting pod may be waiting for changed: unschedulable pods are tried again after back-off. */
    private void clusterChanged() {
        execute(() -> {
            for (String key : List.copyOf(unschedulable.keySet())) {
                retryAfterBackoff(key);
            }
        });
    }

    // ---------------------------------------------------------------- queue (timeline thread)

    private void enqueue(String key, JsonNode pod) {
        if (framework.gated(pod)) {
            dequeue(key);
            return;
        }
        if (unschedulable.containsKey(key) || assumed.containsKey(key)) {
            return; // waits for a cluster change or its retry, or for its volumes
        }
        QueuedPod existing = queued.get(key);
        if (existing != null) {
            return;
        }
        QueuedPod q = new QueuedPod(pod, sequence++);
        queued.put(key, q);
        active.add(q);
        scheduleCycle();
    }

    private void dequeue(String key) {
        QueuedPod q = queued.remove(key);
        if (q != null) {
            active.remove(q);
        }
        Attempts a = unschedulable.remove(key);
        if (a != null && a.retry != null) {
            a.retry.cancel();
        }
        attempts.remove(key);
    }

    private void retryAfterBackoff(String key) {
        Attempts a = unschedulable.get(key);
        if (a == null) {
            return;
        }
        if (a.retry != null) {
            a.retry.cancel();
        }
        Instant at = a.last.plus(backoff(a.count));
        a.retry = timeline.scheduleAt(at, () -> activate(key));
    }

    private void activate(String key) {
        Attempts a = unschedulable.remove(key);
        if (a != null && a.retry != null) {
            a.retry.cancel();
        }
        StoredObject pod = api.store().get(pods, key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1));
        if (pod != null && pod.node().path("spec").path("nodeName").asText("").isEmpty() && wantsScheduling(pod.node())) {
            enqueue(key, pod.node());
        }
    }

    static Duration backoff(int attempts) {
        Duration d = INITIAL_BACKOFF;
        for (int i = 1; i < attempts && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private void scheduleCycle() {
        if (!cycleScheduled) {
            cycleScheduled = true;
            execute(this::cycle);
        }
    }

    /** Schedules every queued pod, highest priority first. */
    private void cycle() {
        cycleScheduled = false;
        while (!active.isEmpty()) {
            QueuedPod q = active.poll();
            String key = key(q.pod());
            queued.remove(key);
            try {
                scheduleOne(key);
            } catch (RuntimeException e) {
                failed(key, null, "SchedulerError", String.valueOf(e.getMessage()));
            }
        }
    }

    // ---------------------------------------------------------------- one pod

    private void scheduleOne(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        StoredObject current = api.store().get(pods, namespace, name);
        if (current == null || !current.node().path("spec").path("nodeName").asText("").isEmpty()
                || !wantsScheduling(current.node()) || framework.gated(current.node())) {
            return;
        }
        ScheduleResult result = framework.schedule(current.node(), view());
        if (result instanceof ScheduleResult.Scheduled s) {
            bind(current, s);
        } else if (result instanceof ScheduleResult.Unschedulable u) {
            if (!u.victims().isEmpty() && u.nominatedNode() != null) {
                preempt(current, u);
            }
            failed(key, current, "Unschedulable", u.message());
        } else if (result instanceof ScheduleResult.Failed f) {
            failed(key, current, "SchedulerError", f.message());
        }
    }

    private void bind(StoredObject pod, ScheduleResult.Scheduled s) {
        String key = pod.namespace() + "/" + pod.name();
        if (!s.claimsAwaitingNode().isEmpty()) {
            // PreBind: the claims learn the node, the pod waits (assumed on it) until they are bound
            selectNode(pod, s);
            ObjectNode assumedPod = pod.node().deepCopy();
            Json.child(assumedPod, "spec").put("nodeName", s.node());
            assumed.put(key, new Assumed(s.node(), assumedPod, s.claimsAwaitingNode(),
                    timeline.schedule(VOLUME_BINDING_TIMEOUT, () -> volumeBindingTimedOut(key))));
            nodeInfos.remove(s.node());
            return;
        }
        bindNow(pod, s.node());
    }

    private void selectNode(StoredObject pod, ScheduleResult.Scheduled s) {
        for (String claim : s.claimsAwaitingNode()) {
            try {
                api.modify(claims, pod.namespace(), claim, null, c -> {
                    Json.child(Json.child(c, "metadata"), "annotations")
                            .put(SELECTED_NODE, s.node());
                    return c;
                });
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    /** Binds the pods whose claims are all bound now, and forgets those that went away meanwhile. */
    private void checkVolumeWaits() {
        for (Map.Entry<String, Assumed> e : List.copyOf(assumed.entrySet())) {
            String key = e.getKey();
            Assumed a = e.getValue();
            StoredObject pod = api.store().get(pods, key.substring(0, key.indexOf('/')),
                    key.substring(key.indexOf('/') + 1));
            if (pod == null || !pod.uid().equals(a.pod().path("metadata").path("uid").asText())
                    || !pod.node().path("spec").path("nodeName").asText("").isEmpty()
                    || !wantsScheduling(pod.node())) {
                forgetAssumed(key);
                continue;
            }
            boolean bound = true;
            String failedClaim = null;
            for (String claim : a.claims()) {
                StoredObject c = api.store().get(claims, pod.namespace(), claim);
                if (c != null && !a.node().equals(c.node().path("metadata").path("annotations")
                        .path(SELECTED_NODE).asText(""))) {
                    failedClaim = claim;
                    break;
                }
                bound &= c != null && "Bound".equals(c.node().path("status").path("phase").asText());
            }
            if (failedClaim != null) {
                // the provisioner gave the node back (rule 91): PreBind fails and the pod is placed again
                forgetAssumed(key);
                failed(key, pod, "SchedulerError", "running PreBind plugin \"VolumeBinding\": binding volumes: "
                        + "provisioning failed for PVC \"" + failedClaim + "\"");
            } else if (bound) {
                forgetAssumed(key);
                bindNow(pod, a.node());
            }
        }
    }

    private void volumeBindingTimedOut(String key) {
        Assumed a = assumed.get(key);
        if (a == null) {
            return;
        }
        forgetAssumed(key);
        StoredObject pod = api.store().get(pods, key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1));
        failed(key, pod, "SchedulerError",
                "running PreBind plugin \"VolumeBinding\": binding volumes: context deadline exceeded");
    }

    private void forgetAssumed(String key) {
        Assumed a = assumed.remove(key);
        if (a != null) {
            a.timeout().cancel();
            nodeInfos.remove(a.node());
        }
    }

    private void bindNow(StoredObject pod, String node) {
        ObjectNode binding = Json.object();
        binding.put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        try {
            api.bind(pod.namespace(), pod.name(), binding);
        } catch (ApiException e) {
            if (e.code() == 404 || e.code() == 409) {
                return; // gone, assigned or being deleted meanwhile
            }
            throw e;
        }
        attempts.remove(pod.namespace() + "/" + pod.name());
        events.normal(pods, pod, "Scheduled", "Successfully assigned " + pod.namespace() + "/" + pod.name()
                + " to " + node);
    }

    private void preempt(StoredObject preemptor, ScheduleResult.Unschedulable u) {
        String now = api.now();
        for (JsonNode victim : u.victims()) {
            String ns = victim.path("metadata").path("namespace").asText();
            String name = victim.path("metadata").path("name").asText();
            try {
                StoredObject marked = api.modify(pods, ns, name, "status", p -> {
                    PodConditions.set(p, "DisruptionTarget", "True", "PreemptionByScheduler",
                            NAME + ": preempting to accommodate a higher priority pod", now);
                    return p;
                });
                events.normal(pods, marked, "Preempted", "Preempted by pod " + preemptor.uid() + " on node "
                        + u.nominatedNode());
                api.delete(pods, ns, name, DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        try {
            api.modify(pods, preemptor.namespace(), preemptor.name(), "status", p -> {
                Json.child(p, "status").put("nominatedNodeName", u.nominatedNode());
                return p;
            });
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** D5: PodScheduled=False with the reason and message, a FailedScheduling event, and a retry later. */
    private void failed(String key, StoredObject pod, String reason, String message) {
        Attempts a = attempts.computeIfAbsent(key, k -> new Attempts());
        a.count++;
        a.last = timeline.now();
        unschedulable.put(key, a);
        if (a.retry != null) {
            a.retry.cancel();
        }
        a.retry = timeline.schedule(reason.equals("SchedulerError") ? backoff(a.count) : FLUSH_UNSCHEDULABLE,
                () -> activate(key));
        if (pod == null) {
            return;
        }
        String now = api.now();
        try {
            StoredObject updated = api.modify(pods, pod.namespace(), pod.name(), "status", p -> {
                PodConditions.set(p, "PodScheduled", "False", reason, message, now);
                return p;
            });
            events.warning(pods, updated, "FailedScheduling", message);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static String key(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText() + "/" + pod.path("metadata").path("name").asText();
    }

    // ---------------------------------------------------------------- the cluster as the framework sees it

    private ClusterView view() {
        List<NodeInfo> infos = new ArrayList<>();
        for (String name : new TreeMap<>(nodeObjects).keySet()) {
            NodeInfo info = nodeInfos.computeIfAbsent(name, n -> {
                JsonNode node = nodeObjects.get(n);
                List<JsonNode> on = new ArrayList<>(podsOnNode.getOrDefault(n, Map.of()).values());
                assumed.values().stream().filter(a -> a.node().equals(n)).forEach(a -> on.add(a.pod()));
                return node == null ? null : new NodeInfo(node, on);
            });
            if (info != null) {
                infos.add(info);
            }
        }
        return new ClusterView() {
            @Override
            public List<NodeInfo> nodes() {
                return infos;
            }

            @Override
            public JsonNode claim(String namespace, String name) {
                StoredObject o = api.store().get(claims, namespace, name);
                return o == null ? null : o.node();
            }

            @Override
            public JsonNode volume(String name) {
                StoredObject o = api.store().get(volumes, null, name);
                return o == null ? null : o.node();
            }

            @Override
            public JsonNode storageClass(String name) {
                StoredObject o = api.store().get(classes, null, name);
                return o == null ? null : o.node();
            }

            @Override
            public JsonNode namespace(String name) {
                StoredObject o = api.store().get(namespaces, null, name);
                return o == null ? null : o.node();
            }

            @Override
            public List<JsonNode> disruptionBudgets(String namespace) {
                return api.store().list(budgets, new Query(namespace, Map.of(), o -> true), 0, null).items().stream()
                        .<JsonNode>map(StoredObject::node).toList();
            }
        };
    }

    /** Hands work to the timeline, done as the scheduler. */
    private void execute(Runnable work) {
        timeline.execute(() -> Actor.run(ACTOR, work));
    }

    @Override
    public void close() {
        watches.forEach(Store.Watch::close);
    }
}
