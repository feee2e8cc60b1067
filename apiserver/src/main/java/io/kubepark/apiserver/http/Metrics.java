package io.kubepark.apiserver.http;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request metrics of {@code /metrics}, under the names and labels kube-apiserver v1.33 uses. Counting is a
 * map lookup and an add, cheap enough for the event loop; rendering happens on a worker.
 */
final class Metrics {
    static final String COMPONENT = "apiserver";
    /** The buckets of {@code apiserver_request_duration_seconds} in kube-apiserver. */
    static final double[] BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8,
            10, 15, 20, 30, 45, 60};
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record Counted(RequestInfo info, int code) {}

    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final ConcurrentHashMap<Counted, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestInfo, Histogram> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestInfo, LongAdder> longRunning = new ConcurrentHashMap<>();

    /** One request in flight: finished once, by whichever of its ends comes first. */
    final class Request {
        private final RequestInfo info;
        private final long start = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();

        private Request(RequestInfo info) {
            this.info = info;
        }

        void finish(int code) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (info.longRunning()) {
                longRunning.computeIfAbsent(withoutDryRun(info), k -> new LongAdder()).decrement();
            }
            requests.computeIfAbsent(new Counted(info, code), k -> new LongAdder()).increment();
            durations.computeIfAbsent(info, k -> new Histogram()).observe((System.nanoTime() - start) / 1e9);
        }
    }

    Request start(RequestInfo info) {
        if (info.longRunning()) {
            longRunning.computeIfAbsent(withoutDryRun(info), k -> new LongAdder()).increment();
        }
        return new Request(info);
    }

    private static RequestInfo withoutDryRun(RequestInfo i) {
        return new RequestInfo(i.verb(), "", i.group(), i.version(), i.resource(), i.subresource(), i.scope());
    }

    /** The exposition, with {@code objects} (qualified resource to count) as {@code apiserver_storage_objects}. */
    String render(Map<String, Integer> objects) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "apiserver_request_total", "counter", "[STABLE] Counter of apiserver requests broken out for "
                + "each verb, dry run value, group, version, resource, scope, component, and HTTP response code.");
        requests.entrySet().stream().sorted(Comparator.comparing(e -> key(e.getKey().info()) + e.getKey().code()))
                .forEach(e -> out.append("apiserver_request_total{code=\"").append(e.getKey().code()).append("\",")
                        .append(labels(e.getKey().info(), true)).append("} ").append(e.getValue().sum())
                        .append('\n'));
        header(out, "apiserver_request_duration_seconds", "histogram", "[STABLE] Response latency distribution in "
                + "seconds for each verb, dry run value, group, version, resource, subresource, scope and component.");
        durations.entrySet().stream().sorted(Comparator.comparing(e -> key(e.getKey()))).forEach(e -> {
            String labels = labels(e.getKey(), true);
            Histogram h = e.getValue();
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += h.buckets[i].sum();
                out.append("apiserver_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                        .append(number(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            long count = h.count.sum();
            out.append("apiserver_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                    .append(count).append('\n');
            out.append("apiserver_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(number(h.sum.sum())).append('\n');
            out.append("apiserver_request_duration_seconds_count{").append(labels).append("} ").append(count)
                    .append('\n');
        });
        header(out, "apiserver_longrunning_requests", "gauge", "[STABLE] Gauge of all active long-running apiserver "
                + "requests broken out by verb, group, version, resource, scope and component. Not all requests are "
                + "tracked this way.");
        longRunning.entrySet().stream().sorted(Comparator.comparing(e -> key(e.getKey())))
                .forEach(e -> out.append("apiserver_longrunning_requests{").append(labels(e.getKey(), false))
                        .append("} ").append(e.getValue().sum()).append('\n'));
        header(out, "apiserver_storage_objects", "gauge", "[STABLE] Number of stored objects at the time of last "
                + "check split by kind. In case of a fetching error, the value will be -1.");
        objects.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append("apiserver_storage_objects{resource=\"").append(escape(e.getKey()))
                        .append("\"} ").append(e.getValue()).append('\n'));
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String key(RequestInfo i) {
        return String.join("\u0000", List.of(i.group(), i.version(), i.resource(), i.subresource(), i.verb(),
                i.scope(), i.dryRun()));
    }

    /** Labels in the order kube-apiserver writes them (by name); {@code dry_run} only on the request metrics. */
    private static String labels(RequestInfo i, boolean dryRun) {
        StringBuilder b = new StringBuilder(160);
        b.append("component=\"").append(COMPONENT).append('"');
        if (dryRun) {
            b.append(",dry_run=\"").append(escape(i.dryRun())).append('"');
        }
        b.append(",group=\"").append(escape(i.group())).append('"')
                .append(",resource=\"").append(escape(i.resource())).append('"')
                .append(",scope=\"").append(escape(i.scope())).append('"')
                .append(",subresource=\"").append(escape(i.subresource())).append('"')
                .append(",verb=\"").append(escape(i.verb())).append('"')
                .append(",version=\"").append(escape(i.version())).append('"');
        return b.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : Double.toString(d);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
