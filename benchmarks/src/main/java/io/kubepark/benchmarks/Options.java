package io.kubepark.benchmarks;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The harness's command line.
 *
 * @param kubeparkJar the KubePark fat jar ({@code --kubepark-jar})
 * @param objects     objects behind the label-selected list ({@code --objects})
 * @param ops         operations per throughput measure ({@code --ops})
 * @param out         a file to also write the table to, or {@code null} ({@code --out})
 * @param targets     the servers to measure ({@code --only kubepark|mock}; both by default)
 */
record Options(Path kubeparkJar, int objects, int ops, Path out, Set<Target> targets) {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: benchmarks/run.sh [options]",
            "  --kubepark-jar PATH  KubePark jar (default emulator/target/kubepark.jar)",
            "  --objects N          objects behind the label-selected list, >= 100 (default 10000)",
            "  --ops N              operations per throughput measure (default 2000)",
            "  --out FILE           also write the Markdown table to FILE",
            "  --only kubepark|mock measure one server only",
            "  --help               show this help");

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException with a message for the user if they are wrong
     */
    static Options parse(List<String> args) {
        Path jar = Path.of("emulator", "target", "kubepark.jar");
        int objects = 10_000;
        int ops = 2_000;
        Path out = null;
        Set<Target> targets = EnumSet.allOf(Target.class);
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value for " + name + System.lineSeparator() + USAGE);
            }
            String value = args.get(++i);
            switch (name) {
                case "--kubepark-jar" -> jar = Path.of(value);
                case "--objects" -> objects = positive(name, value);
                case "--ops" -> ops = positive(name, value);
                case "--out" -> out = Path.of(value);
                case "--only" -> targets = EnumSet.of(Target.named(value.toLowerCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown option " + name + System.lineSeparator() + USAGE);
            }
        }
        if (objects < 100) {
            throw new IllegalArgumentException("--objects must be at least 100 (every 100th object is selected)");
        }
        return new Options(jar, objects, ops, out, targets);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " needs a positive whole number, not " + value);
    }
}
