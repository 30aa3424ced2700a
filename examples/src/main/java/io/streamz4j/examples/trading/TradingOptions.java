package io.streamz4j.examples.trading;

import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.Locale;

/**
 * The trading example's command-line options, parsed and checked: a bad value fails here with an
 * {@link IllegalArgumentException} naming the option, what it takes and what it got, before
 * anything starts.
 *
 * <pre>
 *   --rate N            ticks per second the feed publishes (default 1000000)
 *   --seconds N         how long the feed runs (default 10)
 *   --symbols N         how many instruments it quotes (default 100)
 *   --window D          the VWAP's sliding event-time window: 500ms, 1s, 250us, 2m (default 1s)
 *   --threshold-bps X   a signal fires when a tick's price is more than X basis points from its
 *                       symbol's VWAP (default 25)
 *   --seed N            the feed's random seed: the same seed, rate and symbols give the same ticks
 *   --wait S            how the strategy's thread waits for ticks: BUSY_SPIN, YIELDING (default),
 *                       SLEEPING or BLOCKING
 *   --print-orders N    how many of the first orders to print at the end (default 5)
 * </pre>
 *
 * <p>Thread safety: immutable.
 */
public record TradingOptions(long rate, int seconds, int symbols, Duration window, double thresholdBps, long seed,
        WaitStrategy waitStrategy, int printOrders) {
    /** At most one tick per nanosecond: exchange timestamps stay distinct. */
    public static final long MAX_RATE = 1_000_000_000L;
    public static final int MAX_SECONDS = 86_400;
    public static final int MAX_SYMBOLS = 100_000;
    public static final int MAX_PRINTED_ORDERS = 10_000;

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: TradingExample [--rate TICKS_PER_SECOND] [--seconds N] [--symbols N] [--window DURATION]",
            "                      [--threshold-bps X] [--seed N] [--wait BUSY_SPIN|YIELDING|SLEEPING|BLOCKING]",
            "                      [--print-orders N]",
            "  defaults: --rate 1000000 --seconds 10 --symbols 100 --window 1s --threshold-bps 25 --seed 1"
                    + " --wait YIELDING --print-orders 5",
            "  DURATION: a whole number and a unit, ns, us, ms, s or m (250us, 500ms, 1s), or ISO-8601 (PT0.5S)");

    /** Checks every value, naming the option it comes from. */
    public TradingOptions {
        requireRange("--rate", rate, 1, MAX_RATE, "ticks per second");
        requireRange("--seconds", seconds, 1, MAX_SECONDS, "seconds");
        requireRange("--symbols", symbols, 1, MAX_SYMBOLS, "symbols");
        requireRange("--print-orders", printOrders, 0, MAX_PRINTED_ORDERS, "orders");
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--window: expected a positive duration, got " + window);
        }
        if (window.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--window: expected at most a day, got " + window);
        }
        if (!(thresholdBps > 0) || Double.isInfinite(thresholdBps)) {
            throw new IllegalArgumentException("--threshold-bps: expected a positive, finite number of basis points,"
                    + " got " + thresholdBps);
        }
        if (waitStrategy == null) {
            throw new IllegalArgumentException("--wait: expected BUSY_SPIN, YIELDING, SLEEPING or BLOCKING, got null");
        }
    }

    /** The defaults, as the README's command runs them. */
    public static TradingOptions defaults() {
        return new TradingOptions(1_000_000, 10, 100, Duration.ofSeconds(1), 25, 1, WaitStrategy.YIELDING, 5);
    }

    /** Parses {@code args}; unknown options, missing values and values out of range fail with the option named. */
    public static TradingOptions parse(String... args) {
        TradingOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + option + "': options start with --");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + ": missing its value");
            }
            String value = args[++i];
            o = switch (option) {
                case "--rate" -> new TradingOptions(wholeNumber(option, value, "ticks per second"),
                        o.seconds, o.symbols, o.window, o.thresholdBps, o.seed, o.waitStrategy, o.printOrders);
                case "--seconds" -> new TradingOptions(o.rate, wholeInt(option, value, 1, MAX_SECONDS, "seconds"),
                        o.symbols, o.window, o.thresholdBps, o.seed, o.waitStrategy, o.printOrders);
                case "--symbols" -> new TradingOptions(o.rate, o.seconds, wholeInt(option, value, 1, MAX_SYMBOLS,
                        "symbols"), o.window, o.thresholdBps, o.seed, o.waitStrategy, o.printOrders);
                case "--window" -> new TradingOptions(o.rate, o.seconds, o.symbols, duration(option, value),
                        o.thresholdBps, o.seed, o.waitStrategy, o.printOrders);
                case "--threshold-bps" -> new TradingOptions(o.rate, o.seconds, o.symbols, o.window,
                        basisPoints(option, value), o.seed, o.waitStrategy, o.printOrders);
                case "--seed" -> new TradingOptions(o.rate, o.seconds, o.symbols, o.window, o.thresholdBps,
                        wholeNumber(option, value, "seed"), o.waitStrategy,
                        o.printOrders);
                case "--wait" -> new TradingOptions(o.rate, o.seconds, o.symbols, o.window, o.thresholdBps, o.seed,
                        waitStrategy(option, value), o.printOrders);
                case "--print-orders" -> new TradingOptions(o.rate, o.seconds, o.symbols, o.window, o.thresholdBps,
                        o.seed, o.waitStrategy, wholeInt(option, value, 0, MAX_PRINTED_ORDERS, "orders"));
                default -> throw new IllegalArgumentException("unknown option " + option);
            };
        }
        return o;
    }

    /** How many ticks the feed publishes in all. */
    public long totalTicks() {
        return rate * seconds;
    }

    /** A whole number for an int option: its range is checked before it is narrowed to an int. */
    private static int wholeInt(String option, String value, int min, int max, String what) {
        long n = wholeNumber(option, value, what);
        requireRange(option, n, min, max, what);
        return (int) n;
    }

    private static long wholeNumber(String option, String value, String what) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a whole number of " + what + ", got '" + value
                    + "'");
        }
    }

    private static void requireRange(String option, long n, long min, long max, String what) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + ": expected " + what + " from " + min + " to " + max + ", got "
                    + n);
        }
    }

    private static double basisPoints(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a number of basis points, got '" + value + "'");
        }
    }

    private static Duration duration(String option, String value) {
        try {
            return value.startsWith("PT") || value.startsWith("pt") ? Duration.parse(value) : withUnit(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": expected a duration such as 500ms, 1s or PT1S, got '"
                    + value + "'");
        }
    }

    private static Duration withUnit(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        long n = Long.parseLong(v.substring(0, digits));
        return switch (v.substring(digits)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1_000L));
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("no unit");
        };
    }

    private static WaitStrategy waitStrategy(String option, String value) {
        try {
            return WaitStrategy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": expected BUSY_SPIN, YIELDING, SLEEPING or BLOCKING, got '"
                    + value + "'");
        }
    }
}
