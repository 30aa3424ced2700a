package io.streamz4j.record;

import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;

import java.nio.charset.StandardCharsets;

/**
 * Test helper: the market-tick layout generated from src/test/sbe/market-tick.xml, and a
 * deterministic tick per sequence number, so a consumer can check every field of what it got
 * against what the producer must have written.
 *
 * <p>Thread safety: stateless; the symbol table is immutable once built.
 */
final class Ticks {
    static final RecordLayout<TickEncoder, TickDecoder> LAYOUT = RecordLayout.of("Tick", TickEncoder::new,
            TickDecoder::new);

    /** Symbols as the bytes the encoder copies, so writing one allocates nothing. */
    private static final byte[][] SYMBOLS = {bytes("AAPL    "), bytes("MSFT    "), bytes("EURUSD  "),
        bytes("BRK.B   "), bytes("X       "), bytes("ABCDEFGH")};

    private Ticks() {
    }

    /** Writes tick {@code i} through {@code tick}. */
    static void write(TickEncoder tick, long i) {
        tick.putSymbol(SYMBOLS[(int) (i % SYMBOLS.length)], 0)
                .price(price(i))
                .quantity(quantity(i))
                .exchangeTimestamp(timestamp(i));
    }

    /** Whether {@code tick} holds exactly tick {@code i}, field by field, without allocating. */
    static boolean matches(TickDecoder tick, long i) {
        byte[] symbol = SYMBOLS[(int) (i % SYMBOLS.length)];
        for (int c = 0; c < symbol.length; c++) {
            if (tick.symbol(c) != symbol[c]) {
                return false;
            }
        }
        return Double.doubleToRawLongBits(tick.price()) == Double.doubleToRawLongBits(price(i))
                && tick.quantity() == quantity(i) && tick.exchangeTimestamp() == timestamp(i);
    }

    static double price(long i) {
        return 100.0 + (i % 1000) * 0.25;
    }

    static long quantity(long i) {
        return i * 7 + 1;
    }

    static long timestamp(long i) {
        return 1_700_000_000_000_000_000L + i;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
