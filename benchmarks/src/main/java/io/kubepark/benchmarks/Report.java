package io.kubepark.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the results of both targets as Markdown. */
final class Report {
    private static final String MISSING = "—";

    private Report() {
    }

    /**
     * The table, the note on ratios, the failures if any, and the machine, date and command.
     *
     * @param results  what each target measured (a failed target has fewer entries)
     * @param failures why a target failed, by target
     * @param command  the command line that produced these results
     */
    static String render(Options options, Map<Target, Map<Measure, Double>> results,
            Map<Target, String> failures, String command) {
        List<String> lines = new ArrayList<>();
        lines.add("| measure | " + Target.KUBEPARK.displayName() + " | " + Target.MOCK.displayName()
                + " | KubePark / mock |");
        lines.add("|---|---:|---:|---:|");
        for (Measure m : Measure.values()) {
            Double kubepark = value(results, Target.KUBEPARK, m);
            Double mock = value(results, Target.MOCK, m.mockCounterpart());
            lines.add("| " + m.label(options) + " | " + cell(m, kubepark) + " | " + mockCell(m, mock) + " | "
                    + ratio(m, kubepark, mock) + " |");
        }
        lines.add("");
        lines.add("Ratio: KubePark/mock for throughputs, mock/KubePark for times, so above 1 always means"
                + " KubePark is better.");
        lines.add("Both servers ran as child JVMs; the client was fabric8 kubernetes-client "
                + io.fabric8.kubernetes.client.Version.clientVersion()
                + " (JDK HTTP client) in the harness JVM, over loopback; mock = KubernetesMockServer in CRUD mode.");
        failures.forEach((target, why) -> lines.add("**" + target.displayName() + " failed:** " + why));
        lines.add("");
        lines.add("- Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), "
                + memTotal() + " RAM (MemTotal), " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + " (harness and both servers)");
        lines.add("- Date: " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.add("- Command: `" + command + "`");
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static Double value(Map<Target, Map<Measure, Double>> results, Target target, Measure measure) {
        Map<Measure, Double> values = results.get(target);
        return values == null ? null : values.get(measure);
    }

    private static String cell(Measure measure, Double value) {
        return value == null ? MISSING : measure.format(value);
    }

    /** The mock's cell: its pods never run, which the table says rather than leaving a gap. */
    private static String mockCell(Measure measure, Double value) {
        if (value == null && measure.needsControllers()) {
            if (measure == Measure.DNS_QUERIES) {
                return "— (no DNS)";
            }
            if (measure.name().startsWith("STS")) {
                return "never (no StatefulSet controller)";
            }
            return measure.name().startsWith("DEPLOYMENT") ? "never (no Deployment controller)"
                    : "never (no scheduler or kubelet)";
        }
        return cell(measure, value);
    }

    private static String ratio(Measure measure, Double kubepark, Double mock) {
        if (kubepark == null || mock == null) {
            return MISSING;
        }
        double better = measure.higherIsBetter() ? kubepark / mock : mock / kubepark;
        return Double.isFinite(better) ? String.format(Locale.ROOT, "%.2f×", better) : MISSING;
    }

    /** MemTotal from /proc/meminfo in GiB, or "unknown" where there is no such file. */
    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }
}
