package io.personalizekit.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d} or an ISO-8601 duration ({@code PT30S}). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return positive(Duration.parse(value.trim()), value);
            }
            if (v.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> positive(Duration.ofSeconds(n), value);
                case 'm' -> positive(Duration.ofMinutes(n), value);
                case 'h' -> positive(Duration.ofHours(n), value);
                case 'd' -> positive(Duration.ofDays(n), value);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration: write 250ms, 30s, 5m, 2h, 3d or PT30S (more than 0)");
        }
    }

    private static Duration positive(Duration d, String value) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(value);
        }
        return d;
    }
}
