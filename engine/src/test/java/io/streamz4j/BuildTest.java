package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * {@link Stream#build}: a node is connected to its upstreams only once all its constructors have
 * run, so a pipeline emitting on another thread never hands an element to a half-built node (the
 * race that made {@code BufferTest.bufferAfterTimedWindow}'s loop log a NullPointerException from
 * a buffer whose ring was not yet set), and a constructor that throws leaves nothing connected.
 * streamz has no counterpart: a Python node is whole once {@code __init__} returns.
 */
class BuildTest {

    /**
     * A node that, after the base constructor, waits until its upstream has emitted a thousand
     * more elements before it counts itself built; every element it gets before then is counted as
     * early.
     */
    private static final class SlowNode extends Stream<Integer> {
        private final AtomicInteger early;
        private final AtomicInteger received = new AtomicInteger();
        private boolean built;

        SlowNode(Stream<Integer> upstream, AtomicLong emitted, AtomicInteger early) {
            super("slow", upstream);
            this.early = early;
            long from = emitted.get();
            Await.until(() -> emitted.get() >= from + 1000, "the emitting thread to go on");
            built = true;
        }

        @Override
        public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
            if (!built) {
                early.incrementAndGet();
            }
            received.incrementAndGet();
        }
    }

    /** A node whose constructor fails after the base constructor has run. */
    private static final class FailingNode extends Stream<Integer> {
        FailingNode(Stream<Integer> upstream) {
            super("failing", upstream);
            throw new IllegalStateException("refused after super()");
        }
    }

    @Test
    void aNodeBuiltBelowAPipelineEmittingOnAnotherThreadGetsNothingBeforeItsConstructorEnds() throws Exception {
        Stream<Integer> source = new Stream<>();
        AtomicLong emitted = new AtomicLong();
        AtomicInteger early = new AtomicInteger();
        Thread emitter = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                source.emit(i);
                emitted.incrementAndGet();
            }
        }, "emitter");
        emitter.start();
        try {
            SlowNode node = Stream.build(() -> new SlowNode(source, emitted, early));
            Await.until(() -> node.received.get() >= 1000, "the built node to receive elements");
        } finally {
            emitter.interrupt();
            emitter.join();
        }
        assertEquals(0, early.get(), "elements handed to the node before its constructor ended");
    }

    @Test
    void aConstructorThatThrowsLeavesNothingConnected() {
        Stream<Integer> source = new Stream<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Stream.build(() -> new FailingNode(source)));
        assertEquals("refused after super()", e.getMessage());
        assertTrue(source.downstreams().isEmpty(), source.downstreams()::toString);
    }

    @Test
    void nodesBuiltInsideTheConstructorsArgumentsAreConnectedToo() {
        Stream<Integer> source = new Stream<>();
        List<Integer> out = new ArrayList<>();
        // a node built with new in an argument, and an operator method building its own node there
        Stream<Integer> plain = Stream.build(() -> new io.streamz4j.core.Map<Integer, Integer>(
                new io.streamz4j.core.Map<Integer, Integer>(source, x -> x + 1), x -> x * 10));
        Stream<Integer> nested = Stream.build(() -> new io.streamz4j.core.Map<Integer, Integer>(
                source.map(x -> x - 1), x -> x * 100));
        plain.sink(out::add);
        nested.sink(out::add);

        source.emit(2);

        assertEquals(List.of(30, 100), out);
    }

    @Test
    void buildRefusesANullConstructor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stream.build(null));
        assertEquals("build: parameter 'constructor' must not be null", e.getMessage());
    }
}
