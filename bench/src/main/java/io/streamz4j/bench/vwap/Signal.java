package io.streamz4j.bench.vwap;

/**
 * The signal filter every side applies, the same code everywhere: a tick whose price is more than
 * {@code thresholdBps} basis points from its symbol's VWAP.
 *
 * <p>Thread safety: stateless.
 */
public final class Signal {
    private Signal() {
    }

    public static boolean deviates(double price, double vwap, double thresholdBps) {
        return Math.abs(price - vwap) > vwap * thresholdBps * 1e-4;
    }
}
