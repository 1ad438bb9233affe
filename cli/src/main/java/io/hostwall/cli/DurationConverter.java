package io.hostwall.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A duration flag: {@code 250ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code PT90S}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    /** No interval of a firewall daemon needs more; a larger one is a typo. */
    private static final Duration MAX = Duration.ofDays(1);

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d.isNegative() || d.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("must be between 0 and 24h, not " + Quote.of(value));
        }
        return d;
    }

    private static Duration parse(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("not a duration such as 250ms, 90s or 5m: " + Quote.of(value));
        }
    }
}
