package io.kubelab.engine.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code resource.Quantity}: parsing with the API server's error messages, and the canonical
 * form it prints ({@code 0.5} → {@code 500m}, {@code 1024Mi} → {@code 1Gi}).
 */
public final class Quantities {
    private Quantities() {}

    /** {@code resource.ErrFormatWrong}. */
    public static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private static final Pattern QUANTITY = Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
    private static final Map<String, Integer> DECIMAL_SUFFIX = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3,
            "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY_SUFFIX = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40,
            "Pi", 50, "Ei", 60);

    /** A parsed quantity: its exact value and how Go would format it back. */
    public record Parsed(BigDecimal value, char format) {
        static final char DECIMAL_SI = 'd';
        static final char BINARY_SI = 'b';
        static final char DECIMAL_EXPONENT = 'e';
    }

    /**
     * Parses a quantity as {@code resource.ParseQuantity} does.
     *
     * @throws IllegalArgumentException with Go's message ({@code quantities must match …}, {@code unable to
     *                                  parse numeric part of quantity}, {@code unable to parse quantity's suffix})
     */
    public static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(FORMAT_WRONG);
        }
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(FORMAT_WRONG);
        }
        String number = m.group(1);
        String suffix = m.group(2);
        String digits = number.startsWith("+") || number.startsWith("-") ? number.substring(1) : number;
        if (digits.chars().filter(c -> c == '.').count() > 1 || digits.replace(".", "").isEmpty()) {
            throw new IllegalArgumentException("unable to parse numeric part of quantity");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to parse numeric part of quantity");
        }
        if (BINARY_SUFFIX.containsKey(suffix)) {
            return new Parsed(value.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY_SUFFIX.get(suffix)))),
                    Parsed.BINARY_SI);
        }
        if (DECIMAL_SUFFIX.containsKey(suffix)) {
            return new Parsed(value.scaleByPowerOfTen(DECIMAL_SUFFIX.get(suffix)), Parsed.DECIMAL_SI);
        }
        if (suffix.matches("[eE][-+]?[0-9]+")) {
            return new Parsed(value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))),
                    Parsed.DECIMAL_EXPONENT);
        }
        throw new IllegalArgumentException("unable to parse quantity's suffix");
    }

    /**
     * The canonical form Go's {@code Quantity.String()} prints: {@code 0.5} → {@code 500m},
     * {@code 1000m} → {@code 1}, {@code 1024Mi} → {@code 1Gi}, {@code 2000} → {@code 2k}. Values
     * are first rounded up to nano precision, as the API server stores them.
     */
    public static String canonical(String text) {
        Parsed q = parse(text);
        BigDecimal v = q.value().setScale(9, RoundingMode.UP).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        char format = q.format();
        if (format == Parsed.BINARY_SI) {
            // Small values and fractions are shown as decimal SI, to avoid rounding.
            if (v.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || v.scale() > 0) {
                format = Parsed.DECIMAL_SI;
            } else {
                BigInteger n = v.toBigIntegerExact();
                int exp = 0;
                BigInteger k = BigInteger.valueOf(1024);
                while (exp < 60 && n.mod(k).signum() == 0 && n.abs().compareTo(k) >= 0) {
                    n = n.divide(k);
                    exp += 10;
                }
                String suffix = exp == 0 ? "" : new String[] {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}[exp / 10];
                return n + suffix;
            }
        }
        // Decimal: an integer mantissa and an exponent that is a multiple of 3, mantissa as small as possible.
        BigInteger unscaled = v.unscaledValue();
        int exponent = -v.scale();
        while (unscaled.signum() != 0 && unscaled.mod(BigInteger.TEN).signum() == 0) {
            unscaled = unscaled.divide(BigInteger.TEN);
            exponent++;
        }
        int rem = Math.floorMod(exponent, 3);
        unscaled = unscaled.multiply(BigInteger.TEN.pow(rem));
        exponent -= rem;
        if (format == Parsed.DECIMAL_EXPONENT) {
            return exponent == 0 ? unscaled.toString() : unscaled + "e" + exponent;
        }
        String suffix = switch (exponent) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 0 -> "";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> null;
        };
        return suffix == null ? unscaled + "e" + exponent : unscaled + suffix;
    }
}
