package io.kubepark.apiserver.store;

/** Where the store delivers a watch's events. Called while the store commits: it must never block. */
public interface WatchSink {
    /**
     * Takes one event. Returns false when the watcher has fallen too far behind; the store then drops the
     * watch and calls {@link #overflowed()}.
     */
    boolean offer(WatchEvent event);

    /** The watch was dropped because its reader fell behind; the client must list again. */
    void overflowed();
}
