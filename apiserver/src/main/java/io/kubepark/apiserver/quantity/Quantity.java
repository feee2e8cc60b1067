package io.kubepark.apiserver.quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 0.5}, {@code 2Gi}, {@code 1e3}, {@code 129M}) held as
 * its exact decimal value. Equal amounts compare equal whatever their spelling: {@code 1000m}, {@code 1} and
 * {@code 1e0} are the same quantity.
 */
public final class Quantity implements Comparable<Quantity> {

    /** A quantity of zero. */
    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO);

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(?:([eE][+-]?[0-9]+)|([a-zA-Z]*))");
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", KI),
            Map.entry("Mi", KI.pow(2)),
            Map.entry("Gi", KI.pow(3)),
            Map.entry("Ti", KI.pow(4)),
            Map.entry("Pi", KI.pow(5)),
            Map.entry("Ei", KI.pow(6)));

    private final BigDecimal amount;

    private Quantity(BigDecimal amount) {
        this.amount = amount;
    }

    /**
     * Parses the quantity syntax of Kubernetes: a signed decimal number followed by a binary suffix
     * (Ki…Ei), a decimal SI suffix (n, u, m, k, M…E) or a decimal exponent ({@code e3}, {@code E-2}).
     *
     * @throws IllegalArgumentException when the text is not a quantity
     */
    public static Quantity parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw invalid(text);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int exponent;
            try {
                exponent = Integer.parseInt(m.group(2).substring(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            return new Quantity(number.scaleByPowerOfTen(exponent));
        }
        BigDecimal multiplier = SUFFIXES.get(m.group(3));
        if (multiplier == null) {
            throw invalid(text);
        }
        return new Quantity(number.multiply(multiplier));
    }

    /** A whole number of units, e.g. bytes or a count. */
    public static Quantity of(long units) {
        return new Quantity(BigDecimal.valueOf(units));
    }

    /** An amount given in thousandths, e.g. millicores. */
    public static Quantity ofMilli(long milliUnits) {
        return new Quantity(BigDecimal.valueOf(milliUnits, 3));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("unable to parse quantity's suffix: " + text);
    }

    /** The exact amount. */
    public BigDecimal amount() {
        return amount;
    }

    /** The amount in whole units (bytes, a count), rounded up as Kubernetes' {@code Value()} does. */
    public long value() {
        return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The amount in thousandths of a unit (millicores for cpu), rounded up as {@code MilliValue()} does. */
    public long milliValue() {
        return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public Quantity plus(Quantity other) {
        return new Quantity(amount.add(other.amount));
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.stripTrailingZeros().hashCode();
    }

    /** The plain decimal amount, e.g. {@code 0.1} for {@code 100m}; not the canonical Kubernetes spelling. */
    @Override
    public String toString() {
        return amount.stripTrailingZeros().toPlainString();
    }
}
