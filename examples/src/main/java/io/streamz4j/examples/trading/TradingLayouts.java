package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.MarketTickEncoder;
import io.streamz4j.examples.trading.sbe.OrderDecoder;
import io.streamz4j.examples.trading.sbe.OrderEncoder;
import io.streamz4j.record.RecordKeys;
import io.streamz4j.record.RecordLayout;

import java.util.function.ToLongFunction;

/**
 * The example's record layouts, from its own SBE schema (src/main/sbe/market-tick.xml, generated at
 * build time): the market tick the feed publishes and the order the strategy sends, and the
 * tick's symbol as a key (its eight ASCII bytes in one long) for per-symbol state.
 *
 * <p>Thread safety: immutable constants.
 */
public final class TradingLayouts {
    public static final RecordLayout<MarketTickEncoder, MarketTickDecoder> TICK =
            RecordLayout.of("MarketTick", MarketTickEncoder::new, MarketTickDecoder::new);
    public static final RecordLayout<OrderEncoder, OrderDecoder> ORDER =
            RecordLayout.of("Order", OrderEncoder::new, OrderDecoder::new);
    public static final ToLongFunction<MarketTickDecoder> SYMBOL =
            RecordKeys.ascii(MarketTickDecoder.symbolEncodingOffset(), MarketTickDecoder.symbolLength());

    private TradingLayouts() {
    }
}
