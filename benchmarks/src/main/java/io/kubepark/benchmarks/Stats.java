package io.kubepark.benchmarks;

import java.util.Arrays;

/** Order statistics over samples. */
final class Stats {
    private Stats() {
    }

    /** The median: the middle sample, or the mean of the two middle ones. */
    static double median(double[] samples) {
        double[] sorted = sorted(samples);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile {@code p} (0 &lt; p &le; 100). */
    static double percentile(double[] samples, double p) {
        double[] sorted = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    static double mean(double[] samples) {
        requireSamples(samples);
        return Arrays.stream(samples).average().orElseThrow();
    }

    private static double[] sorted(double[] samples) {
        requireSamples(samples);
        double[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static void requireSamples(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
    }
}
