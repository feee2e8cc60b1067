package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.quantity.Quantity;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable amount per resource name: cpu in millicores, every other resource (memory, ephemeral-storage,
 * extended resources, pods) in whole units.
 */
public final class Resources {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    /** No resources at all. */
    public static final Resources NONE = new Resources(Map.of());

    /** What scoring assumes for a pod that requests no cpu (100m) or no memory (200Mi). */
    static final long DEFAULT_MILLI_CPU = 100;
    static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private final Map<String, Long> amounts;

    private Resources(Map<String, Long> amounts) {
        this.amounts = amounts;
    }

    /** Reads a resource list such as {@code requests} or {@code status.allocatable}; invalid quantities read as 0. */
    public static Resources of(JsonNode list) {
        Map<String, Long> amounts = new TreeMap<>();
        if (list != null && list.isObject()) {
            list.properties().forEach(e -> amounts.put(e.getKey(), amount(e.getKey(), e.getValue().asText())));
        }
        return new Resources(Map.copyOf(amounts));
    }

    private static long amount(String resource, String text) {
        try {
            Quantity q = Quantity.parse(text);
            return CPU.equals(resource) ? q.milliValue() : q.value();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return 0;
        }
    }

    /**
     * The effective request of a pod, per resource: the larger of the biggest init container (plus the
     * sidecars started before it) and the sum of the app containers and sidecars, plus {@code spec.overhead}.
     */
    public static Resources ofPod(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        Resources containers = NONE;
        for (JsonNode c : spec.path("containers")) {
            containers = containers.plus(of(c.path("resources").path("requests")));
        }
        Resources sidecars = NONE;
        Resources init = NONE;
        for (JsonNode c : spec.path("initContainers")) {
            Resources request = of(c.path("resources").path("requests"));
            if ("Always".equals(c.path("restartPolicy").asText())) {
                containers = containers.plus(request);
                sidecars = sidecars.plus(request);
                init = init.max(sidecars);
            } else {
                init = init.max(request.plus(sidecars));
            }
        }
        return containers.max(init).plus(of(spec.path("overhead")));
    }

    /** The amount of {@code resource}, 0 when absent. */
    public long get(String resource) {
        return amounts.getOrDefault(resource, 0L);
    }

    /** Resource names with an amount, sorted. */
    public java.util.Set<String> names() {
        return new java.util.TreeSet<>(amounts.keySet());
    }

    public Resources plus(Resources other) {
        if (other.amounts.isEmpty()) {
            return this;
        }
        Map<String, Long> sum = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new Resources(Map.copyOf(sum));
    }

    Resources max(Resources other) {
        Map<String, Long> max = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> max.merge(k, v, Math::max));
        return new Resources(Map.copyOf(max));
    }

    /** This request as scoring counts it: cpu and memory that are 0 take the defaults. */
    public Resources nonZero() {
        Map<String, Long> out = new TreeMap<>(amounts);
        if (get(CPU) == 0) {
            out.put(CPU, DEFAULT_MILLI_CPU);
        }
        if (get(MEMORY) == 0) {
            out.put(MEMORY, DEFAULT_MEMORY);
        }
        return new Resources(Map.copyOf(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resources r && amounts.equals(r.amounts);
    }

    @Override
    public int hashCode() {
        return amounts.hashCode();
    }

    @Override
    public String toString() {
        return amounts.toString();
    }
}
