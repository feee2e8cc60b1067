package io.kubepark.apiserver.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.crd.CustomResourceDefinitions;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A store's state on disk: snapshots ({@code snapshot-<revision>.snap}) and log segments
 * ({@code wal-<revision>.log}, holding the commits after that revision). Every commit is appended to the current
 * segment and forced to disk before it becomes visible; every {@code snapshotEvery} records, and on close, the whole
 * state is written to a new snapshot and the segments it covers are deleted.
 *
 * <p>{@link #open} rebuilds the store from the newest snapshot and the log after it, keeping every object's
 * resourceVersion, and continues the revision from the last record. A damaged last record (what a crash in the
 * middle of an append leaves) is dropped and reported; any other damage fails the start with the file and offset.
 * See docs/persistence.md.
 */
public final class DataDir implements Store.WriteAheadLog, AutoCloseable {
    /** Records between two snapshots, unless chosen otherwise. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 10_000;

    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{20})\\.snap");
    private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{20})\\.log");
    private static final String CRDS = "apiextensions.k8s.io/customresourcedefinitions";

    private final Path dir;
    private final Store store;
    private final int snapshotEvery;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> report = new ArrayList<>();
    private final ExecutorService snapshots = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubepark-snapshot");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by the store's commit lock. */
    private FileChannel segment;
    private int inSegment;
    private volatile IOException failed;
    private volatile boolean closed;

    private DataDir(Path dir, Store store, int snapshotEvery, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.store = store;
        this.snapshotEvery = snapshotEvery;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Restores {@code store} (which must be empty) from {@code dir}, creating the folder if needed, and logs every
     * commit from now on.
     *
     * @throws IllegalStateException when the folder cannot be read or written, is in use by another KubePark, or
     *                               holds damage other than a torn last record; the message names file and offset
     */
    public static DataDir open(Path dir, Store store, ResourceRegistry registry, int snapshotEvery) {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be positive: " + snapshotEvery);
        }
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("kubepark.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by another KubePark in this JVM
            }
            if (lock == null) {
                throw new IllegalStateException("data dir " + dir + " is in use by another KubePark");
            }
            DataDir d = new DataDir(dir, store, snapshotEvery, lockChannel, lock);
            d.recover(registry);
            store.writeAheadLog(d);
            return d;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new IllegalStateException("data dir " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** What recovery found, one line each: the snapshot and records read, and any torn record dropped. */
    public List<String> report() {
        return List.copyOf(report);
    }

    /**
     * The objects a data dir holds, read without changing or locking it (for {@code kubepark export}); the same
     * damage that fails a start fails this.
     */
    public static Map<ResourceType, List<ObjectNode>> read(Path dir, ResourceRegistry registry) {
        try {
            Scan scan = scan(dir, new ArrayList<>());
            return resolve(dir, registry, scan.state());
        } catch (IOException e) {
            throw new IllegalStateException("data dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What the files hold: storage key → object key → object, at {@code revision}. */
    private record Scan(Map<String, TreeMap<String, ObjectNode>> state, long revision, long snapshotRevision,
            TreeMap<Long, Path> snapshotFiles, TreeMap<Long, Path> segmentFiles) {}

    private static Scan scan(Path dir, List<String> report) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder");
        }
        TreeMap<Long, Path> snapshotFiles = numbered(dir, SNAPSHOT);
        TreeMap<Long, Path> segmentFiles = numbered(dir, SEGMENT);
        Map<String, TreeMap<String, ObjectNode>> state = new HashMap<>();
        long revision = 0;
        long snapshotRevision = -1;
        if (!snapshotFiles.isEmpty()) {
            Path file = snapshotFiles.lastEntry().getValue();
            snapshotRevision = readSnapshot(file, state);
            revision = snapshotRevision;
            report.add("read " + file.getFileName() + " (" + count(state) + " objects at resourceVersion "
                    + snapshotRevision + ")");
        }
        int replayed = 0;
        List<Path> segments = new ArrayList<>(segmentFiles.values());
        for (int i = 0; i < segments.size(); i++) {
            Path file = segments.get(i);
            RecordFile.Contents contents = RecordFile.read(file);
            if (contents.torn() != null) {
                if (i < segments.size() - 1) {
                    throw new RecordFile.CorruptException(file, contents.torn().offset(), contents.torn().why()
                            + ", and newer segments follow");
                }
                report.add("discarded a torn record at the end of " + file.getFileName() + ": offset "
                        + contents.torn().offset() + ", " + contents.torn().bytes() + " bytes, "
                        + contents.torn().why() + " (a write that was never acknowledged)");
            }
            for (RecordFile.Entry e : contents.records()) {
                long rv = e.node().path("rv").asLong(0);
                if (rv <= 0) {
                    throw new RecordFile.CorruptException(file, e.offset(), "the record has no revision");
                }
                if (rv <= revision) {
                    continue; // already in the snapshot
                }
                apply(file, e, state);
                revision = rv;
                replayed++;
            }
        }
        if (replayed > 0 || snapshotFiles.isEmpty() && !segmentFiles.isEmpty()) {
            report.add("replayed " + replayed + " log records from " + segmentFiles.size()
                    + (segmentFiles.size() == 1 ? " segment" : " segments"));
        }
        return new Scan(state, revision, snapshotRevision, snapshotFiles, segmentFiles);
    }

    private void recover(ResourceRegistry registry) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(p);
            }
        }
        Scan scan = scan(dir, report);
        long revision = scan.revision();
        store.restore(revision, resolve(dir, registry, scan.state()));
        if (revision > 0 || !scan.snapshotFiles().isEmpty() || !scan.segmentFiles().isEmpty()) {
            report.add("recovered " + count(scan.state()) + " objects; resourceVersions continue after " + revision);
        }
        // Start clean: one snapshot at the recovered revision, no segments, a fresh segment after it.
        if (revision != scan.snapshotRevision()) {
            writeSnapshot(store.capture());
        }
        deleteOlderThan(revision, true);
        for (Path p : scan.segmentFiles().values()) {
            Files.deleteIfExists(p);
        }
        openSegment(revision);
    }

    private static void apply(Path file, RecordFile.Entry e, Map<String, TreeMap<String, ObjectNode>> state)
            throws IOException {
        JsonNode r = e.node();
        String resource = r.path("resource").asText("");
        String key = r.path("namespace").asText("") + "/" + r.path("name").asText("");
        switch (r.path("op").asText("")) {
            case "put" -> {
                if (!(r.get("object") instanceof ObjectNode o)) {
                    throw new RecordFile.CorruptException(file, e.offset(), "a put record without an object");
                }
                state.computeIfAbsent(resource, k -> new TreeMap<>()).put(key, o);
            }
            case "delete" -> {
                TreeMap<String, ObjectNode> objects = state.get(resource);
                if (objects != null) {
                    objects.remove(key);
                }
            }
            default -> throw new RecordFile.CorruptException(file, e.offset(), "unknown operation "
                    + r.path("op"));
        }
    }

    private static long readSnapshot(Path file, Map<String, TreeMap<String, ObjectNode>> state) throws IOException {
        RecordFile.Contents contents = RecordFile.read(file);
        if (contents.torn() != null) {
            throw new RecordFile.CorruptException(file, contents.torn().offset(), contents.torn().why()
                    + " (a snapshot is written whole, so this is damage)");
        }
        List<RecordFile.Entry> records = contents.records();
        if (records.isEmpty() || !records.get(0).node().has("snapshot")) {
            throw new RecordFile.CorruptException(file, 0, "no snapshot header");
        }
        JsonNode header = records.get(0).node();
        long declared = header.path("objects").asLong(-1);
        if (declared != records.size() - 1) {
            throw new RecordFile.CorruptException(file, contents.validLength(), "the header announces " + declared
                    + " objects, the file holds " + (records.size() - 1));
        }
        for (RecordFile.Entry e : records.subList(1, records.size())) {
            if (!(e.node().get("object") instanceof ObjectNode o)) {
                throw new RecordFile.CorruptException(file, e.offset(), "an entry without an object");
            }
            JsonNode meta = o.path("metadata");
            state.computeIfAbsent(e.node().path("resource").asText(), k -> new TreeMap<>())
                    .put(meta.path("namespace").asText("") + "/" + meta.path("name").asText(), o);
        }
        return header.path("snapshot").asLong();
    }

    /** The resource of every storage key: built-in ones from the registry, custom ones from recovered CRDs. */
    private static Map<ResourceType, List<ObjectNode>> resolve(Path dir, ResourceRegistry registry,
            Map<String, TreeMap<String, ObjectNode>> state) {
        Map<String, ResourceType> types = new HashMap<>();
        for (ResourceType t : registry.all()) {
            types.putIfAbsent(t.storageKey(), t);
        }
        for (ObjectNode crd : state.getOrDefault(CRDS, new TreeMap<>()).values()) {
            for (ResourceType t : CustomResourceDefinitions.types(crd)) {
                types.putIfAbsent(t.storageKey(), t);
            }
        }
        Map<ResourceType, List<ObjectNode>> out = new LinkedHashMap<>();
        state.forEach((key, objects) -> {
            if (objects.isEmpty()) {
                return;
            }
            ResourceType t = types.get(key);
            if (t == null) {
                throw new IllegalStateException("data dir " + dir + " holds " + objects.size() + " objects of "
                        + key + ", a resource this KubePark does not serve");
            }
            out.put(t, new ArrayList<>(objects.values()));
        });
        return out;
    }

    private TreeMap<Long, Path> numbered(Pattern pattern) throws IOException {
        return numbered(dir, pattern);
    }

    private static TreeMap<Long, Path> numbered(Path dir, Pattern pattern) throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.put(Long.parseLong(m.group(1)), p);
                }
            });
        }
        return out;
    }

    private static int count(Map<String, TreeMap<String, ObjectNode>> state) {
        return state.values().stream().mapToInt(Map::size).sum();
    }

    // ---------------------------------------------------------------- writing

    /** Runs under the store's commit lock. */
    @Override
    public void append(ResourceType type, WatchEvent.Type event, StoredObject object) {
        if (closed) {
            throw ApiException.internal("KubePark is stopping: the write was not stored");
        }
        if (failed != null) {
            throw ApiException.internal("the data dir cannot be written: " + failed.getMessage());
        }
        ObjectNode r = Json.object();
        r.put("rv", object.resourceVersion());
        r.put("op", event == WatchEvent.Type.DELETED ? "delete" : "put");
        r.put("resource", type.storageKey());
        if (object.namespace() != null) {
            r.put("namespace", object.namespace());
        }
        r.put("name", object.name());
        if (event != WatchEvent.Type.DELETED) {
            r.set("object", object.node());
        }
        try {
            if (inSegment >= snapshotEvery) {
                rotate();
            }
            ByteBuffer buf = RecordFile.frame(r);
            while (buf.hasRemaining()) {
                segment.write(buf);
            }
            segment.force(false);
            inSegment++;
        } catch (IOException | UncheckedIOException e) {
            failed = e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
            throw ApiException.internal("the data dir cannot be written: " + e.getMessage());
        }
    }

    /** Starts a new segment at the current revision and writes the snapshot it follows in the background. */
    private void rotate() throws IOException {
        Store.Capture capture = store.capture();
        segment.close();
        openSegment(capture.revision());
        snapshots.execute(() -> {
            try {
                writeSnapshot(capture);
                deleteOlderThan(capture.revision(), false);
            } catch (IOException | RuntimeException e) {
                System.err.println("kubepark: snapshot at resourceVersion " + capture.revision()
                        + " failed, the log is kept: " + e);
            }
        });
    }

    private void openSegment(long after) throws IOException {
        Path file = dir.resolve(String.format("wal-%020d.log", after));
        Files.deleteIfExists(file);
        segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        inSegment = 0;
        forceDir();
    }

    /** Writes the snapshot to a temporary file, forces it, renames it into place and forces the folder. */
    private void writeSnapshot(Store.Capture capture) throws IOException {
        Path target = dir.resolve(String.format("snapshot-%020d.snap", capture.revision()));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        int objects = capture.objects().values().stream().mapToInt(List::size).sum();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ObjectNode header = Json.object();
            header.put("snapshot", capture.revision()).put("objects", objects);
            writeFully(out, RecordFile.frame(header));
            for (Map.Entry<ResourceType, List<StoredObject>> e : capture.objects().entrySet()) {
                String resource = e.getKey().storageKey();
                for (StoredObject o : e.getValue()) {
                    ObjectNode entry = Json.object();
                    entry.put("resource", resource);
                    entry.set("object", o.node());
                    writeFully(out, RecordFile.frame(entry));
                }
            }
            out.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDir();
    }

    /** Deletes the snapshots before {@code revision} and, unless {@code keepSegments}, the segments it covers. */
    private void deleteOlderThan(long revision, boolean keepSegments) throws IOException {
        for (Map.Entry<Long, Path> e : numbered(SNAPSHOT).entrySet()) {
            if (e.getKey() < revision) {
                Files.deleteIfExists(e.getValue());
            }
        }
        if (!keepSegments) {
            for (Map.Entry<Long, Path> e : numbered(SEGMENT).entrySet()) {
                if (e.getKey() < revision) {
                    Files.deleteIfExists(e.getValue());
                }
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    private void forceDir() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every platform opens folders; the rename itself is still atomic
        }
    }

    /**
     * Writes a final snapshot and deletes the log it covers, so the next start reads one file. Writes arriving
     * after this fail.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        snapshots.shutdown();
        try {
            snapshots.awaitTermination(60, TimeUnit.SECONDS);
            Store.Capture capture = store.capture();
            if (failed == null) {
                segment.close();
                writeSnapshot(capture);
                deleteOlderThan(capture.revision(), false);
                Path last = dir.resolve(String.format("wal-%020d.log", capture.revision()));
                Files.deleteIfExists(last);
            }
        } catch (IOException e) {
            System.err.println("kubepark: the final snapshot failed; the log is kept: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                // released when the channel closes
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
