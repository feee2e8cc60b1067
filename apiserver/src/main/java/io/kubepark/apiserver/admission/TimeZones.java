package io.kubepark.apiserver.admission;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/** IANA time zone names as Go's {@code time.LoadLocation} and the CronJob validation accept them. */
public final class TimeZones {
    /** validTimeZoneCharacters of pkg/apis/batch/validation. */
    private static final Pattern PART = Pattern.compile("^[A-Za-z.\\-_0-9+]{1,14}$");

    private TimeZones() {
    }

    /** Whether {@code name} is a zone of the tz database ({@code UTC} included, {@code Local} and offsets not). */
    public static boolean known(String name) {
        return zone(name).isPresent();
    }

    /** The zone named {@code name}, or empty when Go would answer "unknown time zone". */
    public static Optional<ZoneId> zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return Optional.of(ZoneId.of("UTC"));
        }
        for (String part : name.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !PART.matcher(part).matches()) {
                return Optional.empty();
            }
        }
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(name));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
