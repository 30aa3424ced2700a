package io.streamz4j.bench.vwap;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The ticks every side of the VWAP suite is fed, drawn once and kept in primitive arrays, so
 * producing a tick costs the same on every side and allocates nothing but what a side's own form
 * needs (a tick object on the object sides). Tick {@code seq} is entry {@code seq mod 65536} of
 * the table (a symbol among {@code symbols}, drawn at random; its price, a random walk of steps of
 * up to one basis point per symbol; a quantity of 100 to 1,000) at event time
 * {@code seq * SPACING_NANOS}: a million ticks a second of event time, whatever the wall clock.
 *
 * <p>Thread safety: immutable once built; read by the producer thread of each side.
 */
public final class VwapTicks {
    /** Event time between consecutive ticks. */
    public static final long SPACING_NANOS = 1_000;
    /** Symbol field length: SBE's char[8], as the trading example's schema declares it. */
    public static final int SYMBOL_LENGTH = 8;
    private static final int TABLE = 1 << 16;
    private static final int MASK = TABLE - 1;

    private final String[] names;
    private final byte[][] symbolBytes;
    private final long[] keys;
    private final int[] symbol = new int[TABLE];
    private final double[] price = new double[TABLE];
    private final long[] quantity = new long[TABLE];

    public VwapTicks(int symbols, long seed) {
        if (symbols < 1) {
            throw new IllegalArgumentException("VwapTicks: parameter 'symbols' must be positive, got " + symbols);
        }
        names = new String[symbols];
        symbolBytes = new byte[symbols][];
        keys = new long[symbols];
        double[] walk = new double[symbols];
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < symbols; s++) {
            names[s] = String.format("S%05d", s);
            symbolBytes[s] = new byte[SYMBOL_LENGTH];
            System.arraycopy(names[s].getBytes(StandardCharsets.US_ASCII), 0, symbolBytes[s], 0, names[s].length());
            // The key RecordKeys.ascii makes of the eight bytes: character i in bits 8i to 8i + 7.
            for (int i = 0; i < SYMBOL_LENGTH; i++) {
                keys[s] |= (symbolBytes[s][i] & 0xFFL) << (8 * i);
            }
            walk[s] = 20 + random.nextDouble() * 480;
        }
        for (int i = 0; i < TABLE; i++) {
            int s = random.nextInt(symbols);
            walk[s] *= 1 + (random.nextDouble() * 2 - 1) * 1e-4;
            symbol[i] = s;
            price[i] = walk[s];
            quantity[i] = 100L * (1 + random.nextInt(10));
        }
    }

    /** The symbol's name, e.g. {@code S00042}: the object sides' key. */
    public String name(long seq) {
        return names[symbol[(int) seq & MASK]];
    }

    /** The symbol's eight bytes, NUL-padded, as a record carries them. */
    public byte[] symbolBytes(long seq) {
        return symbolBytes[symbol[(int) seq & MASK]];
    }

    /** The symbol's eight bytes packed in a long, as the record path's key reads them. */
    public long key(long seq) {
        return keys[symbol[(int) seq & MASK]];
    }

    public double price(long seq) {
        return price[(int) seq & MASK];
    }

    public long quantity(long seq) {
        return quantity[(int) seq & MASK];
    }

    /** Event time, nanoseconds. */
    public static long timestamp(long seq) {
        return seq * SPACING_NANOS;
    }
}
