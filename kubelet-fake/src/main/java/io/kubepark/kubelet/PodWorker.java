package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.logs.ContainerLogs;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.journal.Actor;
import io.kubepark.apiserver.time.Timeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link PodLifecycle}'s plans for the pods bound to one node: writes their status, appends their logs,
 * wakes up when a plan says, and makes the final delete of a terminated pod. Runs on the control plane's
 * timeline; pods are synced one at a time, each key once however often it was signalled.
 */
final class PodWorker {
    private final ApiServer api;
    private final Timeline timeline;
    private final String nodeName;
    private final int nodeIndex;
    private final ResourceType pods;
    private final Map<String, ContainerBehaviour> noOverrides = Map.of();
    /** Per pod key; touched only on the timeline's thread. */
    private final Map<String, Tracked> tracked = new HashMap<>();
    private final Set<Integer> usedIps = new HashSet<>();
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private boolean draining;
    private boolean paused;
    private final Map<String, Map<String, ContainerBehaviour>> overrides;

    private static final class Tracked {
        String uid;
        PodRuntime runtime;
        int ip;
        Timeline.Timer wake;
    }

    PodWorker(ApiServer api, Timeline timeline, String nodeName, int nodeIndex,
            Map<String, Map<String, ContainerBehaviour>> overrides) {
        this.overrides = overrides;
        this.api = api;
        this.timeline = timeline;
        this.nodeName = nodeName;
        this.nodeIndex = nodeIndex;
        this.pods = api.type("", "v1", "pods");
    }

    /** Hands work to the timeline, done as this node's kubelet. */
    private void execute(Runnable work) {
        String actor = Kubelet.ACTOR_PREFIX + nodeName;
        timeline.execute(() -> Actor.run(actor, work));
    }

    /** The pod changed (or may have): it is synced soon. Safe from any thread. */
    void signal(String podKey) {
        synchronized (pending) {
            if (!pending.add(podKey) || draining || paused) {
                return;
            }
            draining = true;
        }
        execute(this::drain);
    }

    /** A dead kubelet does nothing: changes wait until it is {@link #resume() resumed}. */
    void pause() {
        synchronized (pending) {
            paused = true;
        }
    }

    /** Every pod is looked at again, with what changed while paused. */
    void resume() {
        execute(() -> {
            synchronized (pending) {
                paused = false;
                pending.addAll(tracked.keySet());
                if (draining || pending.isEmpty()) {
                    return;
                }
                draining = true;
            }
            drain();
        });
    }

    private void drain() {
        while (true) {
            String key;
            synchronized (pending) {
                if (pending.isEmpty() || paused) {
                    draining = false;
                    return;
                }
                key = pending.iterator().next();
                pending.remove(key);
            }
            try {
                sync(key);
            } catch (RuntimeException e) {
                // a failed write is retried on the pod's next change or a second from now
                timeline.schedule(Duration.ofSeconds(1), () -> signal(key));
            }
        }
    }

    private void sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject pod = api.store().get(pods, namespace, name);
        Tracked t = tracked.get(key);
        if (pod == null || !nodeName.equals(pod.node().path("spec").path("nodeName").asText())
                || (t != null && !t.uid.equals(pod.uid()))) {
            forget(key);
            if (pod == null || !nodeName.equals(pod.node().path("spec").path("nodeName").asText())) {
                return;
            }
            t = null;
        }
        if (t == null) {
            t = new Tracked();
            t.uid = pod.uid();
            t.ip = allocateIp();
            tracked.put(key, t);
        }
        NodeFacts facts = new NodeFacts(nodeName, NodeObjects.internalIp(nodeIndex), podIp(t.ip));
        Plan plan = PodLifecycle.plan(pod.node(), t.runtime, facts, timeline.now(),
                overrides.getOrDefault(key, noOverrides));
        if (plan.status() != null && !writeStatus(pod, plan.status())) {
            signal(key); // someone else wrote first: plan again from what they wrote
            return;
        }
        t.runtime = plan.runtime();
        for (LogLine line : plan.logs()) {
            api.logs().append(new ContainerLogs.Instance(t.uid, line.container(), line.restartCount()), line.at(),
                    line.text());
        }
        if (plan.status() != null) {
            endFinishedRuns(t.uid, plan.status());
        }
        if (t.wake != null) {
            t.wake.cancel();
            t.wake = null;
        }
        if (plan.delete()) {
            try {
                api.delete(pods, namespace, name, new DeleteOptions(0L, null, t.uid, null, false));
            } catch (ApiException e) {
                if (e.code() != 404 && e.code() != 409) {
                    throw e;
                }
            }
            return;
        }
        if (plan.wakeAt() != null) {
            t.wake = timeline.scheduleAt(plan.wakeAt(), () -> signal(key));
        }
    }

    /** Writes the status if the pod is still as planned from; false when it changed meanwhile. */
    private boolean writeStatus(StoredObject planned, ObjectNode status) {
        boolean[] stale = new boolean[1];
        try {
            api.modify(pods, planned.namespace(), planned.name(), "status", p -> {
                if (!p.path("metadata").path("resourceVersion").asText()
                        .equals(Long.toString(planned.resourceVersion()))) {
                    stale[0] = true;
                    return p;
                }
                p.set("status", status);
                return p;
            });
        } catch (ApiException e) {
            if (e.code() == 404) {
                return true;
            }
            throw e;
        }
        return !stale[0];
    }

    /** Tells log followers that runs which have terminated will write no more. */
    private void endFinishedRuns(String uid, JsonNode status) {
        for (String field : new String[] {"containerStatuses", "initContainerStatuses"}) {
            for (JsonNode c : status.path(field)) {
                int restarts = c.path("restartCount").asInt(0);
                String name = c.path("name").asText();
                if (c.path("state").has("terminated")) {
                    api.logs().end(new ContainerLogs.Instance(uid, name, restarts));
                }
                if (c.path("lastState").has("terminated") && restarts > 0) {
                    api.logs().end(new ContainerLogs.Instance(uid, name, restarts - 1));
                }
            }
        }
    }

    private void forget(String key) {
        Tracked t = tracked.remove(key);
        if (t != null) {
            if (t.wake != null) {
                t.wake.cancel();
            }
            usedIps.remove(t.ip);
            api.logs().forget(t.uid);
        }
    }

    /** The next free host number in the node's /24 (.2 to .254, as a CNI plugin hands them out). */
    private int allocateIp() {
        for (int i = 2; i < 255; i++) {
            if (usedIps.add(i)) {
                return i;
            }
        }
        return 0;
    }

    private String podIp(int host) {
        if (host == 0) {
            return null;
        }
        String cidr = NodeObjects.podCidr(nodeIndex);
        return cidr.substring(0, cidr.lastIndexOf(".0/")) + "." + host;
    }

    void close() {
        tracked.values().forEach(t -> {
            if (t.wake != null) {
                t.wake.cancel();
            }
        });
    }
}
