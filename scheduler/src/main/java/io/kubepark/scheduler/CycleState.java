package io.kubepark.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * What plugins compute once per scheduling attempt (in PreFilter or PreScore) and read per node. A fresh state
 * is made for every attempt, so nothing leaks between pods.
 */
public final class CycleState {

    /** A typed slot, one per plugin datum; compared by identity. */
    public static final class Key<T> {
        private final String name;

        public Key(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<Key<?>, Object> data = new HashMap<>();

    public <T> void write(Key<T> key, T value) {
        data.put(key, value);
    }

    /** The value written under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T read(Key<T> key) {
        return (T) data.get(key);
    }
}
