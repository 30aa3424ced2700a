package io.streamz4j.checkpoint;

import io.streamz4j.record.RecordLayout;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Test helper: the market-tick layout (generated from the engine's test schema) and a
 * deterministic tick per number, so whoever reads a tick back (a handler after a replay, a dead
 * letter's bytes, a checkpoint's position) can check every field and tell which tick it was.
 *
 * <p>Thread safety: stateless.
 */
final class RecordTicks {
    static final RecordLayout<TickEncoder, TickDecoder> TICK = RecordLayout.of("Tick", TickEncoder::new,
            TickDecoder::new);
    static final long BASE_TIME = 1_700_000_000_000_000_000L;
    private static final byte[][] SYMBOLS = {ascii("AAPL\0\0\0\0"), ascii("MSFT\0\0\0\0"), ascii("EURUSD\0\0"),
        ascii("ABCDEFGH")};

    private RecordTicks() {
    }

    /** Writes tick {@code i} through {@code tick}, allocating nothing. */
    static void write(TickEncoder tick, long i) {
        tick.putSymbol(SYMBOLS[(int) (i % SYMBOLS.length)], 0).price(100.0 + (i % 1000) * 0.25).quantity(i * 7 + 1)
                .exchangeTimestamp(BASE_TIME + i);
    }

    /** Which tick {@code tick} is (its timestamp says), after checking every field is that tick's; -1 if one is not. */
    static long number(TickDecoder tick) {
        long i = tick.exchangeTimestamp() - BASE_TIME;
        if (i < 0) {
            return -1;
        }
        byte[] symbol = SYMBOLS[(int) (i % SYMBOLS.length)];
        for (int c = 0; c < symbol.length; c++) {
            if (tick.symbol(c) != symbol[c]) {
                return -1;
            }
        }
        boolean same = Double.doubleToRawLongBits(tick.price()) == Double.doubleToRawLongBits(100.0 + (i % 1000) * 0.25)
                && tick.quantity() == i * 7 + 1;
        return same ? i : -1;
    }

    /** {@link #number} of the tick whose message (header and block) starts at 0 of {@code message}. */
    static long number(DirectBuffer message) {
        return number(TICK.wrapDecoder(TICK.newDecoder(), message, 0));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
