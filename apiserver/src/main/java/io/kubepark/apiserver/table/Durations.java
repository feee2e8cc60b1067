package io.kubepark.apiserver.table;

import java.time.Duration;

/**
 * Human-readable durations as kubectl and kube-apiserver print them in AGE-like columns
 * (the behaviour of apimachinery's {@code duration.HumanDuration}).
 */
public final class Durations {

    // The largest duration Go can represent, in whole seconds; longer spans saturate to it.
    private static final long MAX_GO_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private Durations() {
    }

    /**
     * Formats a duration with roughly two or three significant figures: {@code "45s"}, {@code "3m12s"},
     * {@code "25m"}, {@code "5h7m"}, {@code "20h"}, {@code "3d4h"}, {@code "100d"}, {@code "3y20d"}, {@code "9y"}.
     * Slightly negative durations (clock skew under two seconds) print as {@code "0s"}; anything more negative
     * prints as {@code "<invalid>"}.
     *
     * @param d the elapsed time, may be negative
     * @return the short text form
     */
    public static String human(Duration d) {
        long seconds = truncatedSeconds(d);
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds > MAX_GO_SECONDS) {
            seconds = MAX_GO_SECONDS;
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            long years = hours / 24 / 365;
            return days == 0 ? years + "y" : years + "y" + days + "d";
        }
        return (hours / 24 / 365) + "y";
    }

    // Whole seconds of {@code d}, truncated toward zero as Go's {@code int(d.Seconds())} does.
    private static long truncatedSeconds(Duration d) {
        long s = d.getSeconds();
        if (s < 0 && d.getNano() > 0) {
            s += 1;
        }
        return s;
    }
}
