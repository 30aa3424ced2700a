package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.record.tick.MessageHeaderDecoder;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.DoubleValueDecoder;
import io.streamz4j.record.value.LongValueDecoder;
import io.streamz4j.record.value.LongValueEncoder;
import io.streamz4j.runtime.WaitStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Record operators: filter, map into the operator's own slot, map into the next ring, a sink lent
 * each record, the way out to an object {@link Stream} and the way in from one. Results are
 * compared with the same computation written in plain Java over the same ticks.
 */
class RecordFlowTest {
    private static final int COUNT = 50_000;

    /** What a plain loop over the same ticks computes for the filter + map flows below. */
    private static List<Double> notionalOfLargeTicks(int count) {
        List<Double> expected = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (Ticks.quantity(i) % 3 == 0) {
                expected.add(Ticks.price(i) * Ticks.quantity(i));
            }
        }
        return expected;
    }

    private static void produce(RecordRing<TickEncoder, TickDecoder> ring, int count) {
        for (long i = 0; i < count; i++) {
            long sequence = ring.claim();
            Ticks.write(ring.encoder(sequence), i);
            ring.publish(sequence);
        }
    }

    @Test
    void filterThenMapIntoItsOwnSlotThenSinkEqualsAPlainLoop() {
        List<Double> got = new CopyOnWriteArrayList<>();
        List<Long> timestamps = new CopyOnWriteArrayList<>();
        RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT)
                .filter(tick -> tick.quantity() % 3 == 0)
                .map(RecordLayout.DOUBLE_VALUE, (TickDecoder tick, io.streamz4j.record.value.DoubleValueEncoder out) ->
                        out.timestamp(tick.exchangeTimestamp()).value(tick.price() * tick.quantity()))
                .sink((DoubleValueDecoder notional, long sequence, boolean endOfBatch) -> {
                    got.add(notional.value());
                    timestamps.add(notional.timestamp() - Ticks.timestamp(sequence));
                });
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(128)
                .handler(flow).build()) {
            produce(ring, COUNT);
            List<Double> expected = notionalOfLargeTicks(COUNT);
            Await.until(() -> got.size() == expected.size(), () -> got.size() + " of " + expected.size());
            assertEquals(expected, got);
            assertEquals(Collections.nCopies(expected.size(), 0L), timestamps,
                    "each output carries its input's timestamp, and the input's sequence");
        }
    }

    @Test
    void aMappedRecordIsACompleteSbeMessageOfItsLayout() throws Exception {
        long[] header = new long[4];
        RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT)
                .map(RecordLayout.LONG_VALUE, (TickDecoder tick, LongValueEncoder out) -> out.value(tick.quantity()))
                .sink((LongValueDecoder out, long sequence, boolean endOfBatch) -> {
                    MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(out.buffer(),
                            out.offset() - RecordLayout.HEADER_LENGTH);
                    header[0] = h.blockLength();
                    header[1] = h.templateId();
                    header[2] = h.schemaId();
                    header[3] = out.value();
                });
        flow.onRecord(tick(7), 7, true);
        assertEquals(List.of((long) LongValueEncoder.BLOCK_LENGTH, (long) LongValueEncoder.TEMPLATE_ID,
                (long) LongValueEncoder.SCHEMA_ID, Ticks.quantity(7)), List.of(header[0], header[1], header[2], header[3]));
    }

    @Test
    void aBatchingSinkIsToldTheBatchEndedWhenTheFilterDroppedItsLastRecord() throws Exception {
        List<String> calls = new ArrayList<>();
        RecordHandler<TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT)
                .filter(tick -> tick.quantity() != Ticks.quantity(2))
                .map(RecordLayout.LONG_VALUE, (TickDecoder tick, LongValueEncoder out) -> out.value(tick.quantity()))
                .sink(new RecordHandler<LongValueDecoder>() {
                    @Override
                    public void onRecord(LongValueDecoder record, long sequence, boolean endOfBatch) {
                        calls.add("record " + sequence + (endOfBatch ? " end" : ""));
                    }

                    @Override
                    public void onBatchEnd(long sequence) {
                        calls.add("batch end " + sequence);
                    }
                });
        flow.onRecord(tick(0), 0, false);
        flow.onRecord(tick(1), 1, false);
        flow.onRecord(tick(2), 2, true); // dropped, and the end of its batch
        flow.onRecord(tick(3), 3, true);
        assertEquals(List.of("record 0", "record 1", "batch end 2", "record 3 end"), calls);
    }

    @Test
    void mapIntoTheNextRingCrossesThreadsInOrderAndCarriesBackPressureUpstream() {
        List<Long> got = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        try (RecordRing<LongValueEncoder, LongValueDecoder> next = RecordRing.builder(RecordLayout.LONG_VALUE)
                .name("orders").capacity(8).waitStrategy(WaitStrategy.YIELDING)
                .handler((LongValueDecoder order, long sequence, boolean endOfBatch) -> {
                    if (threads.isEmpty()) {
                        threads.add(Thread.currentThread());
                    }
                    got.add(order.value());
                })
                .build();
                RecordRing<TickEncoder, TickDecoder> ticks = RecordRing.builder(Ticks.LAYOUT).name("ticks").capacity(8)
                        .waitStrategy(WaitStrategy.YIELDING)
                        .handler(RecordFlow.from(Ticks.LAYOUT).filter(tick -> tick.quantity() % 3 == 0)
                                .into(next, (TickDecoder tick, LongValueEncoder out) ->
                                        out.timestamp(tick.exchangeTimestamp()).value(tick.quantity())))
                        .build()) {
            produce(ticks, COUNT);
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < COUNT; i++) {
                if (Ticks.quantity(i) % 3 == 0) {
                    expected.add(Ticks.quantity(i));
                }
            }
            Await.until(() -> got.size() == expected.size(), () -> got.size() + " of " + expected.size());
            assertEquals(expected, got, "every selected tick reached the next ring once, in order, through 8-slot rings");
            assertEquals(next.consumerThread(), threads.get(0));
        }
    }

    /** A tick copied out of its record, for the object path. */
    private record Tick(String symbol, double price, long quantity) {
    }

    @Test
    void recordsBecomeAnObjectStreamOfDecodedCopiesAndObjectsBecomeRecords() {
        Stream<Tick> objects = new Stream<>();
        List<String> large = new CopyOnWriteArrayList<>();
        objects.filter(t -> t.quantity() > 1000).map(t -> t.symbol().trim() + "@" + t.price()).sink(large::add);
        List<Long> back = new CopyOnWriteArrayList<>();
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(16)
                .handler(RecordFlow.from(Ticks.LAYOUT).toStream(
                        (TickDecoder t) -> new Tick(t.symbol(), t.price(), t.quantity()), objects))
                .build();
                RecordRing<LongValueEncoder, LongValueDecoder> quantities = RecordRing.builder(RecordLayout.LONG_VALUE)
                        .capacity(4).handler((LongValueDecoder q, long s, boolean e) -> back.add(q.value())).build()) {
            produce(ring, 1000);
            List<String> expected = new ArrayList<>();
            for (long i = 0; i < 1000; i++) {
                if (Ticks.quantity(i) > 1000) {
                    Tick t = copy(i);
                    expected.add(t.symbol().trim() + "@" + t.price());
                }
            }
            Await.until(() -> large.size() == expected.size(), () -> large.size() + " of " + expected.size());
            assertEquals(expected, large);

            Stream<Tick> feed = new Stream<>();
            feed.sink(quantities.publisher((Tick t, LongValueEncoder out) -> out.value(t.quantity() * 2)));
            for (long i = 0; i < 100; i++) {
                feed.emit(copy(i));
            }
            Await.until(() -> back.size() == 100);
            for (int i = 0; i < 100; i++) {
                assertEquals(Ticks.quantity(i) * 2, back.get(i));
            }
        }
    }

    @Test
    void badArgumentsNameTheOperatorAndTheParameter() {
        RecordFlow<TickDecoder, TickDecoder> flow = RecordFlow.from(Ticks.LAYOUT);
        assertMessage("RecordFlow.filter: parameter 'predicate' must not be null", () -> flow.filter(null));
        assertMessage("RecordFlow.map: parameter 'layout' must not be null",
                () -> flow.map(null, (TickDecoder t, LongValueEncoder o) -> { }));
        assertMessage("RecordFlow.map: parameter 'mapper' must not be null", () -> flow.map(RecordLayout.LONG_VALUE, null));
        assertMessage("RecordFlow.sink: parameter 'sink' must not be null", () -> flow.sink(null));
        assertMessage("RecordFlow.into: parameter 'next' must not be null",
                () -> flow.into(null, (TickDecoder t, LongValueEncoder o) -> { }));
        assertMessage("RecordFlow.toStream: parameter 'target' must not be null",
                () -> flow.toStream(TickDecoder::quantity, null));
        assertMessage("RecordFlow.toStream: parameter 'copy' must not be null", () -> flow.toStream(null, new Stream<>()));
        assertMessage("RecordFlow: parameter 'layout' must not be null", () -> RecordFlow.from(null));
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE).name("q")
                .capacity(2).handler((LongValueDecoder q, long s, boolean e) -> { }).build()) {
            assertMessage("q: parameter 'encode' must not be null", () -> ring.publisher(null));
        }
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    private static Tick copy(long i) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickEncoder.BLOCK_LENGTH]);
        TickEncoder encoder = new TickEncoder().wrap(buffer, 0);
        Ticks.write(encoder, i);
        TickDecoder t = new TickDecoder().wrap(buffer, 0, TickEncoder.BLOCK_LENGTH, TickEncoder.SCHEMA_VERSION);
        assertTrue(Ticks.matches(t, i));
        return new Tick(t.symbol(), t.price(), t.quantity());
    }

    /** Tick {@code i} in a buffer of its own, for calling a flow directly. */
    private static TickDecoder tick(long i) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickEncoder.BLOCK_LENGTH]);
        Ticks.write(new TickEncoder().wrap(buffer, 0), i);
        return new TickDecoder().wrap(buffer, 0, TickEncoder.BLOCK_LENGTH, TickEncoder.SCHEMA_VERSION);
    }
}
