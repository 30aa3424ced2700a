package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.MarketTickEncoder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A synthetic market-data feed: ticks for {@code symbols} instruments, one symbol drawn at random
 * per tick, its price a random walk (steps of up to a tenth of a basis point, and about once in
 * 50,000 ticks a jump of 30 to 90 basis points in one symbol, the moves a VWAP strategy trades
 * on), its quantity 100 to 1,000 shares in lots of 100.
 * Tick {@code i}'s exchange timestamp is its place in the schedule: the session's open plus
 * {@code i / rate} seconds, so the same seed, rate and symbols give the same ticks with the same
 * timestamps, however fast they are published ({@link #offsetNanos} is the publisher's schedule).
 *
 * <p>{@link #next} writes the next tick straight into an encoder (a ring's claimed slot) and
 * allocates nothing: symbols are kept as the eight bytes the encoder copies.
 *
 * <p>Thread safety: not thread safe; one thread (the feed's publisher) draws the ticks.
 */
public final class MarketFeed {
    /** The exchange timestamp of tick 0: 2026-01-05 14:30 UTC, nanoseconds since the epoch. */
    public static final long SESSION_OPEN_NANOS = Instant.parse("2026-01-05T14:30:00Z").getEpochSecond()
            * 1_000_000_000L;

    private static final String[] NAMES = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V",
        "XOM", "UNH", "WMT", "MA", "PG", "HD", "COST", "NFLX", "AMD", "KO", "PEP"};
    private static final double STEP_BPS = 0.1;
    private static final double JUMP_PROBABILITY = 2e-5;
    private static final double JUMP_MIN_BPS = 30;
    private static final double JUMP_MAX_BPS = 90;

    private final long rate;
    private final byte[][] symbols;
    private final double[] prices;
    private final SplittableRandom random;
    private long next;

    public MarketFeed(int symbols, long rate, long seed) {
        if (symbols < 1) {
            throw new IllegalArgumentException("MarketFeed: parameter 'symbols' must be positive, got " + symbols);
        }
        if (rate < 1) {
            throw new IllegalArgumentException("MarketFeed: parameter 'rate' must be positive, got " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed);
        this.symbols = new byte[symbols][];
        this.prices = new double[symbols];
        for (int s = 0; s < symbols; s++) {
            this.symbols[s] = symbolBytes(symbolName(s));
            this.prices[s] = 20 + random.nextDouble() * 480;
        }
    }

    /** Symbol {@code s}'s name: a familiar ticker for the first twenty, then S00020, S00021, ... */
    public static String symbolName(int s) {
        return s < NAMES.length ? NAMES[s] : String.format("S%05d", s);
    }

    /** How far after the open tick {@code i} is due, in nanoseconds (exact; no overflow for a day's ticks). */
    public long offsetNanos(long i) {
        return i / rate * 1_000_000_000L + i % rate * 1_000_000_000L / rate;
    }

    /** The exchange timestamp of tick {@code i}. */
    public long exchangeTimestamp(long i) {
        return SESSION_OPEN_NANOS + offsetNanos(i);
    }

    /** Writes the next tick through {@code tick} and returns its index. */
    public long next(MarketTickEncoder tick) {
        int s = random.nextInt(symbols.length);
        double bps = (random.nextDouble() * 2 - 1) * STEP_BPS;
        if (random.nextDouble() < JUMP_PROBABILITY) {
            double jump = JUMP_MIN_BPS + random.nextDouble() * (JUMP_MAX_BPS - JUMP_MIN_BPS);
            bps += random.nextBoolean() ? jump : -jump;
        }
        double price = prices[s] * (1 + bps * 1e-4);
        prices[s] = price;
        long i = next++;
        tick.putSymbol(symbols[s], 0)
                .price(price)
                .quantity(100L * (1 + random.nextInt(10)))
                .exchangeTimestamp(exchangeTimestamp(i));
        return i;
    }

    /** The symbol as the tick's eight bytes: ASCII, padded with NULs (SBE's padding for char arrays). */
    private static byte[] symbolBytes(String name) {
        byte[] bytes = new byte[MarketTickEncoder.symbolLength()];
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        return bytes;
    }
}
