package io.streamz4j.frame.window;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pandas' Timedelta strings as streamz windows take them ({@code "2h"}, {@code "100ms"},
 * {@code "200 minutes"}, {@code "1d"}, {@code "10s"}), and ISO-8601 ({@code "PT2H"}).
 *
 * <p>Thread safety: stateless.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*");
    private static final Map<String, Long> UNIT_NANOS = Map.ofEntries(
            Map.entry("ns", 1L), Map.entry("nanosecond", 1L), Map.entry("nanoseconds", 1L),
            Map.entry("us", 1_000L), Map.entry("microsecond", 1_000L), Map.entry("microseconds", 1_000L),
            Map.entry("ms", 1_000_000L), Map.entry("millisecond", 1_000_000L), Map.entry("milliseconds", 1_000_000L),
            Map.entry("l", 1_000_000L),
            Map.entry("s", 1_000_000_000L), Map.entry("sec", 1_000_000_000L), Map.entry("second", 1_000_000_000L),
            Map.entry("seconds", 1_000_000_000L),
            Map.entry("m", 60_000_000_000L), Map.entry("t", 60_000_000_000L), Map.entry("min", 60_000_000_000L),
            Map.entry("minute", 60_000_000_000L), Map.entry("minutes", 60_000_000_000L),
            Map.entry("h", 3_600_000_000_000L), Map.entry("hour", 3_600_000_000_000L),
            Map.entry("hours", 3_600_000_000_000L),
            Map.entry("d", 86_400_000_000_000L), Map.entry("day", 86_400_000_000_000L),
            Map.entry("days", 86_400_000_000_000L),
            Map.entry("w", 7 * 86_400_000_000_000L), Map.entry("week", 7 * 86_400_000_000_000L),
            Map.entry("weeks", 7 * 86_400_000_000_000L));

    private Durations() {
    }

    /** The duration a pandas Timedelta string or ISO-8601 text names; a clear error for anything else. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a window duration needs text like \"2h\" or \"100ms\", got '" + text + "'");
        }
        if (text.startsWith("P") || text.startsWith("-P")) {
            return positive(Duration.parse(text), text);
        }
        Matcher m = SIMPLE.matcher(text);
        Long unit = m.matches() ? UNIT_NANOS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("cannot read '" + text + "' as a duration: expected a number and a"
                    + " unit (ns, us, ms, s, min, h, d, w, or their names), e.g. \"2h\"");
        }
        return positive(Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * unit)), text);
    }

    /** Checks a window span: positive. */
    public static Duration positive(Duration span, Object what) {
        if (span == null || span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("a window's span must be positive, got " + what);
        }
        return span;
    }
}
