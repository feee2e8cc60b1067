package io.kubepark.apiserver.store;

/**
 * A change as a watcher sees it. For DELETED the object is its last state, carrying the revision of the
 * deletion. A BOOKMARK has no object, only the revision it marks; {@code initialEventsEnd} marks the bookmark
 * that follows the initial ADDED events of a {@code sendInitialEvents} watch.
 */
public record WatchEvent(Type type, StoredObject object, long revision, boolean initialEventsEnd) {
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }

    static WatchEvent of(Type type, StoredObject object) {
        return new WatchEvent(type, object, object.resourceVersion(), false);
    }

    public static WatchEvent bookmark(long revision, boolean initialEventsEnd) {
        return new WatchEvent(Type.BOOKMARK, null, revision, initialEventsEnd);
    }
}
