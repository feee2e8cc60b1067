package io.kubepark.benchmarks;

/** A row of the results table. */
enum Measure {
    FIRST_ANSWER("time from process start to first answer, ms (median of 3 cold starts)", false, "%.0f"),
    CREATES_1_THREAD("ConfigMap creates/s, 1 thread", true, "%.0f"),
    CREATES_8_THREADS("ConfigMap creates/s, 8 threads", true, "%.0f"),
    GETS_1_THREAD("ConfigMap gets/s, 1 thread", true, "%.0f"),
    DURABLE_CREATES_1_THREAD("ConfigMap creates/s, 1 thread, `--data-dir` (each write forced to disk before its "
            + "answer); the mock's figure is in memory", true, "%.0f"),
    DURABLE_CREATES_8_THREADS("ConfigMap creates/s, 8 threads, `--data-dir`; the mock's figure is in memory", true,
            "%.0f"),
    SELECTED_LIST("label-selected list of %d out of %d ConfigMaps, ms per list (mean of 50)", false, "%.2f"),
    WATCH_MEDIAN("watch event latency (create to ADDED), median ms over 300", false, "%.2f"),
    WATCH_P99("watch event latency (create to ADDED), p99 ms over 300", false, "%.2f"),
    POD_RUNNING_MEDIAN("pod create to Running (scheduled, bound, started), median ms over 100, one at a time, "
            + "100 nodes", false, "%.1f", true),
    PODS_PER_SECOND("pods/s from create to Running, 1,000 pods created by 8 threads on 100 nodes", true, "%.0f",
            true),
    PODS_ALL_RUNNING("1,000 pods on 100 nodes: first create to all Running, s", false, "%.2f", true),
    STS_ORDERED_10("StatefulSet, 10 replicas, OrderedReady, instant containers: create to all Ready, ms", false,
            "%.0f", true),
    STS_ORDERED_10_CLAIMS("StatefulSet, 10 replicas, OrderedReady, one claim each (default class, provisioned): "
            + "create to all Ready, ms", false, "%.0f", true),
    DNS_QUERIES("DNS A queries/s over UDP, 8 threads, namespace with 1,000 Services", true, "%.0f", true),
    STS_PARALLEL_100("StatefulSet, 100 replicas, Parallel, instant containers: create to all Ready, ms", false,
            "%.0f", true),
    DEPLOYMENT_ROLLOUT_100("Deployment, 100 replicas, RollingUpdate 25%/25%, instant containers: new image to rollout"
            + " complete, ms (median of 3)", false, "%.0f", true);

    private final String label;
    private final boolean higherIsBetter;
    private final String format;
    private final boolean needsControllers;

    Measure(String label, boolean higherIsBetter, String format) {
        this(label, higherIsBetter, format, false);
    }

    Measure(String label, boolean higherIsBetter, String format, boolean needsControllers) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
        this.format = format;
        this.needsControllers = needsControllers;
    }

    /** True for rows a server without a scheduler and kubelets cannot produce: its pods never run. */
    boolean needsControllers() {
        return needsControllers;
    }

    /** The row's name; the list row names the object counts of this run. */
    String label(Options options) {
        return this == SELECTED_LIST ? String.format(label, options.objects() / 100, options.objects()) : label;
    }

    /**
     * The row whose mock figure this row compares with: the durable creates, which the mock cannot do, are set
     * against its creates in memory.
     */
    Measure mockCounterpart() {
        return switch (this) {
            case DURABLE_CREATES_1_THREAD -> CREATES_1_THREAD;
            case DURABLE_CREATES_8_THREADS -> CREATES_8_THREADS;
            default -> this;
        };
    }

    /** True for throughputs, false for times. */
    boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The value as shown in the table. */
    String format(double value) {
        return String.format(java.util.Locale.ROOT, format, value);
    }
}
