package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.LongValueDecoder;
import io.streamz4j.record.value.LongValueEncoder;
import io.streamz4j.runtime.WaitStrategy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Producer and consumer on different threads through a ring far smaller than the run, so the
 * ring wraps many thousand times: every record arrives once, in order, with every field as
 * written, and a consumer that stalls holds the producer back (the producer is never more than the
 * ring's capacity ahead, and it really does fill the ring and wait).
 */
class RecordRingConcurrencyTest {
    private static final int CAPACITY = 64;
    private static final long COUNT = 1_000_000;
    /** The consumer stalls on every this-many'th record until the producer has filled the ring. */
    private static final long STALL_EVERY = 10_000;

    /**
     * Checks each record on the consumer thread; remembers the first thing wrong, as a string, so
     * the producer side can report it.
     */
    private static final class Checker implements RecordHandler<TickDecoder> {
        final AtomicLong published;
        final AtomicReference<String> wrong = new AtomicReference<>();
        RecordRing<TickEncoder, TickDecoder> ring;
        volatile long handled;
        volatile long stallsWithAFullRing;

        Checker(AtomicLong published) {
            this.published = published;
        }

        @Override
        public void onRecord(TickDecoder tick, long sequence, boolean endOfBatch) {
            long expected = handled;
            if (wrong.get() == null) {
                if (sequence != expected) {
                    wrong.set("record " + expected + " arrived as sequence " + sequence);
                } else if (!Ticks.matches(tick, expected)) {
                    wrong.set("record " + expected + " holds other fields: quantity " + tick.quantity());
                } else if (published.get() > sequence + CAPACITY) {
                    wrong.set("the producer published " + published.get() + " records while the consumer was on "
                            + sequence + ": more than " + CAPACITY + " ahead");
                }
            }
            if (stallsOn(sequence)) {
                // A slow consumer: wait until the producer has filled every slot and is held back.
                while (ring.remainingCapacity() > 0 && published.get() < COUNT) {
                    LockSupport.parkNanos(1_000);
                }
                if (ring.remainingCapacity() == 0) {
                    stallsWithAFullRing++;
                }
                if (!Ticks.matches(tick, expected)) {
                    wrong.set("record " + expected + " was overwritten while the consumer held it");
                }
            }
            handled = expected + 1;
        }
    }

    /** Stalls where the producer still has a ring's worth of records to fill the ring with. */
    private static boolean stallsOn(long sequence) {
        return sequence % STALL_EVERY == STALL_EVERY - 1 && sequence + CAPACITY < COUNT;
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aMillionTicksWrapASmallRingAndArriveOnceInOrderWithTheProducerHeldBack(WaitStrategy waitStrategy)
            throws Exception {
        AtomicLong published = new AtomicLong();
        Checker checker = new Checker(published);
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(CAPACITY)
                .waitStrategy(waitStrategy).handler(checker).build()) {
            checker.ring = ring;
            Thread producer = new Thread(() -> {
                for (long i = 0; i < COUNT; i++) {
                    long sequence = ring.claim();
                    Ticks.write(ring.encoder(sequence), i);
                    ring.publish(sequence);
                    published.lazySet(i + 1);
                }
            }, "tick-producer");
            producer.start();
            producer.join();
            awaitHandled(checker, COUNT);
        }
        assertNull(checker.wrong.get());
        assertEquals(COUNT, checker.handled);
        long stalls = 0;
        for (long s = 0; s < COUNT; s++) {
            stalls += stallsOn(s) ? 1 : 0;
        }
        assertEquals(stalls, checker.stallsWithAFullRing,
                "each time the consumer stalled, the producer filled the ring and waited");
    }

    @Test
    void producersOnSeveralThreadsLoseNothingAndKeepEachOnesOrder() throws Exception {
        int producers = 3;
        long perProducer = 200_000;
        long[] next = new long[producers];
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong handled = new AtomicLong();
        try (RecordRing<LongValueEncoder, LongValueDecoder> ring = RecordRing.builder(RecordLayout.LONG_VALUE)
                .capacity(32).multiProducer().waitStrategy(WaitStrategy.YIELDING)
                .handler((LongValueDecoder r, long sequence, boolean endOfBatch) -> {
                    int p = (int) r.timestamp();
                    if (r.value() != next[p] && wrong.get() == null) {
                        wrong.set("producer " + p + ": got " + r.value() + ", expected " + next[p]);
                    }
                    next[p] = r.value() + 1;
                    handled.lazySet(handled.get() + 1);
                })
                .build()) {
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int id = p;
                threads[p] = new Thread(() -> {
                    for (long i = 0; i < perProducer; i++) {
                        long sequence = ring.claim();
                        ring.encoder(sequence).timestamp(id).value(i);
                        ring.publish(sequence);
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long total = producers * perProducer;
            while (handled.get() < total && ring.consumerThread().isAlive()) {
                LockSupport.parkNanos(100_000);
            }
        }
        assertNull(wrong.get());
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], "every record of producer " + p);
        }
    }

    private static void awaitHandled(Checker checker, long count) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (checker.handled < count && checker.wrong.get() == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
    }
}
