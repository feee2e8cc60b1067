package io.kubepark.apiserver.admission;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The error a v1.33 API server gives for a CronJob schedule: the message of robfig/cron v3's
 * {@code ParseStandard}, which {@code validateScheduleFormat} puts after {@code Invalid value}. Only the error is
 * computed here; the CronJob controller computes schedule times with cron-utils.
 */
public final class CronSchedules {
    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);
    private static final List<Bounds> FIELDS = List.of(new Bounds(0, 59, Map.of()), new Bounds(0, 23, Map.of()),
            new Bounds(1, 31, Map.of()), new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    /** A Go duration as time.ParseDuration reads it, such as {@code 1h30m} or {@code 90s}. */
    public static final Pattern GO_DURATION =
            Pattern.compile("([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+");

    private CronSchedules() {
    }

    /** robfig/cron's error for {@code spec}, or empty when it parses. */
    public static Optional<String> error(String spec) {
        if (spec.isEmpty()) {
            return Optional.of("empty spec string");
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            String zone = space < 0 ? spec.substring(eq + 1) : spec.substring(eq + 1, space);
            if (!TimeZones.known(zone)) {
                return Optional.of("provided bad location " + zone + ": unknown time zone " + zone);
            }
            spec = space < 0 ? "" : spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            if (DESCRIPTORS.contains(spec)) {
                return Optional.empty();
            }
            if (spec.startsWith("@every ")) {
                String d = spec.substring("@every ".length());
                return GO_DURATION.matcher(d).matches() ? Optional.empty()
                        : Optional.of("failed to parse duration " + spec + ": time: invalid duration \"" + d + "\"");
            }
            return Optional.of("unrecognized descriptor: " + spec);
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.strip().split("\\s+");
        if (fields.length != 5) {
            return Optional.of("expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields)
                    + "]");
        }
        for (int i = 0; i < 5; i++) {
            for (String range : fields[i].split(",", -1)) {
                Optional<String> e = range(range, FIELDS.get(i));
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    /** robfig/cron's getRange. */
    private static Optional<String> range(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        long start;
        long end;
        try {
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                start = r.min();
                end = r.max();
            } else {
                start = intOrName(lowAndHigh[0], r.names());
                if (lowAndHigh.length == 1) {
                    end = start;
                } else if (lowAndHigh.length == 2) {
                    end = intOrName(lowAndHigh[1], r.names());
                } else {
                    return Optional.of("too many hyphens: " + expr);
                }
            }
            long step = 1;
            if (rangeAndStep.length == 2) {
                step = parseInt(rangeAndStep[1]);
                if (lowAndHigh.length == 1) {
                    end = r.max();
                }
            } else if (rangeAndStep.length > 2) {
                return Optional.of("too many slashes: " + expr);
            }
            if (start < r.min()) {
                return Optional.of("beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr);
            }
            if (end > r.max()) {
                return Optional.of("end of range (" + end + ") above maximum (" + r.max() + "): " + expr);
            }
            if (start > end) {
                return Optional.of("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
            }
            if (step == 0) {
                return Optional.of("step of range should be a positive number: " + expr);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static long intOrName(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        return named != null ? named : parseInt(expr);
    }

    /** robfig/cron's mustParseInt, with Go's strconv.Atoi errors. */
    private static long parseInt(String expr) {
        long n;
        try {
            if (!expr.matches("[+-]?[0-9]+")) {
                throw new NumberFormatException();
            }
            n = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            String reason = expr.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw new IllegalArgumentException("failed to parse int from " + expr + ": strconv.Atoi: parsing \""
                    + expr + "\": " + reason);
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + expr);
        }
        return n;
    }
}
