package io.kubepark.controllers.cronjob;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.kubepark.apiserver.admission.CronSchedules;
import io.kubepark.apiserver.admission.TimeZones;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob's schedule in its time zone: when it fires next after a given time (robfig/cron's
 * {@code Schedule.Next}). 5-field expressions are parsed and stepped with cron-utils' UNIX definition; the
 * {@code @hourly}-style descriptors are the expressions robfig/cron gives them, and {@code @every <duration>} is a
 * constant delay.
 */
final class Schedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");

    private final ExecutionTime execution;
    private final Duration every;
    private final ZoneId zone;

    private Schedule(ExecutionTime execution, Duration every, ZoneId zone) {
        this.execution = execution;
        this.every = every;
        this.zone = zone;
    }

    /**
     * Parses {@code spec} (which may start with {@code TZ=} or {@code CRON_TZ=}) read in {@code zone}; an
     * IllegalArgumentException carries robfig/cron's message when it does not parse.
     */
    static Schedule parse(String spec, ZoneId zone) {
        Optional<String> error = CronSchedules.error(spec);
        if (error.isPresent()) {
            throw new IllegalArgumentException(error.get());
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            zone = TimeZones.zone(spec.substring(spec.indexOf('=') + 1, space)).orElseThrow();
            spec = spec.substring(space).strip();
        }
        if (spec.startsWith("@every ")) {
            return new Schedule(null, goDuration(spec.substring("@every ".length())), zone);
        }
        String expression = DESCRIPTORS.getOrDefault(spec, spec).strip().replaceAll("(^|\\s)\\?(?=\\s|$)", "$1*");
        try {
            return new Schedule(ExecutionTime.forCron(PARSER.parse(expression)), null, zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The first time after {@code t} (strictly, to the second) at which the schedule fires, or null for never. */
    Instant next(Instant t) {
        if (every != null) {
            long seconds = Math.max(1, every.getSeconds());
            return t.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        }
        ZonedDateTime from = t.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        return execution.nextExecution(from).map(ZonedDateTime::toInstant).orElse(null);
    }

    ZoneId zone() {
        return zone;
    }

    /** Go's time.ParseDuration for the forms a schedule uses. */
    private static Duration goDuration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        double nanos = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Duration.ofNanos((long) nanos);
    }
}
