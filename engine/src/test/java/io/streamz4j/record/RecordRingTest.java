package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.record.tick.MessageHeaderDecoder;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.DoubleValueDecoder;
import io.streamz4j.record.value.DoubleValueEncoder;
import io.streamz4j.record.value.LongValueDecoder;
import io.streamz4j.record.value.LongValueEncoder;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * A record ring carries generated SBE flyweights field by field, its slots' bytes are complete SBE
 * messages, it drains on close, survives a failing handler, uses the embedder's thread factory,
 * and rejects bad arguments naming the ring and the parameter.
 */
class RecordRingTest {

    /** What a tick decoded to, copied on the consumer thread. */
    private record Copy(String symbol, double price, long quantity, long exchangeTimestamp, long sequence) {
    }

    @Test
    void everyTickFieldRoundTripsThroughTheRingIncludingExtremeValues() {
        String[] symbols = {"AAPL", "ABCDEFGH", "", "X", "EUR/USD"};
        double[] prices = {101.25, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
        long[] quantities = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE + 1};
        List<Copy> got = new CopyOnWriteArrayList<>();
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(4)
                .handler((TickDecoder tick, long sequence, boolean endOfBatch) -> got.add(new Copy(tick.symbol(),
                        tick.price(), tick.quantity(), tick.exchangeTimestamp(), sequence)))
                .build()) {
            int n = 30; // several laps of a 4-slot ring
            for (int i = 0; i < n; i++) {
                long sequence = ring.claim();
                ring.encoder(sequence).symbol(symbols[i % symbols.length]).price(prices[i % prices.length])
                        .quantity(quantities[i % quantities.length]).exchangeTimestamp(1_000_000_000L * i + i);
                ring.publish(sequence);
            }
            Await.until(() -> got.size() == n, () -> got.size() + " of " + n + " ticks handled");
            for (int i = 0; i < n; i++) {
                Copy copy = got.get(i);
                assertEquals(i, copy.sequence());
                assertEquals(symbols[i % symbols.length], copy.symbol(), "symbol of tick " + i);
                assertEquals(Double.doubleToRawLongBits(prices[i % prices.length]),
                        Double.doubleToRawLongBits(copy.price()), "price of tick " + i);
                assertEquals(quantities[i % quantities.length], copy.quantity(), "quantity of tick " + i);
                assertEquals(1_000_000_000L * i + i, copy.exchangeTimestamp(), "exchange timestamp of tick " + i);
            }
        }
    }

    @Test
    void aSlotsBytesAreACompleteSbeMessageWithItsHeader() {
        List<long[]> headers = new CopyOnWriteArrayList<>();
        AtomicReference<RecordRing<TickEncoder, TickDecoder>> holder = new AtomicReference<>();
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(2)
                .handler((TickDecoder tick, long sequence, boolean endOfBatch) -> {
                    // Read the slot back from its bytes, as a journal or a subscriber would.
                    MessageHeaderDecoder header = new MessageHeaderDecoder()
                            .wrap(holder.get().region(), holder.get().slotOffset(sequence));
                    TickDecoder again = new TickDecoder().wrap(holder.get().region(),
                            holder.get().slotOffset(sequence) + header.encodedLength(), header.blockLength(),
                            header.version());
                    headers.add(new long[] {header.blockLength(), header.templateId(), header.schemaId(),
                        header.version(), again.quantity(), tick.offset() - holder.get().slotOffset(sequence)});
                })
                .build()) {
            holder.set(ring);
            for (long i = 0; i < 5; i++) {
                long sequence = ring.claim();
                Ticks.write(ring.encoder(sequence), i);
                ring.publish(sequence);
            }
            Await.until(() -> headers.size() == 5);
        }
        assertEquals(40, Ticks.LAYOUT.slotLength(), "8-byte header + 32-byte block, already 8-aligned");
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(new long[] {TickEncoder.BLOCK_LENGTH, TickEncoder.TEMPLATE_ID, TickEncoder.SCHEMA_ID,
                TickEncoder.SCHEMA_VERSION, Ticks.quantity(i), RecordLayout.HEADER_LENGTH}, headers.get(i));
        }
    }

    @Test
    void theBuiltInLayoutsCarryOneValueAndATimestamp() {
        List<String> got = new CopyOnWriteArrayList<>();
        try (RecordRing<LongValueEncoder, LongValueDecoder> longs = RecordRing.builder(RecordLayout.LONG_VALUE)
                .capacity(2).handler((LongValueDecoder r, long s, boolean e) -> got.add(r.timestamp() + "=" + r.value()))
                .build();
                RecordRing<DoubleValueEncoder, DoubleValueDecoder> doubles = RecordRing
                        .builder(RecordLayout.DOUBLE_VALUE).capacity(2)
                        .handler((DoubleValueDecoder r, long s, boolean e) -> got.add(r.timestamp() + "~" + r.value()))
                        .build()) {
            for (long i = 0; i < 3; i++) {
                long s = longs.claim();
                longs.encoder(s).timestamp(i).value(Long.MIN_VALUE + i);
                longs.publish(s);
            }
            Await.until(() -> got.size() == 3);
            long s = doubles.claim();
            doubles.encoder(s).timestamp(9).value(-2.5);
            doubles.publish(s);
            Await.until(() -> got.size() == 4);
        }
        assertEquals(List.of("0=" + Long.MIN_VALUE, "1=" + (Long.MIN_VALUE + 1), "2=" + (Long.MIN_VALUE + 2), "9~-2.5"),
                got);
        assertEquals(24, RecordLayout.LONG_VALUE.slotLength());
        assertEquals(16, RecordLayout.DOUBLE_VALUE.blockLength());
    }

    @Test
    void closeWaitsForTheConsumerToHandleEveryPublishedRecordThenRefusesClaims() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE).capacity(8)
                .handler((LongValueDecoder r, long s, boolean e) -> {
                    gate.await();
                    handled.incrementAndGet();
                })
                .build();
        for (int i = 0; i < 8; i++) {
            ring.publish(ring.claim());
        }
        Thread closer = new Thread(ring::close);
        closer.start();
        Await.until(() -> closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.WAITING);
        assertEquals(0, handled.get(), "the consumer is held at the gate");
        assertThrows(IllegalStateException.class, ring::claim, "a closing ring accepts no new claim");
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(8, handled.get(), "close returned only after every published record was handled");
        assertTrue(!ring.consumerThread().isAlive(), "close halted the consumer thread");
        IllegalStateException closed = assertThrows(IllegalStateException.class, ring::tryClaim);
        assertTrue(closed.getMessage().contains("record-ring-LongValue"), closed.getMessage());
        ring.close(); // idempotent
    }

    @Test
    void aFailingHandlerIsCountedAndTheConsumerGoesOn() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE)
                .name("failing").capacity(4).handler((LongValueDecoder r, long s, boolean e) -> {
                    if (r.value() % 3 == 0) {
                        throw new IllegalStateException("no multiples of three");
                    }
                    handled.add(r.value());
                })
                .build()) {
            for (long i = 1; i <= 10; i++) {
                long s = ring.claim();
                ring.encoder(s).value(i);
                ring.publish(s);
            }
            Await.until(() -> handled.size() == 7 && ring.errorCount() == 3,
                    () -> handled + " handled, " + ring.errorCount() + " errors");
            assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L, 10L), handled);
        }
    }

    @Test
    void tryClaimSaysWhenTheRingIsFullInsteadOfWaiting() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE)
                .capacity(4).waitStrategy(WaitStrategy.YIELDING).handler((LongValueDecoder r, long s, boolean e) -> gate.await())
                .build()) {
            for (int i = 0; i < 4; i++) {
                long s = ring.tryClaim();
                assertEquals(i, s);
                ring.publish(s);
            }
            assertEquals(-1, ring.tryClaim(), "four records held by the consumer fill a four-slot ring");
            assertEquals(0, ring.remainingCapacity());
            gate.countDown();
            Await.until(() -> ring.remainingCapacity() == 4);
            assertEquals(4, ring.tryClaim());
            ring.publish(4);
        }
    }

    @Test
    void theConsumerRunsOnTheThreadTheEmbeddersFactoryMade() {
        List<Thread> made = new ArrayList<>();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE)
                .capacity(2).threadFactory(r -> {
                    Thread t = new Thread(r, "embedder-consumer");
                    t.setDaemon(true);
                    made.add(t);
                    return t;
                })
                .handler((LongValueDecoder r, long s, boolean e) -> ranOn.add(Thread.currentThread()))
                .build()) {
            ring.publish(ring.claim());
            Await.until(() -> ranOn.size() == 1);
            assertEquals(1, made.size());
            assertSame(made.get(0), ranOn.get(0));
            assertSame(made.get(0), ring.consumerThread());
        }
    }

    /** Without a factory of its own the ring's consumer comes from the process-wide {@link Threads} default. */
    @Test
    void theConsumerComesFromTheProcessDefaultThreadsWhenNoFactoryIsGiven() {
        List<Thread> made = new CopyOnWriteArrayList<>();
        Threads.setDefault(Threads.factory(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            made.add(t);
            return t;
        }));
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE)
                .name("prices").capacity(2).handler((LongValueDecoder r, long s, boolean e) -> { }).build()) {
            assertEquals(List.of(ring.consumerThread()), made);
            assertEquals("streamz4j-prices", ring.consumerThread().getName(), "the engine names what the factory left unnamed");
        } finally {
            Threads.setDefault(null);
        }
    }

    @Test
    void badArgumentsFailAtConstructionNamingTheRingAndTheParameter() {
        RecordRing.Builder<LongValueEncoder, LongValueDecoder> builder = RecordRing.builder(RecordLayout.LONG_VALUE)
                .name("prices");
        assertMessage("prices: parameter 'capacity' must be a power of two, got 1000",
                assertThrows(IllegalArgumentException.class, () -> builder.capacity(1000)));
        assertMessage("prices: parameter 'capacity' must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> builder.capacity(0)));
        assertMessage("prices: parameter 'handler' must not be null",
                assertThrows(IllegalArgumentException.class, builder::build));
        assertMessage("prices: parameter 'waitStrategy' must not be null",
                assertThrows(IllegalArgumentException.class, () -> builder.waitStrategy(null)));
        assertMessage("prices: parameter 'threadFactory' must not be null",
                assertThrows(IllegalArgumentException.class, () -> builder.threadFactory(null)));
        assertMessage("prices: parameter 'capacity' of 1073741824 slots of 24 bytes exceeds one region (2 GiB)",
                assertThrows(IllegalArgumentException.class, () -> builder.capacity(1 << 30)));
        assertMessage("RecordRing: parameter 'layout' must not be null",
                assertThrows(IllegalArgumentException.class, () -> RecordRing.builder(null)));
        assertMessage("prices: parameter 'threadFactory' made no thread", assertThrows(IllegalArgumentException.class,
                () -> builder.threadFactory(r -> null).handler((LongValueDecoder r, long s, boolean e) -> { }).build()));
    }

    @Test
    void aLayoutWhoseDecoderReadsAnotherMessageIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordLayout.of("Mixed", TickEncoder::new, LongValueDecoder::new));
        assertTrue(e.getMessage().startsWith("RecordLayout[Mixed]: parameter 'decoders' makes LongValueDecoder"),
                e.getMessage());
        assertMessage("RecordLayout[Tick]: parameter 'decoders' must not be null",
                assertThrows(IllegalArgumentException.class, () -> RecordLayout.of("Tick", TickEncoder::new, null)));
        assertMessage("RecordLayout: parameter 'name' must not be null", assertThrows(IllegalArgumentException.class,
                () -> RecordLayout.of(null, TickEncoder::new, TickDecoder::new)));
    }

    private static void assertMessage(String expected, Throwable e) {
        assertEquals(expected, e.getMessage());
    }
}
