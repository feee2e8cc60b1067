package io.kubepark.kubelet;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration} syntax without a sign, and Go's {@code Duration.String} for whole seconds. */
final class GoDuration {
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** The duration written as {@code "500ms"}, {@code "5s"}, {@code "1m30s"} or {@code "0"}; null when malformed. */
    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            String number = text.substring(numberStart, unitStart);
            Long unit = NANOS_PER_UNIT.get(text.substring(unitStart, i));
            if (unit == null || !number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException tooLargeOrFractional) {
            return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                    ? null : Duration.ofNanos(nanos.longValue());
        }
    }

    /** {@code 10s}, {@code 1m20s}, {@code 5m0s}: how the kubelet prints a back-off. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return (h > 0 ? h + "h" : "") + m + "m" + (s % 60) + "s";
    }
}
