package io.streamz4j.examples.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.MarketTickEncoder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Runs the trading example as the README does, in its own JVM with the build's flags, for three
 * seconds at 20,000 ticks a second over 5 symbols, and checks what it prints: progress lines, every
 * tick handled, orders sent with no strategy error, the latency summary, the GC count, and that
 * each printed order's VWAP is the VWAP of its symbol's ticks in the window, recomputed here with
 * plain loops over the same feed (same seed). No timing is asserted.
 */
class TradingExampleTest {
    private static final int RATE = 20_000;
    private static final int SECONDS = 3;
    private static final int SYMBOLS = 5;
    private static final long WINDOW_NANOS = 200_000_000;
    private static final double THRESHOLD_BPS = 2;
    private static final long SEED = 7;

    private static final Pattern PROGRESS = Pattern.compile(
            " +\\d+ s  ticks +[\\d,]+  signals +[\\d,]+  orders +[\\d,]+  rate +[\\d,]+ ticks/s");
    private static final Pattern DONE = Pattern.compile("done: ([\\d,]+) ticks in [\\d.]+ s \\([\\d,]+ ticks/s\\),"
            + " ([\\d,]+) signals, ([\\d,]+) orders \\(([\\d,]+) buys, ([\\d,]+) sells\\), (\\d+) strategy errors");
    private static final Pattern LATENCY = Pattern.compile("latency, tick due to order sent, ns \\(([\\d,]+) orders\\):"
            + " p50 ([\\d,]+)  p99 ([\\d,]+)  p99\\.9 ([\\d,]+)  max ([\\d,]+)");
    private static final Pattern STEADY = Pattern.compile("latency after warm-up \\(ticks due from 2 s on\\), ns"
            + " \\(([\\d,]+) orders\\): p50 [\\d,]+  p99 [\\d,]+  p99\\.9 [\\d,]+  max [\\d,]+");
    private static final Pattern GC = Pattern.compile("GC: \\d+ collections during the run \\(.+\\);"
            + " (\\d+ after warm-up \\(from 2 s on\\)|after warm-up not measured)");
    private static final Pattern ORDER = Pattern.compile("  order (\\d+): (BUY|SELL) +(\\S+) +100 @ ([\\d.]+)"
            + " vwap ([\\d.]+) \\(([+-][\\d.]+) bps\\) tick (\\d+)");

    @Test
    void printsProgressOrdersAndASummaryWhoseVwapsMatchAPlainRecomputation() throws Exception {
        List<String> out = run("--rate", "" + RATE, "--seconds", "" + SECONDS, "--symbols", "" + SYMBOLS,
                "--window", "200ms", "--threshold-bps", "" + THRESHOLD_BPS, "--seed", "" + SEED,
                "--print-orders", "40");
        String all = String.join("\n", out);

        assertTrue(out.get(0).startsWith("trading: 5 symbols, 20,000 ticks/s for 3 s, VWAP over a sliding 0.2s window"),
                all);
        assertTrue(out.stream().anyMatch(line -> PROGRESS.matcher(line).matches()), "a progress line:\n" + all);

        Matcher done = find(out, DONE);
        long orders = number(done.group(3));
        assertEquals((long) RATE * SECONDS, number(done.group(1)), "every tick published");
        assertTrue(orders > 0, "orders were sent:\n" + all);
        assertTrue(number(done.group(2)) >= orders, "an order needs a signal");
        assertEquals(orders, number(done.group(4)) + number(done.group(5)));
        assertEquals("0", done.group(6), "no strategy error:\n" + all);

        Matcher latency = find(out, LATENCY);
        assertEquals(orders, number(latency.group(1)), "one latency per order");
        for (int g = 2; g < 5; g++) {
            assertTrue(number(latency.group(g)) <= number(latency.group(g + 1)), "percentiles in order: " + all);
        }
        Matcher steady = find(out, STEADY);
        assertTrue(number(steady.group(1)) > 0 && number(steady.group(1)) < orders,
                "the orders after warm-up are some of them:\n" + all);
        assertTrue(out.stream().anyMatch(line -> GC.matcher(line).matches()), "the GC line:\n" + all);

        List<Matcher> printed = out.stream().map(ORDER::matcher).filter(Matcher::matches).toList();
        assertEquals(Math.min(40, orders), printed.size(), "the first orders are printed:\n" + all);
        Feed feed = new Feed(RATE * SECONDS);
        for (Matcher order : printed) {
            int tick = feed.indexOf(Long.parseLong(order.group(7)));
            String symbol = order.group(3);
            assertEquals(feed.symbols.get(tick), symbol, order.group());
            assertEquals(feed.prices[tick], Double.parseDouble(order.group(4)), 0.00005, order.group());
            double vwap = feed.vwap(tick);
            assertEquals(vwap, Double.parseDouble(order.group(5)), 0.000001, "VWAP of " + order.group());
            double deviation = VwapStrategy.deviationBps(feed.prices[tick], vwap);
            assertTrue(Math.abs(deviation) > THRESHOLD_BPS, order.group());
            assertEquals(deviation < 0 ? "BUY" : "SELL", order.group(2), order.group());
        }
    }

    @Test
    void aBadOptionExitsWithStatus2NamingIt() throws Exception {
        Process process = start(ProcessBuilder.Redirect.PIPE, "--symbols", "none");
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example did not exit");
        assertEquals(2, process.exitValue());
        // The JVM may warn first (the build's flags add the incubating Vector API module).
        assertTrue(err.lines().anyMatch("trading: --symbols: expected a whole number of symbols, got 'none'"::equals),
                err);
        assertTrue(err.contains("usage: TradingExample"), err);
    }

    /** The feed's ticks, regenerated through the same encoder the example writes, and read back. */
    private static final class Feed {
        final MarketFeed feed = new MarketFeed(SYMBOLS, RATE, SEED);
        final List<String> symbols = new ArrayList<>();
        final double[] prices;
        final long[] quantities;
        final long[] timestamps;

        Feed(int ticks) {
            prices = new double[ticks];
            quantities = new long[ticks];
            timestamps = new long[ticks];
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[MarketTickEncoder.BLOCK_LENGTH]);
            MarketTickEncoder encoder = new MarketTickEncoder().wrap(buffer, 0);
            MarketTickDecoder decoder = new MarketTickDecoder().wrap(buffer, 0, MarketTickDecoder.BLOCK_LENGTH,
                    MarketTickDecoder.SCHEMA_VERSION);
            for (int i = 0; i < ticks; i++) {
                assertEquals(i, feed.next(encoder));
                symbols.add(decoder.symbol());
                prices[i] = decoder.price();
                quantities[i] = decoder.quantity();
                timestamps[i] = decoder.exchangeTimestamp();
            }
        }

        int indexOf(long timestamp) {
            for (int i = 0; i < timestamps.length; i++) {
                if (timestamps[i] == timestamp) {
                    return i;
                }
            }
            throw new AssertionError("no tick at " + timestamp);
        }

        /** sum(price * quantity) / sum(quantity) over the tick's symbol's ticks in (t - window, t]. */
        double vwap(int tick) {
            double notional = 0;
            long quantity = 0;
            for (int i = 0; i <= tick; i++) {
                if (symbols.get(i).equals(symbols.get(tick)) && timestamps[i] > timestamps[tick] - WINDOW_NANOS) {
                    notional += prices[i] * quantities[i];
                    quantity += quantities[i];
                }
            }
            return notional / quantity;
        }
    }

    private static Matcher find(List<String> out, Pattern pattern) {
        for (String line : out) {
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no line matches " + pattern + " in:\n" + String.join("\n", out));
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static List<String> run(String... args) throws IOException, InterruptedException {
        Process process = start(ProcessBuilder.Redirect.INHERIT, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example did not exit");
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    /** The example in a JVM of its own, with this JVM's flags (the build's) and class path. */
    private static Process start(ProcessBuilder.Redirect err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                    || arg.startsWith("-Dstreamz4j.") || arg.startsWith("-Dchronicle.")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TradingExample.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err).start();
    }
}
