package io.kubepark.junit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a container on a KubePark node behaves: {@code Behaviour.of().readyAfter(Duration.ofSeconds(10))}.
 * Durations run on the cluster's clock; {@link #NEVER} keeps a container from ever getting there.
 */
public final class Behaviour {
    /** A delay that never ends. */
    public static final Duration NEVER = Duration.ofSeconds(Long.MAX_VALUE);

    private final Map<String, String> values;

    private Behaviour(Map<String, String> values) {
        this.values = values;
    }

    /** Ready at once, running until stopped. */
    public static Behaviour of() {
        return new Behaviour(Map.of());
    }

    /** Starts (Running) this long after its image is pulled. */
    public Behaviour startupDelay(Duration d) {
        return with("startupDelay", d);
    }

    /** Turns Ready this long after it starts. */
    public Behaviour readyAfter(Duration d) {
        return with("readyAfter", d);
    }

    /** Exits with {@code code} this long after it starts. */
    public Behaviour exit(Duration after, int code) {
        return with("exitAfter", after).with("exitCode", Integer.toString(code));
    }

    /** Takes this long to stop after SIGTERM. */
    public Behaviour stopDelay(Duration d) {
        return with("stopDelay", d);
    }

    /** Exits with this code when stopped. */
    public Behaviour stopExitCode(int code) {
        return with("stopExitCode", Integer.toString(code));
    }

    /** Its image cannot be pulled: {@code ErrImagePull} with this message. */
    public Behaviour imagePullError(String message) {
        return with("imagePullError", message);
    }

    private Behaviour with(String key, Duration d) {
        return with(key, d.equals(NEVER) ? "never" : d.toString());
    }

    private Behaviour with(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(key, value);
        return new Behaviour(Map.copyOf(next));
    }

    Map<String, String> values() {
        return values;
    }
}
