package io.kubepark.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Finalizers;
import io.kubepark.controllers.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows ownerReferences by uid (pkg/controller/garbagecollector): deletes dependents whose owners are all
 * gone, deletes the dependents of an owner deleted in the foreground before releasing it, and strips the
 * owner's references from its dependents for an orphaning delete.
 */
public final class GarbageCollector implements AutoCloseable {
    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    private final ApiServer api;
    private final WorkQueue queue;
    private final List<Store.Watch> watches = new ArrayList<>();
    /** The types watched, one per storage key; guarded by typesLock, never by this (see watchNewTypes). */
    private final Map<String, ResourceType> typesByStorage = new LinkedHashMap<>();
    /** uid → where the object lives; guarded by this. */
    private final Map<String, Ref> objects = new HashMap<>();
    /** owner uid → dependent uids; guarded by this. */
    private final Map<String, Set<String>> dependents = new HashMap<>();
    private final Object typesLock = new Object();

    /** Where an object is, and whom it names as owners. */
    record Ref(ResourceType type, String namespace, String name, List<String> ownerUids) {}

    public GarbageCollector(ApiServer api, Timeline timeline) {
        this.api = api;
        this.queue = new WorkQueue(timeline, "generic-garbage-collector", this::process);
    }

    public void start() {
        watchNewTypes();
        api.registry().onChange(this::watchNewTypes);
    }

    /**
     * Watches every resource not yet watched: the built-in ones, then custom resources as they appear. It holds
     * its own lock while the store's is taken, since the store calls {@link #observe} under its lock.
     */
    private void watchNewTypes() {
        synchronized (typesLock) {
            watchNewTypesLocked();
        }
    }

    private void watchNewTypesLocked() {
        for (ResourceType type : api.registry().all()) {
            if (!type.supports("watch") || !type.supports("delete") || typesByStorage.containsKey(type.storageKey())) {
                continue;
            }
            typesByStorage.put(type.storageKey(), type);
            watches.add(api.store().watch(type, Query.all(), -1, false, new WatchSink() {
                @Override
                public boolean offer(WatchEvent event) {
                    observe(type, event);
                    return true;
                }

                @Override
                public void overflowed() {
                    // offer never refuses
                }
            }));
        }
    }

    /** Runs under the store's commit lock: bookkeeping only, the work goes to the queue. */
    private void observe(ResourceType type, WatchEvent event) {
        StoredObject o = event.object();
        String uid = o.uid();
        if (uid == null) {
            return;
        }
        List<String> owners = new ArrayList<>();
        for (JsonNode ref : o.node().path("metadata").path("ownerReferences")) {
            owners.add(ref.path("uid").asText());
        }
        synchronized (this) {
            Ref before = objects.remove(uid);
            if (before != null) {
                before.ownerUids().forEach(owner -> {
                    Set<String> deps = dependents.get(owner);
                    if (deps != null) {
                        deps.remove(uid);
                    }
                });
            }
            if (event.type() == WatchEvent.Type.DELETED) {
                for (String dependent : dependents.getOrDefault(uid, Set.of())) {
                    queue.add(dependent);
                }
                for (String owner : owners) {
                    queue.add(owner);
                }
                return;
            }
            objects.put(uid, new Ref(type, o.namespace(), o.name(), owners));
            owners.forEach(owner -> dependents.computeIfAbsent(owner, k -> new HashSet<>()).add(uid));
        }
        List<String> finalizers = Json.strings(o.node().path("metadata").path("finalizers"));
        if (o.node().path("metadata").has("deletionTimestamp")
                && (finalizers.contains(FOREGROUND) || finalizers.contains(ORPHAN))) {
            queue.add(uid);
        }
        if (!owners.isEmpty()) {
            queue.add(uid);
        }
        for (String owner : owners) {
            queue.add(owner);
        }
    }

    /** Reconciles one object by uid. Returns false to retry later. */
    boolean process(String uid) {
        Ref ref;
        Set<String> deps;
        synchronized (this) {
            ref = objects.get(uid);
            deps = new HashSet<>(dependents.getOrDefault(uid, Set.of()));
        }
        if (ref == null) {
            return true;
        }
        StoredObject current = api.store().get(ref.type(), ref.namespace(), ref.name());
        if (current == null || !uid.equals(current.uid())) {
            return true;
        }
        try {
            JsonNode meta = current.node().path("metadata");
            List<String> finalizers = Json.strings(meta.path("finalizers"));
            if (meta.has("deletionTimestamp") && finalizers.contains(ORPHAN)) {
                return orphan(ref, uid, deps);
            }
            if (meta.has("deletionTimestamp") && finalizers.contains(FOREGROUND)) {
                return foreground(ref, uid, deps);
            }
            return attemptToDelete(ref, current);
        } catch (ApiException e) {
            return e.code() == 404;
        }
    }

    /** Deletes a dependent none of whose owners is alive; drops references to missing owners otherwise. */
    private boolean attemptToDelete(Ref ref, StoredObject dependent) {
        JsonNode owners = dependent.node().path("metadata").path("ownerReferences");
        if (!owners.isArray() || owners.isEmpty()) {
            return true;
        }
        List<String> solid = new ArrayList<>();
        List<String> dangling = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (JsonNode owner : owners) {
            StoredObject found = resolve(ref, owner);
            String ownerUid = owner.path("uid").asText();
            if (found == null) {
                dangling.add(ownerUid);
            } else if (found.node().path("metadata").has("deletionTimestamp")
                    && Json.strings(found.node().path("metadata").path("finalizers")).contains(FOREGROUND)) {
                waiting.add(ownerUid);
            } else {
                solid.add(ownerUid);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty() || !waiting.isEmpty()) {
                List<String> drop = new ArrayList<>(dangling);
                drop.addAll(waiting);
                removeOwnerReferences(ref, drop);
            }
            return true;
        }
        if (dependent.node().path("metadata").has("deletionTimestamp")) {
            return true;
        }
        boolean hasDependents;
        synchronized (this) {
            hasDependents = !dependents.getOrDefault(dependent.uid(), Set.of()).isEmpty();
        }
        String policy = !waiting.isEmpty() && hasDependents ? "Foreground" : "Background";
        api.delete(ref.type(), ref.namespace(), ref.name(),
                new DeleteOptions(null, policy, dependent.uid(), null, false));
        return true;
    }

    /** An owner deleted in the foreground goes once no dependent blocks it. */
    private boolean foreground(Ref owner, String uid, Set<String> deps) {
        boolean blocked = false;
        for (String dep : deps) {
            Ref d;
            synchronized (this) {
                d = objects.get(dep);
            }
            if (d == null) {
                continue;
            }
            StoredObject dependent = api.store().get(d.type(), d.namespace(), d.name());
            if (dependent == null) {
                continue;
            }
            if (blocks(dependent, uid)) {
                blocked = true;
            }
            if (!dependent.node().path("metadata").has("deletionTimestamp")) {
                queue.add(dep);
            }
        }
        if (blocked) {
            return true;
        }
        removeFinalizer(owner, FOREGROUND);
        return true;
    }

    private static boolean blocks(StoredObject dependent, String ownerUid) {
        for (JsonNode ref : dependent.node().path("metadata").path("ownerReferences")) {
            if (ref.path("uid").asText().equals(ownerUid) && ref.path("blockOwnerDeletion").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Strips the owner from every dependent, then lets the owner go. */
    private boolean orphan(Ref owner, String uid, Set<String> deps) {
        for (String dep : deps) {
            Ref d;
            synchronized (this) {
                d = objects.get(dep);
            }
            if (d != null) {
                try {
                    removeOwnerReferences(d, List.of(uid));
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
        }
        removeFinalizer(owner, ORPHAN);
        return true;
    }

    private StoredObject resolve(Ref dependent, JsonNode owner) {
        String apiVersion = owner.path("apiVersion").asText();
        String kind = owner.path("kind").asText();
        ResourceType type = api.registry().byKind(apiVersion, kind).orElse(null);
        if (type == null) {
            return null;
        }
        if (type.namespaced() && dependent.namespace() == null) {
            return null;
        }
        StoredObject found = api.store().get(type, type.namespaced() ? dependent.namespace() : null,
                owner.path("name").asText());
        return found != null && found.uid() != null && found.uid().equals(owner.path("uid").asText()) ? found : null;
    }

    private void removeOwnerReferences(Ref ref, List<String> uids) {
        api.modify(ref.type(), ref.namespace(), ref.name(), null, obj -> {
            ObjectNode meta = Json.child(obj, "metadata");
            ArrayNode kept = Json.NODES.arrayNode();
            for (JsonNode r : meta.path("ownerReferences")) {
                if (!uids.contains(r.path("uid").asText())) {
                    kept.add(r);
                }
            }
            if (kept.isEmpty()) {
                meta.remove("ownerReferences");
            } else {
                meta.set("ownerReferences", kept);
            }
            return obj;
        });
    }

    private void removeFinalizer(Ref ref, String finalizer) {
        Finalizers.remove(api, ref.type(), ref.namespace(), ref.name(), finalizer);
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
