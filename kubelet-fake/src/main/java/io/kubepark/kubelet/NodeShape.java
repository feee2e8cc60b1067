package io.kubepark.kubelet;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node offers: its cpu, memory and pod count, reported as both capacity and allocatable (as on a kind
 * node, nothing is reserved for the system).
 *
 * @param cpu    cores, as a Kubernetes quantity ({@code "4"}, {@code "2500m"})
 * @param memory bytes, as a Kubernetes quantity ({@code "16Gi"})
 * @param pods   how many pods the node takes
 */
public record NodeShape(String cpu, String memory, int pods) {
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    /** 4 cores, 16 GiB and 110 pods, like a small cloud node. */
    public static final NodeShape DEFAULT = new NodeShape("4", "16Gi", 110);

    public NodeShape {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        if (!QUANTITY.matcher(cpu).matches()) {
            throw new IllegalArgumentException("cpu is not a quantity: " + cpu);
        }
        if (!QUANTITY.matcher(memory).matches()) {
            throw new IllegalArgumentException("memory is not a quantity: " + memory);
        }
        if (pods < 0) {
            throw new IllegalArgumentException("pods must not be negative: " + pods);
        }
    }
}
