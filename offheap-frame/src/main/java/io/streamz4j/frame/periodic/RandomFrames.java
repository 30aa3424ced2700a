package io.streamz4j.frame.periodic;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.runtime.EventLoop;
import org.apache.arrow.memory.BufferAllocator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * streamz's {@code Random} source ({@code DataFrame.random}) and its {@code random_datablock}: every
 * interval, one row per {@code freq} after {@code last} up to {@code now}, indexed by those times,
 * with x uniform in [0, 1), y Poisson(1) and z standard normal. Seeded, so runs repeat.
 *
 * <p>Thread safety: as {@link PeriodicDataFrame}; the generator is used on the loop thread only.
 */
public final class RandomFrames extends PeriodicDataFrame {
    /** The frames' schema: x DOUBLE, y LONG, z DOUBLE, indexed by TIMESTAMP "time". */
    public static Schema schema() {
        return SCHEMA;
    }

    private static final Schema SCHEMA = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG)
            .add("z", ColumnType.DOUBLE).index("time", ColumnType.TIMESTAMP).build();

    /** {@code Random(freq=, interval=)}, on {@code loop}, from {@code seed}. */
    public RandomFrames(Duration freq, Duration interval, long seed, BufferAllocator allocator, EventLoop loop,
            boolean start) {
        super(datablock(new SplittableRandom(seed)), interval, Map.of("freq", checked(freq)), SCHEMA, allocator, loop,
                start);
    }

    private static Duration checked(Duration freq) {
        if (freq == null || freq.isNegative() || freq.isZero()) {
            throw new IllegalArgumentException("Random: freq must be positive, got " + freq);
        }
        return freq;
    }

    /** streamz's {@code random_datablock}: rows at last + freq, last + 2 freq, ... up to now. */
    static DataFn datablock(SplittableRandom random) {
        return (Instant last, Instant now, Map<String, Object> kwargs, BufferAllocator allocator) -> {
            Duration freq = (Duration) kwargs.get("freq");
            List<Object[]> rows = new ArrayList<>();
            for (Instant t = last.plus(freq); !t.isAfter(now); t = t.plus(freq)) {
                rows.add(new Object[] {random.nextDouble(), poisson(random), gaussian(random), t});
            }
            return Frame.fromRows(SCHEMA, rows, allocator);
        };
    }

    /** Knuth's Poisson(1) sampler: the count of uniforms multiplied before the product drops below e^-1. */
    private static long poisson(SplittableRandom random) {
        double limit = Math.exp(-1);
        long k = 0;
        double p = random.nextDouble();
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    /** A standard normal by Box-Muller. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
