package io.streamz4j.bench.vwap;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The per-symbol VWAP as object-path code writes it, shared by the streamz4j object side and the
 * RxJava side (the same user code in both): a {@code HashMap} from symbol to that symbol's ticks
 * in an {@code ArrayDeque}, with running sums; {@link #update} adds a tick, drops the ticks the
 * window has left and stores the VWAP in the tick.
 *
 * <p>Thread safety: not thread safe; used by the side's consumer thread only. Retains the ticks
 * in each symbol's window.
 */
final class ObjectVwap {
    private final long windowNanos;
    private final HashMap<String, SymbolWindow> windows = new HashMap<>();

    private static final class SymbolWindow {
        final ArrayDeque<Tick> ticks = new ArrayDeque<>();
        double notionalSum;
        long quantitySum;
    }

    ObjectVwap(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    Tick update(Tick tick) {
        SymbolWindow window = windows.computeIfAbsent(tick.getSymbol(), symbol -> new SymbolWindow());
        window.ticks.addLast(tick);
        window.notionalSum += tick.getPrice() * tick.getQuantity();
        window.quantitySum += tick.getQuantity();
        for (Tick oldest = window.ticks.peekFirst(); tick.getTimestamp() - oldest.getTimestamp() >= windowNanos;
                oldest = window.ticks.peekFirst()) {
            window.ticks.removeFirst();
            window.notionalSum -= oldest.getPrice() * oldest.getQuantity();
            window.quantitySum -= oldest.getQuantity();
        }
        tick.vwap = window.notionalSum / window.quantitySum;
        return tick;
    }
}
