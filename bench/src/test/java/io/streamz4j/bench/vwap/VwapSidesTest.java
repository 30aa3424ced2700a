package io.streamz4j.bench.vwap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VWAP suite is honest: every side, fed the same ticks across its hop, signals on the same ticks
 * with the same VWAPs as a plain recomputation (for each tick, sum(price * quantity) / sum(quantity)
 * over its symbol's ticks in {@code (t - window, t]}, summed afresh), and handles every tick. Two
 * windows, each with a threshold that lets a few percent of the ticks through: 10 ms (about 500
 * ticks per symbol) and 200 µs (about 10). Ticks are 1 µs apart, so ticks leave exactly at the
 * window's edge all the time. No timing here.
 */
class VwapSidesTest {
    private static final int TICKS = 30_000;
    private static final int SYMBOLS = 20;

    /** A sink that also keeps every signal. */
    private static final class Recording extends SignalSink {
        final List<Long> timestamps = new ArrayList<>();
        final List<Double> vwaps = new ArrayList<>();

        @Override
        public void signal(long timestamp, double vwap) {
            super.signal(timestamp, vwap);
            timestamps.add(timestamp);
            vwaps.add(vwap);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"records", "disruptor", "streamz4j", "rxjava", "esper"})
    void everySideSignalsOnTheSameTicksWithTheSameVwaps(String side) {
        long[] windows = {10_000_000, 200_000};
        double[] thresholds = {10, 2};
        for (int w = 0; w < windows.length; w++) {
            long windowNanos = windows[w];
            double thresholdBps = thresholds[w];
            VwapTicks ticks = new VwapTicks(SYMBOLS, 42);
            Recording expected = reference(ticks, windowNanos, thresholdBps);
            assertTrue(expected.signals() > TICKS / 100 && expected.signals() < TICKS / 2,
                    "the filter passes some ticks and drops others: " + expected.signals());
            Recording got = new Recording();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (VwapSide pipeline = VwapSide.create(side, ticks, windowNanos, thresholdBps, got)) {
                    for (long seq = 0; seq < TICKS; seq++) {
                        pipeline.publish(seq);
                    }
                    while (got.count() < TICKS) {
                        Thread.onSpinWait();
                    }
                }
            });
            assertEquals(TICKS, got.count(), side + ": every tick handled");
            assertEquals(expected.timestamps, got.timestamps, side + ": signals on the same ticks, window "
                    + windowNanos);
            for (int i = 0; i < expected.vwaps.size(); i++) {
                double want = expected.vwaps.get(i);
                assertEquals(want, got.vwaps.get(i), Math.abs(want) * 1e-9, side + ": VWAP of signal " + i);
            }
        }
    }

    private static Recording reference(VwapTicks ticks, long windowNanos, double thresholdBps) {
        Recording out = new Recording();
        Map<String, List<Long>> bySymbol = new HashMap<>();
        for (long seq = 0; seq < TICKS; seq++) {
            List<Long> seen = bySymbol.computeIfAbsent(ticks.name(seq), s -> new ArrayList<>());
            seen.add(seq);
            long t = VwapTicks.timestamp(seq);
            double notional = 0;
            double quantity = 0;
            for (int i = seen.size() - 1; i >= 0 && VwapTicks.timestamp(seen.get(i)) > t - windowNanos; i--) {
                notional += ticks.price(seen.get(i)) * ticks.quantity(seen.get(i));
                quantity += ticks.quantity(seen.get(i));
            }
            double vwap = notional / quantity;
            if (Signal.deviates(ticks.price(seq), vwap, thresholdBps)) {
                out.signal(t, vwap);
            }
            out.handled();
        }
        return out;
    }
}
