package io.kubepark.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * Carries one watch from the store to a connection. The store offers events under its commit lock; they wait
 * here in a bounded queue and are written on the connection's event loop. A reader that falls
 * {@link #CAPACITY} events behind is cut off, as kube-apiserver does, and its client lists again.
 */
final class WatchStream implements WatchSink {
    /** Pending events allowed per watcher beyond the initial state. */
    static final int CAPACITY = 10_000;

    private final ResourceType type;
    private final Context context;
    private final Transport transport;
    private final ArrayDeque<WatchEvent> pending = new ArrayDeque<>();
    private int limit = CAPACITY;
    private boolean scheduled;
    private boolean closed;
    private Runnable onClose = () -> { };
    private java.util.function.Function<io.kubepark.apiserver.store.StoredObject, byte[]> render =
            io.kubepark.apiserver.store.StoredObject::bytes;

    /** The connection side: chunked HTTP or WebSocket. */
    interface Transport {
        /** Writes one event's JSON bytes (without a newline). */
        void write(Buffer event);

        boolean writeQueueFull();

        void drainHandler(Runnable r);

        void end();

        /**
         * Sends the response head at once. A client's watch call returns only when the head arrives, so a watch
         * with nothing to report yet must not keep it back: a client that stops waiting early (kubectl's wait,
         * whose object is already gone) would otherwise hang until its own deadline.
         */
        void begin();

        /** Answers a watch that could not start with its Status. */
        void writeError(io.kubepark.apiserver.api.ApiException e);
    }

    WatchStream(ResourceType type, Context context, Transport transport) {
        this.type = type;
        this.context = context;
        this.transport = transport;
    }

    ResourceType type() {
        return type;
    }

    /** Ends the stream from any thread, as a dropped connection would. */
    void drop() {
        context.runOnContext(v -> close());
    }

    /** How event objects are written: as they are stored, or as Tables when the client asked for them. */
    void render(java.util.function.Function<io.kubepark.apiserver.store.StoredObject, byte[]> r) {
        this.render = r;
    }

    void onClose(Runnable r) {
        this.onClose = r;
    }

    /** Lets the initial state of a large collection through without counting as falling behind. */
    void allowInitial(int objects) {
        synchronized (this) {
            limit = CAPACITY + objects;
        }
    }

    @Override
    public boolean offer(WatchEvent event) {
        synchronized (this) {
            if (closed || pending.size() >= limit) {
                return false;
            }
            pending.addLast(event);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        context.runOnContext(v -> drain());
        return true;
    }

    @Override
    public void overflowed() {
        context.runOnContext(v -> close());
    }

    private void drain() {
        while (true) {
            if (transport.writeQueueFull()) {
                transport.drainHandler(this::drain);
                return;
            }
            WatchEvent e;
            synchronized (this) {
                e = pending.pollFirst();
                if (e == null) {
                    scheduled = false;
                    if (limit > CAPACITY) {
                        limit = CAPACITY;
                    }
                    return;
                }
            }
            transport.write(encode(e));
        }
    }

    /** Sends one event built outside the store (an ERROR with a Status), then ends the stream. */
    void fail(ObjectNode status) {
        Buffer b = Buffer.buffer("{\"type\":\"ERROR\",\"object\":");
        b.appendBytes(Json.bytes(status)).appendString("}");
        transport.write(b);
        close();
    }

    /** Ends the stream, with a final bookmark first when the client asked for bookmarks. */
    void finish(long revision, boolean bookmark) {
        if (bookmark && !closed) {
            transport.write(encode(WatchEvent.bookmark(revision, false)));
        }
        close();
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        onClose.run();
        transport.end();
    }

    private Buffer encode(WatchEvent e) {
        Buffer b = Buffer.buffer(256);
        b.appendString("{\"type\":\"").appendString(e.type().name()).appendString("\",\"object\":");
        if (e.type() == WatchEvent.Type.BOOKMARK) {
            b.appendBytes(Json.bytes(bookmark(e))).appendString("}");
        } else {
            b.appendBytes(render.apply(e.object())).appendString("}");
        }
        return b;
    }

    private ObjectNode bookmark(WatchEvent e) {
        ObjectNode o = Json.object();
        o.put("kind", type.kind()).put("apiVersion", type.apiVersion());
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", Long.toString(e.revision()));
        if (e.initialEventsEnd()) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }
}
