package io.kubepark.apiserver.journal;

import java.util.function.Supplier;

/**
 * Who is writing on the current thread: a controller's name ({@code statefulset-controller}), the scheduler, a
 * node's kubelet, or the program of an HTTP client. The journal reads it when a write commits.
 */
public final class Actor {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Actor() {
    }

    /** The actor of this thread, or null outside any named work. */
    public static String current() {
        return CURRENT.get();
    }

    /** Runs {@code work} as {@code name}, restoring the previous actor afterwards. */
    public static void run(String name, Runnable work) {
        call(name, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(String name, Supplier<T> work) {
        String previous = CURRENT.get();
        CURRENT.set(name);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** {@code task} bound to the actor current now, so that it runs as the one who handed it over. */
    public static Runnable inherit(Runnable task) {
        String name = CURRENT.get();
        return name == null ? task : () -> run(name, task);
    }
}
