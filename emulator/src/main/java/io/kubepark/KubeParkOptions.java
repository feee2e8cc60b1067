package io.kubepark;

import java.time.Clock;
import java.util.Objects;

/**
 * Everything a KubePark cluster is started with. The builder and the {@code kubepark serve} command both
 * produce one of these.
 *
 * @param host          address the API server listens on
 * @param port          port of the API server; 0 picks a free one
 * @param historyLimit  events each resource keeps for watch resumption and list continuation
 * @param clock         the clock of every timestamp the control plane writes
 */
public record KubeParkOptions(String host, int port, int historyLimit, Clock clock) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HISTORY = 10_000;

    public KubeParkOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be positive: " + historyLimit);
        }
    }

    /** Loopback, a free port, wall time. */
    public static KubeParkOptions defaults() {
        return new KubeParkOptions(DEFAULT_HOST, 0, DEFAULT_HISTORY, Clock.systemUTC());
    }
}
