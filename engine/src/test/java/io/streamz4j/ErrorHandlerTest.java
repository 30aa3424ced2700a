package io.streamz4j;

import static io.streamz4j.StderrCapture.stderrOf;
import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.core.Accumulate;
import io.streamz4j.core.Buffer;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Error handlers: every failure reaches exactly one handler call, made for the node where it
 * started, with the element that node was given; the node counts it; on the emitting thread the
 * exception still reaches the caller unchanged, and off it (a buffer's consumer, the event loop's
 * timers and inbox, the ring in front of a join across threads) the thread goes on with the next
 * element. Without a handler the failure is logged once. Time is a {@link ManualClock}.
 */
class ErrorHandlerTest {
    /** One call of a handler. */
    private record Call(Stream<?> node, Object element, Throwable error) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ErrorHandler recording = (node, element, error) -> calls.add(new Call(node, element, error));
    private final List<Stream<?>> sources = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = EventLoop.create("error-handler-test", clock, WaitStrategy.BLOCKING);

    @AfterEach
    void tearDown() {
        sources.forEach(Stream::destroy);
        loop.close();
    }

    private <T> Stream<T> source(String name) {
        Stream<T> source = new Stream<>(name, loop);
        sources.add(source);
        return source;
    }

    /** A source whose pipeline reports its failures to {@link #recording}. */
    private <T> Stream<T> recordedSource(String name) {
        Stream<T> source = source(name);
        source.onPipelineError(recording);
        return source;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private void assertOneCall(Stream<?> node, Object element, Throwable error) {
        assertEquals(1, calls.size(), calls::toString);
        assertSame(node, calls.get(0).node());
        assertEquals(element, calls.get(0).element());
        assertSame(error, calls.get(0).error());
    }

    /** Moves time on and waits until the loop has run what is due. */
    private void advance(long millis) {
        Await.loopCaughtUp(loop);
        clock.advance(Duration.ofMillis(millis));
        Await.loopCaughtUp(loop);
    }

    // ------------------------------------------------------------------ on the emitting thread

    @Test
    void aNodesHandlerIsCalledOnceAndTheEmitterStillGetsTheSameException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = source("own-handler");
        Stream<Integer> map = source.map(x -> {
            if (x == 0) {
                throw boom;
            }
            return 10 / x;
        });
        map.onError(recording);
        List<Integer> l = map.sinkToList();

        String out = stderrOf(() -> assertSame(boom, assertThrows(IllegalStateException.class, () -> source.emit(0))));
        assertOneCall(map, 0, boom);
        assertEquals(1, map.errorCount());
        assertEquals(0, source.errorCount());
        assertFalse(out.contains("failed"), "a node with a handler is not logged as well: " + out);

        source.emit(5);
        assertEquals(List.of(2), l);
        assertThrows(IllegalStateException.class, () -> source.emit(0));   // the same instance again
        assertEquals(2, calls.size());
        assertEquals(2, map.errorCount());
    }

    @Test
    void aFailureDeepInAPipelineIsReportedOnlyByTheNodeWhereItStarted() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = recordedSource("deep");
        Stream<Integer> filter = source.filter(x -> true);
        Stream<Integer> map = filter.map(x -> x + 1);
        Stream<Integer> sink = map.sink(x -> {
            throw boom;
        });

        assertSame(boom, assertThrows(IllegalStateException.class, () -> source.emit(1)));

        assertOneCall(sink, 2, boom);
        assertEquals(1, sink.errorCount());
        assertEquals(0, map.errorCount());
        assertEquals(0, filter.errorCount());
    }

    @Test
    void aPipelineHandlerCoversNodesBuiltBeforeAndAfterItAndANodesOwnHandlerWins() {
        Stream<Integer> source = source("pipeline");
        Stream<Integer> before = source.map(x -> 10 / x);
        source.onPipelineError(recording);
        Stream<Integer> after = before.map(x -> {
            throw new IllegalArgumentException("after " + x);
        });
        List<Call> own = new CopyOnWriteArrayList<>();
        Stream<Integer> other = source.map(x -> {
            throw new IllegalStateException("other " + x);
        });
        other.onError((node, element, error) -> own.add(new Call(node, element, error)));

        assertThrows(ArithmeticException.class, () -> source.emit(0));
        assertThrows(IllegalArgumentException.class, () -> source.emit(2));

        assertEquals(2, calls.size(), calls::toString);
        assertSame(before, calls.get(0).node());
        assertEquals(0, calls.get(0).element());
        assertSame(after, calls.get(1).node());
        assertEquals(5, calls.get(1).element());
        // emit(2) never reached the other branch; emit(0) failed in the first one before it did
        assertEquals(List.of(), own);
        Stream<Integer> lone = source("lone");
        Stream<Integer> loneOther = lone.map(x -> x);
        lone.connect(other);
        assertThrows(IllegalStateException.class, () -> lone.emit(7));
        assertEquals(1, own.size());
        assertSame(other, own.get(0).node());
        assertEquals(0, loneOther.errorCount());
    }

    @Test
    void aHandlerThatThrowsDoesNotHideTheFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = source("broken-handler");
        source.sink(x -> {
            throw boom;
        }).onError((node, element, error) -> {
            throw new IllegalArgumentException("the handler broke");
        });

        String out = stderrOf(() -> assertSame(boom, assertThrows(IllegalStateException.class, () -> source.emit(1))));
        assertTrue(out.contains("the handler broke"), out);
    }

    // ------------------------------------------------------------------ off the emitting thread

    @Test
    void mapBelowABuffer() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = recordedSource("map-below-buffer");
        Stream<Integer> buffer = source.buffer(4);
        Stream<Integer> map = buffer.map(x -> {
            if (x == 2) {
                throw boom;
            }
            return x * 10;
        });
        List<Integer> l = collect(map);

        for (int i = 1; i <= 3; i++) {
            source.emit(i);
        }

        Await.until(() -> l.size() == 2, () -> "delivered " + l);
        assertEquals(List.of(10, 30), l);   // the consumer went on with the next element
        assertOneCall(map, 2, boom);
        assertEquals(1, map.errorCount());
        assertEquals(0, buffer.errorCount());
    }

    @Test
    void theDefaultHandlerLogsAFailureBelowABufferOnceNamingTheNodeAndTheElement() {
        Stream<Integer> source = source("logged-once");
        Buffer<Integer> buffer = (Buffer<Integer>) source.buffer(4);
        List<Integer> l = collect(buffer.map(x -> 10 / x));

        String out = stderrOf(() -> {
            source.emit(0);
            source.emit(5);
            Await.until(() -> l.size() == 1 && buffer.inFlight() == 0, () -> "delivered " + l);
        });

        assertEquals(1, occurrences(out, "failed"), out);   // one record, not one per thread it crossed
        assertTrue(out.contains("<map> failed on element 0"), out);
        assertEquals(List.of(2), l);
    }

    @Test
    void sinkBelowATimedWindow() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = recordedSource("sink-below-timed-window");
        Stream<List<Integer>> sink;
        try (Await.Hold hold = Await.holding(loop)) {
            sink = source.timedWindow(Duration.ofMillis(10)).sink(window -> {
                if (!window.isEmpty()) {
                    throw boom;
                }
            });
        }

        source.emit(1);
        source.emit(2);
        advance(10);

        assertOneCall(sink, List.of(1, 2), boom);
        source.emit(3);
        advance(10);
        assertEquals(2, calls.size(), calls::toString);   // the loop went on; one call per failure
        assertEquals(List.of(3), calls.get(1).element());
        assertEquals(2, sink.errorCount());
    }

    @Test
    void accumulateOnTheLoopsTimer() {
        IllegalStateException boom = new IllegalStateException("short partition");
        Stream<Integer> source = recordedSource("accumulate-on-loop");
        Stream<Integer> sum = source.partition(2, Duration.ofMillis(10)).accumulate((Integer total, List<Integer> pair) -> {
            if (pair.size() < 2) {
                throw boom;
            }
            return total + pair.get(0) + pair.get(1);
        }, 0);
        List<Integer> l = collect(sum);

        source.emit(1);
        source.emit(2);
        source.emit(3);
        advance(10);   // (3,) times out and goes out alone, from the loop's timer

        assertOneCall(sum, List.of(3), boom);
        assertEquals(3, ((Accumulate<?>) sum).state());   // as before the failing element
        source.emit(4);
        source.emit(5);
        Await.loopCaughtUp(loop);
        assertEquals(List.of(3, 12), l);
        assertEquals(1, sum.errorCount());
    }

    @Test
    void filterBelowADelay() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = recordedSource("filter-below-delay");
        Stream<Integer> filter = source.delay(Duration.ofMillis(10)).filter(x -> {
            if (x == 2) {
                throw boom;
            }
            return true;
        });
        List<Integer> l = collect(filter);

        source.emit(1);
        source.emit(2);
        source.emit(3);
        for (int i = 0; i < 3; i++) {
            advance(10);
        }

        assertEquals(List.of(1, 3), l);
        assertOneCall(filter, 2, boom);
        assertEquals(1, filter.errorCount());
    }

    @Test
    void aJoinAcrossThreadsFailsTheEmitAsyncFutureWithTheOriginalException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> a = recordedSource("gated-a");
        Stream<Integer> b = source("gated-b");
        Buffer<Integer> aSide = (Buffer<Integer>) a.buffer(4);
        Stream<List<Object>> zip = aSide.zip(b);
        List<List<Object>> l = new CopyOnWriteArrayList<>();
        Stream<List<Object>> sink = zip.sink(pair -> {
            if (pair.get(1).equals(2)) {
                throw boom;
            }
            l.add(pair);
        });

        // a's element is in the join's ring before b's, so b's completes the tuple
        a.emit(1);
        Await.until(() -> aSide.inFlight() == 0, "a's element handed to the join");
        CompletableFuture<Void> fine = b.emitAsync(1);
        fine.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(List.of(List.of(1, 1)), l);   // done once the join and the sink had dealt with it

        a.emit(2);
        Await.until(() -> aSide.inFlight() == 0, "a's element handed to the join");
        CompletableFuture<Void> failing = b.emitAsync(2);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> failing.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertSame(boom, e.getCause());
        assertOneCall(sink, List.of(2, 2), boom);
        assertEquals(1, sink.errorCount());
        assertEquals(0, zip.errorCount());
    }

    @Test
    void aNodeThatRefusesAnElementOffTheEmittingThreadIsCreditedWithIt() {
        Stream<Object> source = recordedSource("refused");
        Stream<Integer> starmap = source.buffer(2).starmap((Integer x, Integer y) -> x + y);
        List<Integer> l = collect(starmap);

        source.emit("not a tuple");
        source.emit(List.of(1, 2));

        Await.until(() -> l.size() == 1, () -> "delivered " + l);
        assertEquals(1, calls.size(), calls::toString);
        assertSame(starmap, calls.get(0).node());
        assertEquals("not a tuple", calls.get(0).element());
        assertTrue(calls.get(0).error() instanceof IllegalArgumentException);
        assertEquals(1, starmap.errorCount());
    }
}
