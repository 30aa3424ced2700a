package io.streamz4j.bench.vwap;

/**
 * A tick as the object sides carry it: a new one per event, as a feed handler on the object path
 * makes them. JavaBean getters for Esper; {@code vwap} is filled in by {@link ObjectVwap}.
 *
 * <p>Thread safety: made on the producer thread and handed across once; then confined to the
 * consumer thread.
 */
public final class Tick {
    private final String symbol;
    private final double price;
    private final long quantity;
    private final long timestamp;
    double vwap;

    public Tick(String symbol, double price, long quantity, long timestamp) {
        this.symbol = symbol;
        this.price = price;
        this.quantity = quantity;
        this.timestamp = timestamp;
    }

    /** Tick {@code seq} of {@code ticks}, as a new object. */
    static Tick of(VwapTicks ticks, long seq) {
        return new Tick(ticks.name(seq), ticks.price(seq), ticks.quantity(seq), VwapTicks.timestamp(seq));
    }

    public String getSymbol() {
        return symbol;
    }

    public double getPrice() {
        return price;
    }

    public long getQuantity() {
        return quantity;
    }

    /** Event time, nanoseconds. */
    public long getTimestamp() {
        return timestamp;
    }

    /** Event time in microseconds: Esper's finest time unit. */
    public long getMicros() {
        return timestamp / 1_000;
    }

    public double vwap() {
        return vwap;
    }
}
