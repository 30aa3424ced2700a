package io.streamz4j;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link RefCounter.FailureListener} hears of a node failing on its element on a thread the
 * engine runs (a buffer's consumer, the event loop emitting a timed window), where the failure
 * reaches no caller of {@code emit}: once per failure, with the node and the exception, on that
 * thread, after the node's error handler. On the emitting thread the exception reaches the
 * emitter instead, and the listener is not called. Time is a {@link ManualClock}.
 */
class FailureListenerTest {
    /** One call of a listener. */
    private record Heard(String counter, Stream<?> node, Throwable error, String thread) {
    }

    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final List<Stream<?>> sources = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = EventLoop.create("failure-listener-test", clock, WaitStrategy.BLOCKING);

    @AfterEach
    void tearDown() {
        sources.forEach(Stream::destroy);
        loop.close();
    }

    private Stream<Integer> source(String name) {
        Stream<Integer> source = new Stream<>(name, loop);
        source.onPipelineError((node, element, error) -> { });
        sources.add(source);
        return source;
    }

    private List<Map<String, Object>> listened(String name) {
        RefCounter ref = new RefCounter(0, null,
                (node, error) -> heard.add(new Heard(name, node, error, Thread.currentThread().getName())));
        return Metadata.withRef(ref);
    }

    @Test
    void aFailureBelowABufferReachesTheElementsCounterNamingTheNode() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = source("below-buffer");
        Stream<Integer> map = source.buffer(4).map(x -> {
            if (x == 2) {
                throw boom;
            }
            return x;
        });
        List<Integer> l = collect(map);

        source.emit(1, listened("one"));
        source.emit(2, listened("two"));
        source.emit(3, listened("three"));

        Await.until(() -> l.size() == 2 && heard.size() == 1, () -> "delivered " + l + ", heard " + heard);
        assertEquals("two", heard.get(0).counter());
        assertSame(map, heard.get(0).node());
        assertSame(boom, heard.get(0).error());
        assertTrue(!heard.get(0).thread().equals(Thread.currentThread().getName()), "told on the buffer's thread, not "
                + heard.get(0).thread());
    }

    @Test
    void aFailureOnTheLoopEmittingATimedWindowReachesEveryCounterInTheWindow() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = source("below-timed-window");
        Stream<List<Integer>> sink;
        try (Await.Hold hold = Await.holding(loop)) {
            sink = source.timedWindow(Duration.ofMillis(10)).sink(window -> {
                throw boom;
            });
        }
        source.emit(1, listened("one"));
        source.emit(2, listened("two"));
        Await.loopCaughtUp(loop);
        clock.advance(Duration.ofMillis(10));
        Await.loopCaughtUp(loop);

        assertEquals(List.of("one", "two"), heard.stream().map(Heard::counter).toList());
        assertSame(sink, heard.get(0).node());
        assertSame(boom, heard.get(1).error());
    }

    @Test
    void onTheEmittingThreadTheEmitterGetsTheExceptionAndTheListenerIsNotCalled() {
        Stream<Integer> source = source("synchronous");
        source.map(x -> 10 / x).sink(x -> { });
        assertThrows(ArithmeticException.class, () -> source.emit(0, listened("zero")));
        assertEquals(List.of(), heard);
    }
}
