package io.streamz4j.examples.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The trading example's options: defaults, every option parsed, and every bad value refused naming its option. */
class TradingOptionsTest {
    @Test
    void withoutArgumentsTheDefaultsHold() {
        TradingOptions o = TradingOptions.parse();
        assertEquals(1_000_000, o.rate());
        assertEquals(10, o.seconds());
        assertEquals(100, o.symbols());
        assertEquals(Duration.ofSeconds(1), o.window());
        assertEquals(25, o.thresholdBps());
        assertEquals(WaitStrategy.YIELDING, o.waitStrategy());
        assertEquals(10_000_000, o.totalTicks());
    }

    @Test
    void everyOptionIsParsed() {
        TradingOptions o = TradingOptions.parse("--rate", "250_000", "--seconds", "3", "--symbols", "7", "--window",
                "250us", "--threshold-bps", "12.5", "--seed", "-4", "--wait", "busy_spin", "--print-orders", "0");
        assertEquals(new TradingOptions(250_000, 3, 7, Duration.ofNanos(250_000), 12.5, -4, WaitStrategy.BUSY_SPIN, 0),
                o);
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "3m, PT3M", "750ns, PT0.00000075S", "PT1.5S, PT1.5S"})
    void windowsTakeAUnitOrIso8601(String given, String expected) {
        assertEquals(Duration.parse(expected), TradingOptions.parse("--window", given).window());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rate|0|--rate: expected ticks per second from 1 to 1000000000, got 0",
        "--rate|-5|--rate: expected ticks per second from 1 to 1000000000, got -5",
        "--rate|2000000000|--rate: expected ticks per second from 1 to 1000000000, got 2000000000",
        "--rate|fast|--rate: expected a whole number of ticks per second, got 'fast'",
        "--rate|1.5|--rate: expected a whole number of ticks per second, got '1.5'",
        "--seconds|0|--seconds: expected seconds from 1 to 86400, got 0",
        "--seconds|4294967297|--seconds: expected seconds from 1 to 86400, got 4294967297",
        "--seconds|86401|--seconds: expected seconds from 1 to 86400, got 86401",
        "--symbols|0|--symbols: expected symbols from 1 to 100000, got 0",
        "--symbols|many|--symbols: expected a whole number of symbols, got 'many'",
        "--window|0s|--window: expected a positive duration, got PT0S",
        "--window|-1s|--window: expected a duration such as 500ms, 1s or PT1S, got '-1s'",
        "--window|1h|--window: expected a duration such as 500ms, 1s or PT1S, got '1h'",
        "--window|ms|--window: expected a duration such as 500ms, 1s or PT1S, got 'ms'",
        "--window|2d|--window: expected a duration such as 500ms, 1s or PT1S, got '2d'",
        "--window|PT25H|--window: expected at most a day, got PT25H",
        "--threshold-bps|0|--threshold-bps: expected a positive, finite number of basis points, got 0.0",
        "--threshold-bps|Infinity|--threshold-bps: expected a positive, finite number of basis points, got Infinity",
        "--threshold-bps|NaN|--threshold-bps: expected a positive, finite number of basis points, got NaN",
        "--threshold-bps|wide|--threshold-bps: expected a number of basis points, got 'wide'",
        "--wait|NAP|--wait: expected BUSY_SPIN, YIELDING, SLEEPING or BLOCKING, got 'NAP'",
        "--print-orders|-1|--print-orders: expected orders from 0 to 10000, got -1",
        "--speed|3|unknown option --speed"})
    void aBadValueFailsNamingItsOption(String option, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TradingOptions.parse(option, value));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aMissingValueOrAStrayArgumentFails() {
        assertEquals("--rate: missing its value",
                assertThrows(IllegalArgumentException.class, () -> TradingOptions.parse("--rate")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TradingOptions.parse("1000"))
                .getMessage().startsWith("unexpected argument '1000'"));
    }
}
