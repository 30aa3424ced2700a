package io.streamz4j.frame.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;
import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.record.RecordLayout;
import io.streamz4j.record.RecordRing;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.types.AllTypesDecoder;
import io.streamz4j.record.types.AllTypesEncoder;
import io.streamz4j.record.types.Side;
import io.streamz4j.record.types.WithCompositeDecoder;
import io.streamz4j.record.types.WithCompositeEncoder;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records batched into frames: every field of the generated flyweights, read back from the frame's
 * columns, equals what the producer encoded (through a ring, across frames and a partial last
 * one); bad arguments fail at construction naming the node and parameter; filling a frame
 * allocates nothing per record. Every test closes its allocator, so a leaked column fails it.
 */
class RecordsToFramesTest {
    static final RecordLayout<TickEncoder, TickDecoder> TICK = RecordLayout.of("Tick", TickEncoder::new,
            TickDecoder::new);
    static final RecordLayout<AllTypesEncoder, AllTypesDecoder> ALL_TYPES = RecordLayout.of("AllTypes",
            AllTypesEncoder::new, AllTypesDecoder::new, ByteOrder.BIG_ENDIAN);
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "EURUSD", "BRK.B", "X", "ABCDEFGH"};

    private final BufferAllocator allocator = new RootAllocator();
    /** Frames the sink retained, released before the allocator closes. */
    private final List<Frame> frames = new ArrayList<>();

    @AfterEach
    void closeAllocator() {
        frames.forEach(Frame::release);
        allocator.close(); // throws if any column's memory was not given back
    }

    private Stream<Frame> collecting() {
        Stream<Frame> target = new Stream<>("frames");
        target.sink(frame -> frames.add(frame.retain())); // lent for the call: kept by retaining
        return target;
    }

    private static void writeTick(TickEncoder tick, long i) {
        tick.symbol(SYMBOLS[(int) (i % SYMBOLS.length)])
                .price(100.0 + (i % 1000) * 0.25)
                .quantity(i * 7 + 1)
                .exchangeTimestamp(1_700_000_000_000_000_000L + i);
    }

    @Test
    void ticksThroughARingComeBackFieldByFieldInFramesOfTheGivenSizeWithAPartialLastOne() {
        RecordSchema schema = RecordSchema.of(TICK, null, Set.of("exchangeTimestamp"));
        assertEquals(List.of("symbol", "price", "quantity", "exchangeTimestamp"), schema.schema().names());
        assertEquals(List.of(ColumnType.STRING, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.TIMESTAMP),
                schema.fields().stream().map(RecordField::type).toList());
        int count = 64 * 15 + 40;
        RecordsToFrames<TickDecoder> toFrames = RecordsToFrames.of(schema, 64, allocator, collecting());
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(TICK).capacity(16).handler(toFrames)
                .build()) {
            for (long i = 0; i < count; i++) { // wraps the 16-slot ring many times
                long sequence = ring.claim();
                writeTick(ring.encoder(sequence), i);
                ring.publish(sequence);
            }
        } // joins the consumer: from here this thread may flush
        assertEquals(15, frames.size(), "only full frames are emitted before the flush");
        assertEquals(40, toFrames.pending());
        toFrames.close();
        assertEquals(16, frames.size());
        assertEquals(0, toFrames.pending());
        long i = 0;
        for (Frame frame : frames) {
            assertEquals(frame == frames.get(15) ? 40 : 64, frame.rows());
            Column symbol = frame.column("symbol");
            for (int row = 0; row < frame.rows(); row++, i++) {
                assertEquals(SYMBOLS[(int) (i % SYMBOLS.length)], symbol.get(row), "symbol of tick " + i);
                assertEquals(100.0 + (i % 1000) * 0.25, frame.column("price").getDouble(row), "price of tick " + i);
                assertEquals(i * 7 + 1, frame.column("quantity").getLong(row), "quantity of tick " + i);
                assertEquals(1_700_000_000_000_000_000L + i, frame.column("exchangeTimestamp").getLong(row),
                        "timestamp of tick " + i);
            }
        }
        assertEquals(count, i);
    }

    @Test
    void aStreamingDataFrameOverTheFramesAggregatesWhatAPlainLoopOverTheTicksGives() {
        Stream<Frame> frames = new Stream<>("frames");
        RecordsToFrames<TickDecoder> toFrames = RecordsToFrames.of(TICK, 100, allocator, frames);
        DataFrame df = DataFrame.of(frames, toFrames.schema(), allocator);
        List<Number> sums = df.col("quantity").sum().sinkToList();
        long expected = 0;
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(TICK).capacity(64).handler(toFrames)
                .build()) {
            for (long i = 0; i < 1234; i++) {
                long sequence = ring.claim();
                writeTick(ring.encoder(sequence), i);
                ring.publish(sequence);
                expected += i * 7 + 1;
            }
        }
        toFrames.close();
        assertEquals(13, sums.size(), "12 full frames and the partial last one");
        assertEquals(expected, sums.get(12).longValue());
        df.stream().destroy();
    }

    @Test
    void everyPrimitiveTypeACharAStringAndAnEnumOfABigEndianSchemaKeepTheirValues() {
        RecordsToFrames<AllTypesDecoder> toFrames = RecordsToFrames.of(ALL_TYPES, 4, allocator, collecting());
        Schema schema = toFrames.schema();
        assertEquals(List.of("i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f32", "f64", "c", "code", "side"),
                schema.names());
        UnsafeBuffer slot = new UnsafeBuffer(new byte[ALL_TYPES.slotLength()]);
        AllTypesEncoder out = ALL_TYPES.wrapEncoder(ALL_TYPES.newEncoder(), slot, 0);
        AllTypesDecoder in = ALL_TYPES.wrapDecoder(ALL_TYPES.newDecoder(), slot, 0);
        // the extremes of each type, where a wrong width, sign or byte order shows
        out.i8((byte) -128).u8((short) 255).i16((short) -32768).u16(65535).i32(Integer.MIN_VALUE).u32(4_294_967_294L)
                .i64(Long.MIN_VALUE + 1).u64(-2L).f32(-1.5e-3f).f64(Math.PI).c((byte) 'Z').code("AB").side(Side.SELL);
        toFrames.onRecord(in, 0, false);
        out.i8((byte) 127).u8((short) 1).i16((short) 32767).u16(1).i32(Integer.MAX_VALUE).u32(1)
                .i64(Long.MAX_VALUE).u64(7).f32(Float.MAX_VALUE).f64(-0.0).c((byte) 'a').code("WXYZ").side(Side.BUY);
        toFrames.onRecord(in, 1, true);
        toFrames.close();
        assertEquals(1, frames.size());
        Frame frame = frames.get(0);
        assertEquals(2, frame.rows());
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
            first.add(frame.column(c).get(0));
            second.add(frame.column(c).get(1));
        }
        assertEquals(List.of(-128, 255, -32768, 65535, Integer.MIN_VALUE, 4_294_967_294L, Long.MIN_VALUE + 1, -2L,
                (double) -1.5e-3f, Math.PI, (int) 'Z', "AB", 2), first);
        assertEquals(List.of(127, 1, 32767, 1, Integer.MAX_VALUE, 1L, Long.MAX_VALUE, 7L, (double) Float.MAX_VALUE,
                -0.0, (int) 'a', "WXYZ", 1), second);
    }

    @Test
    void aChosenSubsetOfColumnsKeepsTheBlockOrder() {
        RecordSchema schema = RecordSchema.of(TICK, List.of("quantity", "symbol"), Set.of());
        assertEquals(List.of("symbol", "quantity"), schema.schema().names());
    }

    @Test
    void aFieldNoColumnHoldsIsRefusedNamingItUnlessLeftOut() {
        RecordLayout<WithCompositeEncoder, WithCompositeDecoder> layout = RecordLayout.of("WithComposite",
                WithCompositeEncoder::new, WithCompositeDecoder::new, ByteOrder.BIG_ENDIAN);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RecordSchema.of(layout));
        assertTrue(refused.getMessage().contains("RecordSchema[WithComposite]")
                && refused.getMessage().contains("'amount'"), refused.getMessage());
        assertEquals(List.of("id"), RecordSchema.of(layout, List.of("id"), Set.of()).schema().names());
    }

    @Test
    void badArgumentsFailAtConstructionNamingTheNodeAndParameter() {
        Stream<Frame> target = new Stream<>();
        assertRefused("RecordsToFrames", "'layout'",
                () -> RecordsToFrames.of((RecordLayout<TickEncoder, TickDecoder>) null, 8, allocator, target));
        assertRefused("RecordsToFrames", "'schema'",
                () -> RecordsToFrames.of((RecordSchema) null, 8, allocator, target));
        assertRefused("RecordsToFrames[Tick]", "'rows'", () -> RecordsToFrames.of(TICK, 0, allocator, target));
        assertRefused("RecordsToFrames[Tick]", "'rows'", () -> RecordsToFrames.of(TICK, -5, allocator, target));
        assertRefused("RecordsToFrames[Tick]", "'allocator'", () -> RecordsToFrames.of(TICK, 8, null, target));
        assertRefused("RecordsToFrames[Tick]", "'target'", () -> RecordsToFrames.of(TICK, 8, allocator, null));
        assertRefused("RecordSchema", "'layout'", () -> RecordSchema.of(null));
        assertRefused("RecordSchema[Tick]", "'timestamps'", () -> RecordSchema.of(TICK, null, Set.of("nope")));
        assertRefused("RecordSchema[Tick]", "'timestamps'", () -> RecordSchema.of(TICK, null, Set.of("price")));
        assertRefused("RecordSchema[Tick]", "'columns'", () -> RecordSchema.of(TICK, List.of("nope"), Set.of()));
        assertRefused("RecordSchema[Tick]", "'columns'", () -> RecordSchema.of(TICK, List.of(), Set.of()));
    }

    private static void assertRefused(String node, String parameter, Runnable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(e.getMessage().contains(node) && e.getMessage().contains(parameter), e.getMessage());
    }

    @Test
    void flushWithNothingPendingEmitsNothingAndAClosedBatcherRefusesRecords() {
        RecordsToFrames<TickDecoder> toFrames = RecordsToFrames.of(TICK, 8, allocator, collecting());
        toFrames.flush();
        toFrames.close();
        assertEquals(0, frames.size());
        UnsafeBuffer slot = new UnsafeBuffer(new byte[TICK.slotLength()]);
        TickDecoder in = TICK.wrapDecoder(TICK.newDecoder(), slot, 0);
        assertThrows(IllegalStateException.class, () -> toFrames.onRecord(in, 0, true));
    }

    /**
     * Counted with {@code ThreadMXBean.getThreadAllocatedBytes} (a count of bytes, not a timing),
     * as the engine's record allocation test counts: the allowance covers reading the counter and
     * the JIT's bookkeeping, and is far below one byte per record.
     */
    @Test
    void fillingAFrameAllocatesNothingPerRecord() {
        int records = 1_000_000;
        Stream<Frame> target = new Stream<>();
        target.sink(frame -> { }); // frames are lent and let go at once
        RecordsToFrames<TickDecoder> toFrames = RecordsToFrames.of(TICK, BitUtil.findNextPositivePowerOfTwo(records),
                allocator, target);
        UnsafeBuffer slot = new UnsafeBuffer(new byte[TICK.slotLength()]);
        TickEncoder out = TICK.wrapEncoder(TICK.newEncoder(), slot, 0);
        TickDecoder in = TICK.wrapDecoder(TICK.newDecoder(), slot, 0);
        byte[][] symbols = new byte[SYMBOLS.length][8];
        for (int s = 0; s < SYMBOLS.length; s++) {
            byte[] ascii = SYMBOLS[s].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(ascii, 0, symbols[s], 0, ascii.length);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = 0;
        for (int i = 0; i < records; i++) {
            if (i == records / 2) { // warmed up: every symbol seen, the loop compiled
                before = threads.getThreadAllocatedBytes(thread);
            }
            out.putSymbol(symbols[i % symbols.length], 0).price(i * 0.5).quantity(i).exchangeTimestamp(i);
            toFrames.onRecord(in, i, false);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        toFrames.close();
        assertTrue(allocated <= 16 * 1024, allocated + " bytes allocated while batching " + records / 2 + " records");
    }
}
