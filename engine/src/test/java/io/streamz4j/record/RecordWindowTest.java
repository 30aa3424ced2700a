package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.runtime.WaitStrategy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;

/**
 * Keyed record windows: every aggregate a window emits, field by field, equals what a plain Java
 * computation over the same ticks gives (window contents rebuilt from scratch per emission, sums in
 * plain loops), for each kind of window, over seeded random ticks of many symbols (some seen once),
 * with times on a coarse grid so records fall exactly on {@code t - L} and on multiples of
 * {@code L}, one-tick windows ({@code L} of one nanosecond, {@code n} of 1) and late records. The
 * ticks go through a real {@link RecordRing}: produced on the test thread, windowed on the ring's
 * consumer thread, the ring wrapping many times. The sliding and tumbling count windows mirror
 * streamz's {@code sliding_window(n, return_partial=True)} and {@code partition(n)}.
 */
class RecordWindowTest {
    private static final int TICKS = 20_000;
    private static final ToLongFunction<TickDecoder> SYMBOL =
            RecordKeys.ascii(TickDecoder.symbolEncodingOffset(), TickDecoder.symbolLength());

    /** One tick of the random feed, as the plain computation sees it. */
    private record Tick(String symbol, double price, long quantity, long time) {
    }

    /** One emitted aggregate, every field, and the sequence of the tick it was emitted on. */
    private record Aggregate(long sequence, String symbol, long windowStart, long windowEnd, long count, double sum,
            double mean, double min, double max, double weightSum, double weightedMean, long late) {
    }

    /**
     * Seeded random ticks: {@code symbols} symbols of 1 to 8 characters (padded with NUL, as SBE
     * pads), a few of them kept for one tick only; prices and quantities random; times that rise by
     * 0 to 3 nanoseconds per tick, and, where {@code lateEvery} is positive, one tick in that many
     * stamped up to 12 ns in the past (late for its symbol's window or not).
     */
    private static List<Tick> feed(long seed, int count, int symbols, int lateEvery) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (names.size() < symbols) {
            int length = 1 + random.nextInt(8);
            StringBuilder name = new StringBuilder();
            for (int c = 0; c < length; c++) {
                name.append((char) ('A' + random.nextInt(26)));
            }
            if (seen.add(name.toString())) {
                names.add(name.toString());
            }
        }
        List<Tick> ticks = new ArrayList<>();
        int onceOnly = Math.max(1, symbols / 10); // the first tenth of the symbols appear in one tick each
        int spacing = count / onceOnly;
        int used = 0;
        long time = 1_000;
        for (int i = 0; i < count; i++) {
            time += random.nextInt(4);
            String symbol = i % spacing == 0 && used < onceOnly ? names.get(used++)
                    : names.get(onceOnly + random.nextInt(symbols - onceOnly));
            long stamped = lateEvery > 0 && random.nextInt(lateEvery) == 0 ? time - random.nextInt(13) : time;
            double price = 50 + random.nextInt(100_000) / 100.0;
            long quantity = 1 + random.nextInt(1000);
            ticks.add(new Tick(symbol, price, quantity, stamped));
        }
        return ticks;
    }

    private static RecordWindow<TickDecoder> vwap(RecordWindow<TickDecoder> window) {
        return window.value(TickDecoder::price).weight(TickDecoder::quantity);
    }

    private static RecordWindow<TickDecoder> bySymbol() {
        return RecordWindow.keyedBy(Ticks.LAYOUT, SYMBOL);
    }

    /** Runs {@code ticks} through a ring whose consumer windows them, and returns what the window emitted. */
    private static List<Aggregate> run(RecordWindow<TickDecoder> window, List<Tick> ticks) {
        List<Aggregate> got = new CopyOnWriteArrayList<>();
        RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT).window(window)
                .sink((WindowAggregateDecoder a, long sequence, boolean endOfBatch) -> got.add(copy(a, sequence)));
        List<Long> handled = new CopyOnWriteArrayList<>();
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(64)
                .waitStrategy(WaitStrategy.YIELDING)
                .handler((TickDecoder tick, long sequence, boolean endOfBatch) -> {
                    flow.onRecord(tick, sequence, endOfBatch);
                    if (sequence == ticks.size() - 1) {
                        handled.add(sequence);
                    }
                })
                .build()) {
            for (Tick tick : ticks) {
                long sequence = ring.claim();
                write(ring.encoder(sequence), tick);
                ring.publish(sequence);
            }
            Await.until(() -> !handled.isEmpty(), () -> "the consumer handled the last tick");
            assertEquals(0, ring.errorCount(), "the window threw nothing");
        }
        return got;
    }

    private static void write(TickEncoder encoder, Tick tick) {
        byte[] symbol = new byte[TickEncoder.symbolLength()];
        byte[] chars = tick.symbol().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, symbol, 0, chars.length);
        encoder.putSymbol(symbol, 0).price(tick.price()).quantity(tick.quantity()).exchangeTimestamp(tick.time());
    }

    private static Aggregate copy(WindowAggregateDecoder a, long sequence) {
        return new Aggregate(sequence, RecordKeys.toAscii(a.key()), a.windowStart(), a.windowEnd(), a.count(), a.sum(),
                a.mean(), a.min(), a.max(), a.weightSum(), a.weightedMean(), a.late());
    }

    /** The aggregate of {@code window}'s ticks computed from scratch with plain loops. */
    private static Aggregate expected(long sequence, String symbol, long start, long end, List<Tick> window,
            long late) {
        double sum = 0;
        double weightSum = 0;
        double weighted = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Tick tick : window) {
            sum += tick.price();
            weightSum += tick.quantity();
            weighted += tick.price() * tick.quantity();
            min = Math.min(min, tick.price());
            max = Math.max(max, tick.price());
        }
        return new Aggregate(sequence, symbol, start, end, window.size(), sum, sum / window.size(), min, max,
                weightSum, weighted / weightSum, late);
    }

    /** Equal field by field: exactly for the integral fields, min and max; sums and means to 1e-12 relative. */
    private static void assertSame(List<Aggregate> expected, List<Aggregate> got) {
        assertEquals(expected.size(), got.size(), "how many aggregates were emitted");
        for (int i = 0; i < expected.size(); i++) {
            Aggregate e = expected.get(i);
            Aggregate g = got.get(i);
            String at = "aggregate " + i + ": expected " + e + ", got " + g;
            assertEquals(e.sequence(), g.sequence(), at);
            assertEquals(e.symbol(), g.symbol(), at);
            assertEquals(e.windowStart(), g.windowStart(), at);
            assertEquals(e.windowEnd(), g.windowEnd(), at);
            assertEquals(e.count(), g.count(), at);
            assertEquals(e.late(), g.late(), at);
            assertEquals(e.min(), g.min(), 0, at);
            assertEquals(e.max(), g.max(), 0, at);
            assertClose(e.sum(), g.sum(), at + " (sum)");
            assertClose(e.mean(), g.mean(), at + " (mean)");
            assertClose(e.weightSum(), g.weightSum(), at + " (weightSum)");
            assertClose(e.weightedMean(), g.weightedMean(), at + " (weightedMean)");
        }
    }

    private static void assertClose(double expected, double got, String message) {
        if (Double.isNaN(expected)) {
            assertEquals(expected, got, message); // a statistic not asked for: NaN exactly
            return;
        }
        assertEquals(expected, got, Math.abs(expected) * 1e-12, message);
    }

    private static List<Aggregate> slidingCount(List<Tick> ticks, int n) {
        Map<String, List<Tick>> seen = new HashMap<>();
        List<Aggregate> out = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            List<Tick> all = seen.computeIfAbsent(tick.symbol(), s -> new ArrayList<>());
            all.add(tick);
            int from = Math.max(0, all.size() - n);
            out.add(expected(i, tick.symbol(), from, all.size(), all.subList(from, all.size()), 0));
        }
        return out;
    }

    private static List<Aggregate> tumblingCount(List<Tick> ticks, int n) {
        Map<String, List<Tick>> open = new HashMap<>();
        Map<String, Long> closed = new HashMap<>();
        List<Aggregate> out = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            List<Tick> window = open.computeIfAbsent(tick.symbol(), s -> new ArrayList<>());
            window.add(tick);
            if (window.size() == n) {
                long k = closed.merge(tick.symbol(), 1L, Long::sum) - 1;
                out.add(expected(i, tick.symbol(), k * n, (k + 1) * n, window, 0));
                window.clear();
            }
        }
        return out;
    }

    private static List<Aggregate> slidingTime(List<Tick> ticks, long length) {
        Map<String, List<Tick>> accepted = new HashMap<>();
        Map<String, Long> late = new HashMap<>();
        List<Aggregate> out = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            List<Tick> all = accepted.computeIfAbsent(tick.symbol(), s -> new ArrayList<>());
            if (!all.isEmpty() && tick.time() < all.get(all.size() - 1).time()) {
                late.merge(tick.symbol(), 1L, Long::sum);
                continue;
            }
            all.add(tick);
            long t = tick.time();
            List<Tick> window = new ArrayList<>();
            for (Tick old : all) {
                if (old.time() > t - length && old.time() <= t) {
                    window.add(old);
                }
            }
            Long refused = late.remove(tick.symbol());
            out.add(expected(i, tick.symbol(), t - length, t, window, refused == null ? 0 : refused));
        }
        return out;
    }

    private static List<Aggregate> tumblingTime(List<Tick> ticks, long length) {
        Map<String, List<Tick>> open = new HashMap<>();
        Map<String, Long> openStart = new HashMap<>();
        Map<String, Long> late = new HashMap<>();
        List<Aggregate> out = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            long start = Math.floorDiv(tick.time(), length) * length;
            Long current = openStart.putIfAbsent(tick.symbol(), start);
            List<Tick> window = open.computeIfAbsent(tick.symbol(), s -> new ArrayList<>());
            if (current == null || current == start) {
                window.add(tick);
            } else if (start < current) {
                late.merge(tick.symbol(), 1L, Long::sum);
            } else {
                Long refused = late.remove(tick.symbol());
                out.add(expected(i, tick.symbol(), current, current + length, window, refused == null ? 0 : refused));
                window.clear();
                window.add(tick);
                openStart.put(tick.symbol(), start);
            }
        }
        return out;
    }

    @Test
    void slidingCountWindowsEqualAPlainComputation() {
        for (int n : new int[] {1, 2, 7, 100}) {
            List<Tick> ticks = feed(11 + n, TICKS, 60, 0);
            assertSame(slidingCount(ticks, n), run(vwap(bySymbol().slidingCount(n)), ticks));
        }
    }

    @Test
    void tumblingCountWindowsEqualAPlainComputation() {
        for (int n : new int[] {1, 2, 7, 100}) {
            List<Tick> ticks = feed(23 + n, TICKS, 60, 0);
            List<Aggregate> expected = tumblingCount(ticks, n);
            assertTrue(expected.size() > 0);
            assertSame(expected, run(vwap(bySymbol().tumblingCount(n)), ticks));
        }
    }

    @Test
    void slidingTimeWindowsEqualAPlainComputationIncludingTheBoundaryAtTMinusLAndLateTicks() {
        for (long length : new long[] {1, 2, 10, 250, 2_000}) {
            List<Tick> ticks = feed(37 + length, TICKS, length == 2_000 ? 400 : 60, 20);
            List<Aggregate> expected = slidingTime(ticks, length);
            assertTrue(expected.stream().anyMatch(a -> a.late() > 0), "some ticks came late");
            assertSame(expected, run(vwap(bySymbol().slidingTime(Duration.ofNanos(length),
                    TickDecoder::exchangeTimestamp)), ticks));
        }
    }

    @Test
    void tumblingTimeWindowsEqualAPlainComputationAlignedAtMultiplesOfLAndCountLateTicks() {
        for (long length : new long[] {1, 3, 10, 250}) {
            List<Tick> ticks = feed(41 + length, TICKS, 60, 20);
            List<Aggregate> expected = tumblingTime(ticks, length);
            assertTrue(expected.stream().anyMatch(a -> a.late() > 0), "some ticks came late");
            assertSame(expected, run(vwap(bySymbol().tumblingTime(Duration.ofNanos(length),
                    TickDecoder::exchangeTimestamp)), ticks));
        }
    }

    /**
     * Each kind of window asked for some statistics computes those as the full window does and
     * writes NaN into the fields of the others: every subset that keeps or drops a running part
     * (the values' sum, the weighted sums, the extremes), alone and together.
     */
    @Test
    void aWindowComputesTheStatisticsAskedForAndLeavesTheOthersNaN() {
        List<Tick> ticks = feed(53, 5_000, 30, 0);
        List<WindowStatistic[]> selections = List.of(
                new WindowStatistic[] {WindowStatistic.WEIGHTED_MEAN},
                new WindowStatistic[] {WindowStatistic.MIN},
                new WindowStatistic[] {WindowStatistic.MAX, WindowStatistic.MEAN},
                new WindowStatistic[] {WindowStatistic.SUM, WindowStatistic.WEIGHT_SUM},
                WindowStatistic.values());
        List<RecordWindow<TickDecoder>> kinds = List.of(bySymbol().slidingCount(7), bySymbol().tumblingCount(7),
                bySymbol().slidingTime(Duration.ofNanos(40), TickDecoder::exchangeTimestamp),
                bySymbol().tumblingTime(Duration.ofNanos(40), TickDecoder::exchangeTimestamp));
        for (RecordWindow<TickDecoder> kind : kinds) {
            List<Aggregate> full = run(vwap(kind), ticks);
            for (WindowStatistic[] chosen : selections) {
                Set<WindowStatistic> asked = Set.of(chosen);
                WindowStatistic[] more = Arrays.copyOfRange(chosen, 1, chosen.length);
                List<Aggregate> got = run(vwap(kind).statistics(chosen[0], more), ticks);
                assertSame(full.stream().map(a -> onlyAsked(a, asked)).collect(Collectors.toList()), got);
            }
        }
    }

    /** {@code a} with NaN in the fields of the statistics not {@code asked} for. */
    private static Aggregate onlyAsked(Aggregate a, Set<WindowStatistic> asked) {
        return new Aggregate(a.sequence(), a.symbol(), a.windowStart(), a.windowEnd(), a.count(),
                asked.contains(WindowStatistic.SUM) ? a.sum() : Double.NaN,
                asked.contains(WindowStatistic.MEAN) ? a.mean() : Double.NaN,
                asked.contains(WindowStatistic.MIN) ? a.min() : Double.NaN,
                asked.contains(WindowStatistic.MAX) ? a.max() : Double.NaN,
                asked.contains(WindowStatistic.WEIGHT_SUM) ? a.weightSum() : Double.NaN,
                asked.contains(WindowStatistic.WEIGHTED_MEAN) ? a.weightedMean() : Double.NaN, a.late());
    }

    @Test
    void aTickExactlyLBeforeTheNewestHasLeftTheSlidingWindowAndOneAtAMultipleOfLOpensTheNextTumblingOne()
            throws Exception {
        List<Aggregate> sliding = new ArrayList<>();
        RecordHandler<TickDecoder> slidingFlow = RecordFlow.from(Ticks.LAYOUT)
                .window(vwap(bySymbol().slidingTime(Duration.ofNanos(10), TickDecoder::exchangeTimestamp)))
                .sink((WindowAggregateDecoder a, long s, boolean e) -> sliding.add(copy(a, s)));
        List<Aggregate> tumbling = new ArrayList<>();
        RecordHandler<TickDecoder> tumblingFlow = RecordFlow.from(Ticks.LAYOUT)
                .window(vwap(bySymbol().tumblingTime(Duration.ofNanos(10), TickDecoder::exchangeTimestamp)))
                .sink((WindowAggregateDecoder a, long s, boolean e) -> tumbling.add(copy(a, s)));
        long[] times = {20, 29, 30, 39, 40};
        for (int i = 0; i < times.length; i++) {
            TickDecoder tick = tick(new Tick("AAPL", 100 + i, 1, times[i]));
            slidingFlow.onRecord(tick, i, true);
            tumblingFlow.onRecord(tick, i, true);
        }
        // (t - 10, t]: at 30, 20 has left; at 39, 29 is still in; at 40, 30 has left.
        assertEquals(List.of(1L, 2L, 2L, 2L, 2L), sliding.stream().map(Aggregate::count).toList());
        assertEquals(List.of(100.0, 100.0, 101.0, 102.0, 103.0), sliding.stream().map(Aggregate::min).toList());
        assertEquals(List.of(10L, 19L, 20L, 29L, 30L), sliding.stream().map(Aggregate::windowStart).toList());
        assertEquals(List.of(20L, 29L, 30L, 39L, 40L), sliding.stream().map(Aggregate::windowEnd).toList());
        // [20, 30) closes when 30 arrives, [30, 40) when 40 does; [40, 50) is still open.
        assertEquals(List.of(20L, 30L), tumbling.stream().map(Aggregate::windowStart).toList());
        assertEquals(List.of(2L, 2L), tumbling.stream().map(Aggregate::count).toList());
        assertEquals(List.of(2L, 4L), tumbling.stream().map(Aggregate::sequence).toList());

        // Windows are aligned at multiples of L below zero too: -10 and -1 share [-10, 0), 0 opens [0, 10).
        tumbling.clear();
        long[] early = {-10, -1, 0, 9, 10};
        for (int i = 0; i < early.length; i++) {
            tumblingFlow.onRecord(tick(new Tick("MSFT", 1, 1, early[i])), i, true);
        }
        assertEquals(List.of(-10L, 0L), tumbling.stream().map(Aggregate::windowStart).toList());
        assertEquals(List.of(0L, 10L), tumbling.stream().map(Aggregate::windowEnd).toList());
        assertEquals(List.of(2L, 2L), tumbling.stream().map(Aggregate::count).toList());
    }

    /**
     * Mirrors streamz's {@code test_sliding_window} (with {@code return_partial=True}) and
     * {@code test_partition} on one key. streamz 0.6.4 gives, for 0..4 through
     * {@code sliding_window(3, return_partial=True)}: (0,), (0, 1), (0, 1, 2), (1, 2, 3), (2, 3, 4);
     * for 0..6 through {@code partition(3)}: (0, 1, 2), (3, 4, 5), the 6 held back.
     */
    @Test
    void countWindowsHoldWhatStreamzSlidingWindowAndPartitionHold() throws Exception {
        List<Aggregate> sliding = new ArrayList<>();
        RecordHandler<TickDecoder> slidingFlow = RecordFlow.from(Ticks.LAYOUT)
                .window(bySymbol().slidingCount(3).value(TickDecoder::price))
                .sink((WindowAggregateDecoder a, long s, boolean e) -> sliding.add(copy(a, s)));
        List<Aggregate> partitions = new ArrayList<>();
        RecordHandler<TickDecoder> partitionFlow = RecordFlow.from(Ticks.LAYOUT)
                .window(bySymbol().tumblingCount(3).value(TickDecoder::price))
                .sink((WindowAggregateDecoder a, long s, boolean e) -> partitions.add(copy(a, s)));
        for (int i = 0; i < 7; i++) {
            TickDecoder tick = tick(new Tick("S", i, 1, i));
            if (i < 5) {
                slidingFlow.onRecord(tick, i, false);
            }
            partitionFlow.onRecord(tick, i, false);
        }
        assertEquals(List.of(0.0, 1.0, 3.0, 6.0, 9.0), sliding.stream().map(Aggregate::sum).toList());
        assertEquals(List.of(1L, 2L, 3L, 3L, 3L), sliding.stream().map(Aggregate::count).toList());
        assertEquals(List.of(0.0, 0.0, 0.0, 1.0, 2.0), sliding.stream().map(Aggregate::min).toList());
        assertEquals(List.of(0L, 0L, 0L, 1L, 2L), sliding.stream().map(Aggregate::windowStart).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sliding.stream().map(Aggregate::windowEnd).toList());
        assertEquals(List.of(3.0, 12.0), partitions.stream().map(Aggregate::sum).toList());
        assertEquals(List.of(2L, 5L), partitions.stream().map(Aggregate::sequence).toList());
        assertEquals(List.of(0L, 3L), partitions.stream().map(Aggregate::windowStart).toList());
        assertEquals(List.of(3L, 6L), partitions.stream().map(Aggregate::windowEnd).toList());
    }

    @Test
    void withoutAWeightEveryWeightIsOneAndTheWeightedMeanIsTheMean() {
        List<Tick> ticks = feed(5, 5_000, 20, 0);
        List<Aggregate> got = run(bySymbol().slidingCount(9).value(TickDecoder::price), ticks);
        assertEquals(ticks.size(), got.size());
        for (Aggregate a : got) {
            assertEquals(a.count(), a.weightSum(), 0, a.toString());
            assertEquals(a.mean(), a.weightedMean(), 0, a.toString());
        }
    }

    @Test
    void slidingSumsDoNotDriftWhenHugeValuesPassThrough() throws Exception {
        // A plain running sum that adds 1e16 and later subtracts it loses the small values' low bits
        // for good; the window's compensated sums must stay at the exact sum of what is in the window.
        List<Aggregate> got = new ArrayList<>();
        RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT)
                .window(bySymbol().slidingCount(4).value(TickDecoder::price))
                .sink((WindowAggregateDecoder a, long s, boolean e) -> got.add(copy(a, s)));
        Random random = new Random(3);
        double[] prices = new double[200_000];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = i % 97 == 0 ? 1e16 * (1 + random.nextDouble()) : random.nextDouble() * 10;
            flow.onRecord(tick(new Tick("X", prices[i], 1, i)), i, false);
        }
        for (int i = 3; i < prices.length; i++) {
            BigDecimal exact = BigDecimal.ZERO;
            for (int j = i - 3; j <= i; j++) {
                exact = exact.add(new BigDecimal(prices[j]));
            }
            double sum = got.get(i).sum();
            assertEquals(exact.doubleValue(), sum, 2 * Math.ulp(exact.doubleValue()), "window ending at " + i);
        }
    }

    @Test
    void aFailingFunctionReachesTheCallerAndLeavesEveryKindOfWindowAsItWas() throws Exception {
        List<Tick> ticks = feed(77, 3_000, 12, 20);
        double poison = -1;
        List<RecordWindow<TickDecoder>> kinds = List.of(bySymbol().slidingCount(5), bySymbol().tumblingCount(5),
                bySymbol().slidingTime(Duration.ofNanos(40), TickDecoder::exchangeTimestamp),
                bySymbol().tumblingTime(Duration.ofNanos(40), TickDecoder::exchangeTimestamp));
        for (RecordWindow<TickDecoder> kind : kinds) {
            List<Aggregate> clean = new ArrayList<>();
            RecordHandler<TickDecoder> reference = RecordFlow.from(Ticks.LAYOUT).window(vwap(kind))
                    .sink((WindowAggregateDecoder a, long s, boolean e) -> clean.add(copy(a, s)));
            List<Aggregate> got = new ArrayList<>();
            RecordHandler<TickDecoder> failing = RecordFlow.from(Ticks.LAYOUT).window(kind
                    .value(tick -> {
                        if (tick.price() == poison) {
                            throw new IllegalStateException("bad price");
                        }
                        return tick.price();
                    })
                    .weight(TickDecoder::quantity))
                    .sink((WindowAggregateDecoder a, long s, boolean e) -> got.add(copy(a, s)));
            for (int i = 0; i < ticks.size(); i++) {
                reference.onRecord(tick(ticks.get(i)), i, false);
                failing.onRecord(tick(ticks.get(i)), i, false);
                if (i % 7 == 0) { // a failing tick of the same symbol, at the newest time: never late
                    Tick bad = new Tick(ticks.get(i).symbol(), poison, 5, ticks.get(i).time());
                    assertThrows(IllegalStateException.class, () -> failing.onRecord(tick(bad), -1, false), kind
                            .toString());
                }
            }
            assertEquals(clean, got, kind + ": the failing ticks changed nothing");
        }
    }

    @Test
    void aKeyOverAnyFlyweightIsFollowedByTheLayoutsOwnGettersWithoutATypeWitness() throws Exception {
        ToLongFunction<MessageDecoderFlyweight> anySymbol =
                RecordKeys.ascii(TickDecoder.symbolEncodingOffset(), TickDecoder.symbolLength());
        RecordWindow<TickDecoder> inferred = RecordWindow.keyedBy(anySymbol)
                .slidingTime(Duration.ofNanos(25), TickDecoder::exchangeTimestamp)
                .value(TickDecoder::price)
                .weight(TickDecoder::quantity);
        RecordWindow<TickDecoder> witnessed = RecordWindow.<TickDecoder>keyedBy(anySymbol)
                .slidingTime(Duration.ofNanos(25), TickDecoder::exchangeTimestamp)
                .value(TickDecoder::price)
                .weight(TickDecoder::quantity);
        List<Tick> ticks = feed(8, 3_000, 30, 0);
        List<Aggregate> expected = slidingTime(ticks, 25);
        for (RecordWindow<TickDecoder> window : List.of(inferred, witnessed)) {
            List<Aggregate> got = new ArrayList<>();
            RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT).window(window)
                    .sink((WindowAggregateDecoder a, long s, boolean e) -> got.add(copy(a, s)));
            for (int i = 0; i < ticks.size(); i++) {
                flow.onRecord(tick(ticks.get(i)), i, false);
            }
            assertSame(expected, got);
        }
    }

    @Test
    void asciiKeysAreDistinctForDistinctSymbolsAndGiveTheSymbolBack() {
        List<Tick> ticks = feed(99, 2_000, 500, 0);
        Map<Long, String> keys = new HashMap<>();
        for (Tick tick : ticks) {
            long key = SYMBOL.applyAsLong(tick(tick));
            String before = keys.put(key, tick.symbol());
            assertTrue(before == null || before.equals(tick.symbol()),
                    before + " and " + tick.symbol() + " share a key");
            assertEquals(tick.symbol(), RecordKeys.toAscii(key));
        }
        assertEquals(ticks.stream().map(Tick::symbol).distinct().count(), keys.size());
        ToLongFunction<TickDecoder> prefix = RecordKeys.ascii(TickDecoder.symbolEncodingOffset() + 1, 3);
        TickDecoder eurusd = tick(new Tick("EURUSD", 1, 1, 1));
        assertEquals("URU", RecordKeys.toAscii(prefix.applyAsLong(eurusd)));
        assertNotEquals(prefix.applyAsLong(eurusd), prefix.applyAsLong(tick(new Tick("EURESD", 1, 1, 1))));
        assertEquals(prefix.applyAsLong(eurusd), prefix.applyAsLong(tick(new Tick("XURUXX", 1, 1, 1))),
                "only the field's three bytes count");
    }

    @Test
    void badArgumentsNameRecordWindowAndTheParameter() {
        RecordWindow<TickDecoder> keyed = bySymbol();
        assertMessage("RecordWindow.keyedBy: parameter 'key' must not be null", () -> RecordWindow.keyedBy(null));
        assertMessage("RecordWindow.keyedBy: parameter 'layout' must not be null",
                () -> RecordWindow.keyedBy(null, SYMBOL));
        assertMessage("RecordWindow.slidingCount: parameter 'n' must be positive, got 0", () -> keyed.slidingCount(0));
        assertMessage("RecordWindow.tumblingCount: parameter 'n' must be positive, got -1",
                () -> keyed.tumblingCount(-1));
        assertMessage("RecordWindow.slidingTime: parameter 'length' must be positive, got PT0S",
                () -> keyed.slidingTime(Duration.ZERO, TickDecoder::exchangeTimestamp));
        assertMessage("RecordWindow.tumblingTime: parameter 'length' must be positive, got PT-0.000000001S",
                () -> keyed.tumblingTime(Duration.ofNanos(-1), TickDecoder::exchangeTimestamp));
        assertMessage("RecordWindow.slidingTime: parameter 'length' must not be null",
                () -> keyed.slidingTime(null, TickDecoder::exchangeTimestamp));
        assertMessage("RecordWindow.tumblingTime: parameter 'timeNanos' must not be null",
                () -> keyed.tumblingTime(Duration.ofSeconds(1), null));
        assertThrows(IllegalArgumentException.class,
                () -> keyed.slidingTime(Duration.ofDays(365L * 1000), TickDecoder::exchangeTimestamp));
        assertMessage("RecordWindow.tumblingCount: the window is already slidingTime; a window has exactly one kind",
                () -> keyed.slidingTime(Duration.ofSeconds(1), TickDecoder::exchangeTimestamp).tumblingCount(3));
        assertMessage("RecordWindow.slidingCount: the window is already slidingCount; a window has exactly one kind",
                () -> keyed.slidingCount(3).slidingCount(4));
        assertMessage("RecordWindow.value: parameter 'value' must not be null", () -> keyed.value(null));
        assertMessage("RecordWindow.weight: parameter 'weight' must not be null", () -> keyed.weight(null));
        assertMessage("RecordWindow.statistics: parameter 'first' must not be null", () -> keyed.statistics(null));
        assertMessage("RecordWindow.statistics: parameter 'more[1]' must not be null",
                () -> keyed.statistics(WindowStatistic.MIN, WindowStatistic.MAX, null));
        RecordFlow<TickDecoder, TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT);
        assertMessage("RecordFlow.window: parameter 'window' must not be null", () -> flow.window(null));
        assertMessage("RecordWindow: parameter 'value' must be set; call value(...)",
                () -> flow.window(keyed.slidingCount(3)));
        assertMessage("RecordWindow: no window kind; call one of slidingTime, tumblingTime, slidingCount or "
                + "tumblingCount", () -> flow.window(keyed.value(TickDecoder::price)));
        assertMessage("RecordKeys.ascii: parameter 'length' must be between 1 and 8 (the bytes of a long), got 9",
                () -> RecordKeys.ascii(0, 9));
        assertMessage("RecordKeys.ascii: parameter 'length' must be between 1 and 8 (the bytes of a long), got 0",
                () -> RecordKeys.ascii(0, 0));
        assertMessage("RecordKeys.ascii: parameter 'fieldOffset' must not be negative, got -1",
                () -> RecordKeys.ascii(-1, 8));
    }

    @Test
    void eachCallReturnsANewWindowAndLeavesThisOneAsItWas() {
        RecordWindow<TickDecoder> keyed = bySymbol();
        RecordWindow<TickDecoder> sliding = keyed.slidingCount(2);
        RecordWindow<TickDecoder> tumbling = keyed.tumblingCount(2);
        assertEquals("RecordWindow[slidingCount 2 records]", sliding.toString());
        assertEquals("RecordWindow[tumblingCount 2 records]", tumbling.toString());
        assertEquals("RecordWindow[no kind]", keyed.toString());
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    /** {@code tick} in a buffer of its own, for calling a flow directly. */
    private static TickDecoder tick(Tick tick) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickEncoder.BLOCK_LENGTH]);
        write(new TickEncoder().wrap(buffer, 0), tick);
        return new TickDecoder().wrap(buffer, 0, TickEncoder.BLOCK_LENGTH, TickEncoder.SCHEMA_VERSION);
    }
}
