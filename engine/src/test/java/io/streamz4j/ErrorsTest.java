package io.streamz4j;

import static io.streamz4j.StderrCapture.stderrOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.core.Accumulate;
import io.streamz4j.core.PartitionUnique;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Errors: an exception thrown by a user function reaches the emitter as the same instance, the
 * failing node is named in the log, and the node's state is as before the failing element; and bad
 * arguments fail at construction, naming the parameter, without leaving a half-built node wired to
 * the upstream. test_map_errors_* and test_accumulate_errors_* mirror streamz 0.6.4's
 * {@code streamz/tests/test_core.py}; the asynchronous _log cases there go through {@code delay},
 * and are ported here on the synchronous path, where the exception reaches the emitter. Null functions, sizes
 * and indices are all rejected with {@link IllegalArgumentException} (SPEC.md, engine point 6),
 * whose message names the node and the parameter.
 */
class ErrorsTest {

    // ------------------------------------------------------------------ test_core.py cases

    @Test
    void mapErrorsLog() {
        // mirrors streamz tests/test_core.py::test_map_errors_log
        // (streamz goes through delay(0.001) on an asynchronous stream; here the map is called
        // directly, and the log names the node as well as the exception type)
        Stream<Integer> a = new Stream<>();
        a.map(x -> 1 / x);
        String out = stderrOf(() -> assertThrows(ArithmeticException.class, () -> a.emit(0)));
        assertTrue(out.contains("ArithmeticException"), out);
        assertTrue(out.contains("<map>"), out);
    }

    @Test
    void mapErrorsRaises() {
        // mirrors streamz tests/test_core.py::test_map_errors_raises
        Stream<Integer> a = new Stream<>();
        a.map(x -> 1 / x);
        assertThrows(ArithmeticException.class, () -> a.emit(0));
    }

    @Test
    void accumulateErrorsLog() {
        // mirrors streamz tests/test_core.py::test_accumulate_errors_log
        Stream<Integer> a = new Stream<>();
        a.accumulateWithState((Integer x, Integer y) -> x / y);
        String out = stderrOf(() -> {
            a.emit(1);
            assertThrows(ArithmeticException.class, () -> a.emit(0));
        });
        assertTrue(out.contains("ArithmeticException"), out);
        assertTrue(out.contains("<accumulate>"), out);
    }

    @Test
    void accumulateErrorsRaises() {
        // mirrors streamz tests/test_core.py::test_accumulate_errors_raises
        Stream<Integer> a = new Stream<>();
        a.accumulateWithState((Integer x, Integer y) -> x / y);
        assertThrows(ArithmeticException.class, () -> {
            a.emit(1);
            a.emit(0);
        });
    }

    // ------------------------------------------------------------------ user functions that fail

    @Test
    void mapErrorReachesEmitterAsSameInstance() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.map((Integer x) -> {
            if (x == 2) {
                throw boom;
            }
            return x * 10;
        }).sinkToList();

        source.emit(1);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> source.emit(2)));
        source.emit(3);

        assertEquals(List.of(10, 30), l);
    }

    @Test
    void filterErrorReachesEmitterAndIsLogged() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.filter(x -> {
            if (x == 2) {
                throw boom;
            }
            return true;
        }).sinkToList();

        source.emit(1);
        String out = stderrOf(() -> assertSame(boom,
                assertThrows(IllegalStateException.class, () -> source.emit(2))));
        source.emit(3);

        assertTrue(out.contains("<filter>"), out);
        assertTrue(out.contains("boom"), out);
        assertEquals(List.of(1, 3), l);
    }

    @Test
    void sinkErrorReachesEmitterAndIsLogged() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        source.sink(x -> {
            throw boom;
        });

        String out = stderrOf(() -> assertSame(boom,
                assertThrows(IllegalStateException.class, () -> source.emit(1))));

        assertTrue(out.contains("<sink>"), out);
        assertTrue(out.contains("boom"), out);
    }

    @Test
    void errorDeepInPipelineReachesEmitterAndNamesOnlyTheFailingNode() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        source.filter(x -> true).map(x -> x + 1).sink(x -> {
            throw boom;
        });

        String out = stderrOf(() -> assertSame(boom,
                assertThrows(IllegalStateException.class, () -> source.emit(1))));

        assertTrue(out.contains("<sink>"), out);
        assertFalse(out.contains("<map>"), out);
        assertFalse(out.contains("<filter>"), out);
    }

    @Test
    void emitAsyncFailsItsFutureWithTheSameInstance() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        source.map((Integer x) -> {
            throw boom;
        });

        AtomicReference<CompletableFuture<Void>> done = new AtomicReference<>();
        String out = stderrOf(() -> done.set(source.emitAsync(1)));

        assertTrue(done.get().isCompletedExceptionally());
        CompletionException wrapped = assertThrows(CompletionException.class, done.get()::join);
        assertSame(boom, wrapped.getCause());
        assertTrue(out.contains("<map>"), out);
    }

    @Test
    void accumulateErrorLeavesStateAsBefore() {
        // streamz 0.6.4: accumulate(lambda a, x: a + 10 // x, start=0) over 1, 0 (raises), 2
        // gives [10, 15]: the failing element leaves the state as it was.
        AtomicReference<ArithmeticException> thrown = new AtomicReference<>();
        Stream<Integer> source = new Stream<>();
        Stream<Integer> acc = source.accumulate((Integer a, Integer x) -> {
            try {
                return a + 10 / x;
            } catch (ArithmeticException e) {
                thrown.set(e);
                throw e;
            }
        }, 0);
        List<Integer> l = acc.sinkToList();

        source.emit(1);
        AtomicReference<ArithmeticException> caught = new AtomicReference<>();
        String out = stderrOf(() -> caught.set(assertThrows(ArithmeticException.class, () -> source.emit(0))));
        assertSame(thrown.get(), caught.get());
        assertEquals(10, ((Accumulate<?>) acc).state());
        source.emit(2);

        assertEquals(List.of(10, 15), l);
        assertEquals(15, ((Accumulate<?>) acc).state());
        assertTrue(out.contains("<accumulate>"), out);
    }

    @Test
    void accumulateErrorIsTheSameInstance() {
        IllegalStateException boom = new IllegalStateException("boom");
        Stream<Integer> source = new Stream<>();
        List<List<Object>> l = source.accumulateWithState((Integer a, Integer x) -> {
            if (x < 0) {
                throw boom;
            }
            return a + x;
        }, 100).sinkToList();

        source.emit(1);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> source.emit(-1)));
        source.emit(2);

        assertEquals(List.of(List.of(101, 101), List.of(103, 103)), l);
    }

    // ------------------------------------------------------------------ bad arguments

    /**
     * Asserts that {@code build} fails with {@code type}, with a message naming {@code parameter},
     * and that {@code upstream} was left as it was: no half-built node hangs below it, and it still
     * delivers to a new sink.
     */
    private static <E extends RuntimeException> void rejects(Class<E> type, String parameter,
            Stream<Integer> upstream, Executable build) {
        E e = assertThrows(type, build);
        assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage());
        assertEquals(List.of(), upstream.downstreams(), "a rejected node stays connected");
        List<Integer> l = upstream.sinkToList();
        upstream.emit(7);
        assertEquals(List.of(7), l);
    }

    @Test
    void nullFunctionsAreRejected() {
        Stream<Integer> s1 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s1, () -> s1.map((Function<Integer, Integer>) null));
        Stream<Integer> s2 = new Stream<>();
        rejects(IllegalArgumentException.class, "predicate", s2, () -> s2.filter((Predicate<Integer>) null));
        Stream<Integer> s3 = new Stream<>();
        rejects(IllegalArgumentException.class, "predicate", s3, () -> s3.remove((Predicate<Integer>) null));
        Stream<Integer> s4 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s4,
                () -> s4.accumulate((BiFunction<Integer, Integer, Integer>) null, 0));
        Stream<Integer> s5 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s5, () -> s5.accumulate((BinaryOperator<Integer>) null));
        Stream<Integer> s6 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s6,
                () -> s6.accumulateWithState((BiFunction<Integer, Integer, Integer>) null, 0));
        Stream<Integer> s7 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s7,
                () -> s7.accumulateReturningState((BiFunction<Integer, Integer, Step<Integer, Integer>>) null, 0));
        Stream<Integer> s8 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s8,
                () -> s8.starmap((BiFunction<Integer, Integer, Integer>) null));
        Stream<Integer> s9 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s9, () -> s9.starmapN(null));
        Stream<Integer> s10 = new Stream<>();
        rejects(IllegalArgumentException.class, "f", s10, () -> s10.sink((Consumer<Integer>) null));
        Stream<Integer> s11 = new Stream<>();
        rejects(IllegalArgumentException.class, "key", s11, () -> s11.partition(2, (Function<Integer, ?>) null));
        Stream<Integer> s12 = new Stream<>();
        rejects(IllegalArgumentException.class, "key", s12, () -> s12.unique(null, null, true));
        Stream<Integer> s13 = new Stream<>();
        rejects(IllegalArgumentException.class, "key", s13,
                () -> s13.partitionUnique(2, null, PartitionUnique.Keep.FIRST));
        Stream<Integer> s14 = new Stream<>();
        rejects(IllegalArgumentException.class, "keep", s14, () -> s14.partitionUnique(2, x -> x, null));
        Stream<Integer> s15 = new Stream<>();
        rejects(IllegalArgumentException.class, "file", s15, () -> s15.sinkToTextfile((Path) null));
        Stream<Integer> s16 = new Stream<>();
        rejects(IllegalArgumentException.class, "emitOn", s16,
                () -> s16.combineLatest((EmitOn) null, new Stream<Integer>()));
        Stream<Integer> s17 = new Stream<>();
        rejects(IllegalArgumentException.class, "keys", s17, () -> s17.pluck((List<?>) null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stream.fromIterable(null));
        assertTrue(e.getMessage().contains("'items'"), e.getMessage());
    }

    @Test
    void nonPositiveSizesAreRejected() {
        for (int n : new int[] {0, -1}) {
            Stream<Integer> s1 = new Stream<>();
            rejects(IllegalArgumentException.class, "n", s1, () -> s1.slidingWindow(n));
            Stream<Integer> s2 = new Stream<>();
            rejects(IllegalArgumentException.class, "n", s2, () -> s2.slidingWindow(n, false));
            Stream<Integer> s3 = new Stream<>();
            rejects(IllegalArgumentException.class, "n", s3, () -> s3.partition(n));
            Stream<Integer> s4 = new Stream<>();
            rejects(IllegalArgumentException.class, "n", s4, () -> s4.partition(n, x -> x % 2));
            Stream<Integer> s5 = new Stream<>();
            rejects(IllegalArgumentException.class, "n", s5, () -> s5.partitionUnique(n));
            Stream<Integer> s6 = new Stream<>();
            rejects(IllegalArgumentException.class, "maxsize", s6, () -> s6.unique(n));
            Stream<Integer> s7 = new Stream<>();
            rejects(IllegalArgumentException.class, "maxsize", s7, () -> s7.unique(n, x -> x, false));
        }
    }

    @Test
    void negativeSliceIndicesAreRejected() {
        Stream<Integer> s1 = new Stream<>();
        rejects(IllegalArgumentException.class, "start", s1, () -> s1.slice(-1, null, 1));
        Stream<Integer> s2 = new Stream<>();
        rejects(IllegalArgumentException.class, "end", s2, () -> s2.slice(0, -1, 1));
        Stream<Integer> s3 = new Stream<>();
        rejects(IllegalArgumentException.class, "step", s3, () -> s3.slice(0, null, -1));
    }

    @Test
    void badJoinArgumentsAreRejected() {
        Stream<Integer> s1 = new Stream<>();
        rejects(IllegalArgumentException.class, "others", s1, () -> s1.union(new Stream<Integer>(), null));
        Stream<Integer> s2 = new Stream<>();
        rejects(IllegalArgumentException.class, "others", s2, () -> s2.combineLatest(new Stream<Integer>(), null));
        Stream<Integer> s3 = new Stream<>();
        rejects(IllegalArgumentException.class, "others", s3, () -> s3.zipLatest((Stream<?>[]) null));
        Stream<Integer> s4 = new Stream<>();
        rejects(IllegalArgumentException.class, "others", s4, () -> s4.zip((Stream<?>[]) null));
        Stream<Integer> s5 = new Stream<>();
        Stream<Integer> other = new Stream<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s5.combineLatest(EmitOn.indices(2), other));
        assertTrue(e.getMessage().contains("emitOn"), e.getMessage());
        assertEquals(List.of(), s5.downstreams(), "a rejected node stays connected");
        assertEquals(List.of(), other.downstreams(), "a rejected node stays connected");
    }
}
