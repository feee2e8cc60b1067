package io.kubepark.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The versioned object store: one global, strictly increasing revision; objects held immutably; a bounded
 * event history per resource from which watches resume and from which older list snapshots are rebuilt.
 *
 * <p>Commits are serialized by one lock, so revisions are assigned in the order commits become visible and
 * every watcher receives events in revision order. Reads of single objects take no lock.
 */
public final class Store {
    /** Retries of a read-modify-write that lost a race with another writer before giving up. */
    private static final int MAX_UPDATE_ATTEMPTS = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int historyLimit;
    private volatile long revision;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    /** Null unless the store is persisted: then every commit is logged before it becomes visible. */
    private volatile WriteAheadLog log;
    /** The revision the store was restored at: no resource's history reaches further back. */
    private volatile long restoredAt;

    /** Sees every commit in revision order, under the commit lock: it must be quick and must not write. */
    public interface CommitListener {
        void committed(ResourceType type, WatchEvent.Type event, StoredObject previous, StoredObject now);
    }

    /**
     * Makes a commit durable before it becomes visible. Runs under the commit lock, before the object is stored,
     * its watchers are told or the revision moves; when it throws, the commit fails and nothing changes.
     */
    public interface WriteAheadLog {
        void append(ResourceType type, WatchEvent.Type event, StoredObject object);
    }

    /** Every object of every resource at one revision, read under the commit lock. */
    public record Capture(long revision, Map<ResourceType, List<StoredObject>> objects) {}

    /** @param historyLimit how many events each resource keeps for watches and list snapshots */
    public Store(int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be positive");
        }
        this.historyLimit = historyLimit;
    }

    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Logs every commit from now on through {@code log}, or stops logging with null. */
    public void writeAheadLog(WriteAheadLog log) {
        lock.lock();
        try {
            this.log = log;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fills an empty store with recovered objects, each keeping the resourceVersion in its metadata, and moves the
     * revision to {@code revision}. The histories start empty: a watch or list continuation from an older revision
     * gets 410 Expired. Neither listeners nor the write-ahead log see restored objects.
     */
    public void restore(long revision, Map<ResourceType, List<ObjectNode>> objects) {
        lock.lock();
        try {
            if (this.revision != 0) {
                throw new IllegalStateException("restore needs an empty store; it is at revision " + this.revision);
            }
            restoredAt = revision;
            buckets.values().forEach(b -> b.compacted = Math.max(b.compacted, revision));
            objects.forEach((type, nodes) -> {
                Bucket b = bucket(type);
                for (ObjectNode node : nodes) {
                    JsonNode meta = node.path("metadata");
                    String namespace = type.namespaced() ? meta.path("namespace").asText(null) : null;
                    long rv = Long.parseLong(meta.path("resourceVersion").asText("0"));
                    StoredObject stored = new StoredObject(namespace, meta.path("name").asText(), rv, node);
                    b.objects.put(stored.key(), stored);
                    b.index(stored);
                }
            });
            this.revision = revision;
        } finally {
            lock.unlock();
        }
    }

    /** Every object at the current revision; the objects are immutable, so this only copies references. */
    public Capture capture() {
        lock.lock();
        try {
            Map<ResourceType, List<StoredObject>> all = new HashMap<>();
            for (Bucket b : buckets.values()) {
                if (!b.objects.isEmpty()) {
                    all.put(b.type, List.copyOf(b.objects.values()));
                }
            }
            return new Capture(revision, all);
        } finally {
            lock.unlock();
        }
    }

    /** The revision of the last commit. */
    public long revision() {
        return revision;
    }

    public StoredObject get(ResourceType type, String namespace, String name) {
        return bucket(type).objects.get(StoredObject.keyOf(namespace, name));
    }

    /**
     * The objects of a resource in {@code namespace} (every namespace when null) as they are now, read without the
     * commit lock, as {@link #get} reads: each object is one that was committed, but the list belongs to no single
     * revision. For callers that need no snapshot and must not wait for a commit (an authorizer on an event loop).
     */
    public List<StoredObject> current(ResourceType type, String namespace) {
        return List.copyOf(range(bucket(type).objects, namespace, null).values());
    }

    /** Number of objects of a resource (in every namespace). */
    public int count(ResourceType type) {
        return bucket(type).objects.size();
    }

    /** Creates an object; fails with AlreadyExists when the name is taken. */
    public StoredObject create(ResourceType type, String namespace, String name, ObjectNode node) {
        Bucket b = bucket(type);
        String key = StoredObject.keyOf(namespace, name);
        lock.lock();
        try {
            if (b.objects.containsKey(key)) {
                throw ApiException.alreadyExists(type, name);
            }
            return commit(b, null, namespace, name, node, WatchEvent.Type.ADDED);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the object, lets {@code decide} compute its new state without holding any lock, then commits it if
     * no one else wrote the object in between; otherwise reads again and asks again. {@code decide} receives
     * null when the object does not exist and may throw {@link ApiException}.
     *
     * @return the committed object (the deletion state for a removal), or the unchanged current one
     */
    public StoredObject update(ResourceType type, String namespace, String name,
            Function<StoredObject, Change> decide) {
        Bucket b = bucket(type);
        String key = StoredObject.keyOf(namespace, name);
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            StoredObject current = b.objects.get(key);
            Change change = decide.apply(current);
            if (change instanceof Change.None) {
                return current;
            }
            lock.lock();
            try {
                if (b.objects.get(key) != current) {
                    continue;
                }
                if (change instanceof Change.Put put) {
                    return commit(b, current, namespace, name, put.node(),
                            current == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED);
                }
                if (current == null) {
                    throw ApiException.notFound(type, name);
                }
                return commit(b, current, namespace, name, current.copy(), WatchEvent.Type.DELETED);
            } finally {
                lock.unlock();
            }
        }
        throw ApiException.conflict(type, name, "the object is being written too often; try again");
    }

    private StoredObject commit(Bucket b, StoredObject old, String namespace, String name, ObjectNode node,
            WatchEvent.Type type) {
        long rv = revision + 1;
        ((ObjectNode) node.path("metadata")).put("resourceVersion", Long.toString(rv));
        StoredObject stored = new StoredObject(namespace, name, rv, node);
        WriteAheadLog wal = log;
        if (wal != null) {
            wal.append(b.type, type, stored);
        }
        if (type == WatchEvent.Type.DELETED) {
            b.objects.remove(stored.key());
            b.unindex(old);
        } else {
            b.objects.put(stored.key(), stored);
            if (old != null) {
                b.unindex(old);
            }
            b.index(stored);
        }
        b.record(new Event(type, stored, old), historyLimit);
        revision = rv;
        for (Subscription s : b.subscriptions) {
            s.deliver(type, old, stored);
        }
        for (CommitListener l : listeners) {
            l.committed(b.type, type, old, stored);
        }
        return stored;
    }

    /**
     * Lists the objects matching {@code query} as they were at one revision. A first page ({@code from} null)
     * reads at the current revision; a continuation passes the revision and last key of the page before it.
     *
     * @param limit at most this many items, or 0 for all
     * @throws ApiException 410 Expired when the history no longer reaches back to {@code from.revision}
     */
    public ListPage list(ResourceType type, Query query, long limit, Continuation from) {
        Bucket b = bucket(type);
        long at;
        List<Event> later;
        Set<String> indexed;
        lock.lock();
        try {
            at = from == null ? revision : from.revision();
            if (at < b.compacted) {
                throw ApiException.expired("The provided continue parameter is too old to display a consistent "
                        + "list result. You can start a new list without the continue parameter, or use the "
                        + "continue token in this response to retrieve the remainder of the results. Continuing "
                        + "with the provided token results in an inconsistent list - objects that were created, "
                        + "modified, or deleted between the time the first chunk was returned and now may show up "
                        + "in the list.");
            }
            later = b.eventsAfter(at);
            indexed = b.candidates(query.requiredLabels());
        } finally {
            lock.unlock();
        }
        // The state at revision `at`: the current objects, with every key written after `at` reset to what it
        // was before the first such write.
        Map<String, StoredObject> before = new HashMap<>();
        for (Event e : later) {
            if (!before.containsKey(e.object().key())) {
                before.put(e.object().key(), e.previous());
            }
        }
        NavigableMap<String, StoredObject> range = range(b.objects, query.namespace(), from);
        Iterator<StoredObject> candidates;
        if (indexed == null && before.isEmpty()) {
            candidates = range.values().iterator();
        } else {
            TreeMap<String, Boolean> keys = new TreeMap<>();
            (indexed == null ? range.keySet() : indexed).stream()
                    .filter(k -> inRange(k, query.namespace(), from)).forEach(k -> keys.put(k, Boolean.TRUE));
            before.keySet().stream().filter(k -> inRange(k, query.namespace(), from))
                    .forEach(k -> keys.put(k, Boolean.TRUE));
            candidates = keys.keySet().stream()
                    .map(k -> before.containsKey(k) ? before.get(k) : range.get(k)).iterator();
        }
        List<StoredObject> items = new ArrayList<>();
        String nextKey = null;
        long remaining = 0;
        while (candidates.hasNext()) {
            StoredObject o = candidates.next();
            if (!query.matches(o)) {
                continue;
            }
            if (limit > 0 && items.size() >= limit) {
                if (nextKey == null) {
                    nextKey = items.get(items.size() - 1).key();
                }
                remaining++;
                continue;
            }
            items.add(o);
        }
        return new ListPage(at, Collections.unmodifiableList(items), nextKey, remaining);
    }

    private static NavigableMap<String, StoredObject> range(ConcurrentSkipListMap<String, StoredObject> objects,
            String namespace, Continuation from) {
        NavigableMap<String, StoredObject> range = namespace == null ? objects
                : objects.subMap(namespace + "/", true, namespace + "0", false);
        return from == null ? range : range.tailMap(from.lastKey(), false);
    }

    private static boolean inRange(String key, String namespace, Continuation from) {
        return (namespace == null || key.startsWith(namespace + "/"))
                && (from == null || key.compareTo(from.lastKey()) > 0);
    }

    /**
     * Starts a watch. With {@code fromRevision} &lt; 0 the sink first gets an ADDED event for each matching
     * object, followed by a bookmark marking their end when {@code endBookmark} is set; otherwise every matching
     * change after that revision is replayed from the history.
     *
     * @throws ApiException 410 Expired when the history no longer reaches back to {@code fromRevision}
     */
    public Watch watch(ResourceType type, Query query, long fromRevision, boolean endBookmark, WatchSink sink) {
        Bucket b = bucket(type);
        Subscription s = new Subscription(b, query, sink);
        lock.lock();
        try {
            if (fromRevision < 0) {
                for (StoredObject o : range(b.objects, query.namespace(), null).values()) {
                    if (query.matches(o) && !sink.offer(WatchEvent.of(WatchEvent.Type.ADDED, o))) {
                        sink.overflowed();
                        return s;
                    }
                }
                if (endBookmark && !sink.offer(WatchEvent.bookmark(revision, true))) {
                    sink.overflowed();
                    return s;
                }
            } else {
                if (fromRevision < b.compacted) {
                    throw ApiException.expired("too old resource version: " + fromRevision + " (" + b.compacted + ")");
                }
                for (Event e : b.eventsAfter(fromRevision)) {
                    if (!s.deliverQuietly(e.type(), e.previous(), e.object())) {
                        sink.overflowed();
                        return s;
                    }
                }
            }
            b.subscriptions.add(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    private Bucket bucket(ResourceType type) {
        return buckets.computeIfAbsent(type.storageKey(), k -> {
            Bucket b = new Bucket(type);
            b.compacted = restoredAt;
            return b;
        });
    }

    /** Where a list walk continues: the revision of its first page and the last key returned. */
    public record Continuation(long revision, String lastKey) {}

    private record Event(WatchEvent.Type type, StoredObject object, StoredObject previous) {}

    /** A running watch; close it to stop deliveries. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Subscription implements Watch {
        private final Bucket bucket;
        private final Query query;
        private final WatchSink sink;

        Subscription(Bucket bucket, Query query, WatchSink sink) {
            this.bucket = bucket;
            this.query = query;
            this.sink = sink;
        }

        /** Runs under the commit lock. */
        void deliver(WatchEvent.Type type, StoredObject old, StoredObject now) {
            if (!deliverQuietly(type, old, now)) {
                bucket.subscriptions.remove(this);
                sink.overflowed();
            }
        }

        boolean deliverQuietly(WatchEvent.Type type, StoredObject old, StoredObject now) {
            boolean wasIn = old != null && query.matches(old);
            boolean isIn = type != WatchEvent.Type.DELETED && query.matches(now);
            WatchEvent.Type seen;
            if (type == WatchEvent.Type.DELETED) {
                seen = wasIn ? WatchEvent.Type.DELETED : null;
            } else if (wasIn && isIn) {
                seen = WatchEvent.Type.MODIFIED;
            } else if (isIn) {
                seen = WatchEvent.Type.ADDED;
            } else if (wasIn) {
                seen = WatchEvent.Type.DELETED;
            } else {
                seen = null;
            }
            return seen == null || sink.offer(WatchEvent.of(seen, now));
        }

        @Override
        public void close() {
            bucket.subscriptions.remove(this);
        }
    }

    /** The objects, label index, history and watchers of one resource. */
    private static final class Bucket {
        final ResourceType type;
        final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
        /** label key → value → object keys; guarded by the store lock. */
        final Map<String, Map<String, Set<String>>> labelIndex = new HashMap<>();
        /** Events in revision order; guarded by the store lock. */
        final ArrayDeque<Event> history = new ArrayDeque<>();
        final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
        /** The revision of the newest event dropped from the history: older revisions cannot be served. */
        long compacted;

        Bucket(ResourceType type) {
            this.type = type;
        }

        void record(Event e, int limit) {
            history.addLast(e);
            while (history.size() > limit) {
                compacted = history.removeFirst().object().resourceVersion();
            }
        }

        List<Event> eventsAfter(long rv) {
            List<Event> out = new ArrayList<>();
            Iterator<Event> it = history.descendingIterator();
            while (it.hasNext()) {
                Event e = it.next();
                if (e.object().resourceVersion() <= rv) {
                    break;
                }
                out.add(e);
            }
            Collections.reverse(out);
            return out;
        }

        void index(StoredObject o) {
            o.labels().forEach((k, v) -> labelIndex.computeIfAbsent(k, x -> new HashMap<>())
                    .computeIfAbsent(v, x -> new HashSet<>()).add(o.key()));
        }

        void unindex(StoredObject o) {
            o.labels().forEach((k, v) -> {
                Map<String, Set<String>> values = labelIndex.get(k);
                Set<String> keys = values == null ? null : values.get(v);
                if (keys != null) {
                    keys.remove(o.key());
                    if (keys.isEmpty()) {
                        values.remove(v);
                    }
                }
            });
        }

        /** Keys that can match the required labels (a copy), or null when the query names none. */
        Set<String> candidates(Map<String, Set<String>> required) {
            Set<String> best = null;
            for (Map.Entry<String, Set<String>> r : required.entrySet()) {
                Map<String, Set<String>> values = labelIndex.getOrDefault(r.getKey(), Map.of());
                Set<String> keys = new HashSet<>();
                for (String v : r.getValue()) {
                    keys.addAll(values.getOrDefault(v, Set.of()));
                }
                if (best == null || keys.size() < best.size()) {
                    best = keys;
                }
            }
            return best;
        }
    }
}
