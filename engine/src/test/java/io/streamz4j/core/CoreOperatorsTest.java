package io.streamz4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Step;
import io.streamz4j.Stream;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-to-one operators (map, starmap, filter, remove, accumulate/scan, frequencies, flatten,
 * unique, pluck, slice), sinks, {@code toString} and subclassing: ports of streamz 0.6.4's
 * {@code streamz/tests/test_core.py}. Every test method is named after the Python case it mirrors
 * and asserts what that case asserts.
 *
 * <p>Where the other cases of test_core.py live: JoinsTest (zip, combine_latest, zip_latest,
 * union and their connect/disconnect cases), WindowsTest (sliding_window, partition,
 * partition_unique, collect), {@code io.streamz4j.RefCountTest} (every *_ref_counts and *_metadata
 * case), {@code io.streamz4j.WiringTest} (connect, disconnect, destroy, execution order, start,
 * plus feedback loops and from_iterable), {@code io.streamz4j.ErrorsTest} (map/accumulate errors,
 * plus bad arguments).
 *
 * <p>Cases of test_core.py NOT ported, and why (each was read in the Python source):
 * <ul>
 *   <li>Time, asynchronous or thread-bound cases are ported apart, with a manual clock: in
 *       {@code io.streamz4j.time} (TimedWindowTest, DelayTest, RateLimitTest,
 *       PartitionTimeoutTest), {@code io.streamz4j.runtime} (BufferTest, BackpressureTest,
 *       ThreadSafeSourceTest) and {@code io.streamz4j.ThreadLifecycleTest}, whose class comments
 *       say which are adapted and which do not apply (test_mixed_async, test_counter). The file
 *       source cases (test_from_file, test_from_file_end, test_filenames) live with the sources,
 *       in {@code io.streamz4j.sources}.</li>
 *   <li>test_map_args, test_filter_args, test_filter_kwargs, test_kwargs: streamz forwards extra
 *       positional/keyword arguments to the user function; in Java a closure captures them, so
 *       there is no separate form to test. (test_map, whose only purpose is mapping, is ported with
 *       the {@code y=10} keyword turned into a captured value.)</li>
 *   <li>test_filter_none: {@code filter(None)} filters on Python truthiness, which Java lacks; a
 *       null predicate is rejected at construction instead (ErrorsTest).</li>
 *   <li>test_gc: Python drops unreferenced nodes; here lifetime is explicit, a node lives until
 *       {@code destroy()} or {@code disconnect()} (SPEC, engine point 7).</li>
 *   <li>test_docstrings: checks Python {@code __doc__}/{@code __name__} at run time; Javadoc is not
 *       visible at run time.</li>
 *   <li>test_no_ipywidget_repr: Jupyter widget display, Python only.</li>
 *   <li>dont_test_stream_kwargs: not a test (pytest does not collect it), and about Python
 *       keyword arguments.</li>
 * </ul>
 *
 * <p>Adaptations: Java lambdas have no names, so {@code toString} cannot show the function
 * (streamz's {@code <map: add>} is {@code <map>} here); test_no_output checks the synchronous
 * {@code emitAsync} result, since Java's {@code emit} is void by type; test_scan passes a start
 * state because streamz4j's returns-state accumulator always takes one.
 */
class CoreOperatorsTest {

    private static int inc(int x) {
        return x + 1;
    }

    private static int dbl(int x) {
        return 2 * x;
    }

    @Test
    void basic() {
        // mirrors streamz tests/test_core.py::test_basic
        Stream<Integer> source = new Stream<>();
        Stream<Integer> b1 = source.map(CoreOperatorsTest::inc);
        Stream<Integer> b2 = source.map(CoreOperatorsTest::dbl);

        Stream<Integer> c = b1.scan(Integer::sum, 0);

        List<Integer> lc = c.sinkToList();
        List<Integer> lb = b2.sinkToList();

        for (int i = 0; i < 4; i++) {
            source.emit(i);
        }

        assertEquals(List.of(1, 3, 6, 10), lc);
        assertEquals(List.of(0, 2, 4, 6), lb);
    }

    @Test
    void noOutput() {
        // mirrors streamz tests/test_core.py::test_no_output
        // Python asserts that a synchronous emit returns None. Java's emit is void, so the check is
        // on emitAsync: nothing asynchronous, so it is already complete, with no value.
        Stream<Integer> source = new Stream<>();
        CompletableFuture<Void> done = source.emitAsync(1);
        assertTrue(done.isDone());
        assertNull(done.getNow(null));
    }

    @Test
    void scan() {
        // mirrors streamz tests/test_core.py::test_scan
        // streamz starts without a state (the first element becomes it); the returns-state form
        // takes a start here, and 0 gives the same outputs.
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.accumulateReturningState((Integer acc, Integer i) -> {
            int next = acc + i;
            return Step.of(next, next);
        }, 0).sinkToList();
        for (int i = 0; i < 3; i++) {
            source.emit(i);
        }

        assertEquals(List.of(0, 1, 3), l);
    }

    @Test
    void filter() {
        // mirrors streamz tests/test_core.py::test_filter
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.filter(x -> x % 2 == 0).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(0, 2, 4, 6, 8), l);
    }

    @Test
    void map() {
        // mirrors streamz tests/test_core.py::test_map
        // streamz passes y=10 as a keyword argument; the closure captures it.
        int y = 10;
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.map((Integer x) -> x + y).sinkToList();

        source.emit(1);

        assertEquals(11, l.get(0));
    }

    @Test
    void starmap() {
        // mirrors streamz tests/test_core.py::test_starmap
        Stream<List<Integer>> source = new Stream<>();
        List<Integer> l = source.starmap((Integer x, Integer y) -> x + y).sinkToList();

        source.emit(List.of(1, 10));

        assertEquals(11, l.get(0));
    }

    @Test
    void remove() {
        // mirrors streamz tests/test_core.py::test_remove
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.remove(x -> x % 2 == 0).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(1, 3, 5, 7, 9), l);
    }

    @Test
    void sinkToFile(@TempDir Path dir) throws IOException {
        // mirrors streamz tests/test_core.py::test_sink_to_file
        // streamz's sink_to_file context manager closes the file on exit; destroy() does here.
        Path fn = dir.resolve("out.txt");
        Stream<String> source = new Stream<>();
        Stream<String> f = source.sinkToTextfile(fn);
        source.emit("a");
        source.emit("b");
        f.destroy();

        String data = Files.readString(fn, StandardCharsets.UTF_8);

        assertEquals("a\nb\n", data);
    }

    @Test
    void frequencies() {
        // mirrors streamz tests/test_core.py::test_frequencies
        Stream<String> source = new Stream<>();
        List<Map<String, Integer>> l = source.frequencies().sinkToList();

        source.emit("a");
        source.emit("b");
        source.emit("a");

        assertEquals(Map.of("a", 2, "b", 1), l.get(l.size() - 1));
    }

    @Test
    void flatten() {
        // mirrors streamz tests/test_core.py::test_flatten
        Stream<List<Integer>> source = new Stream<>();
        List<Integer> l = source.<Integer>flatten().sinkToList();

        source.emit(List.of(1, 2, 3));
        source.emit(List.of(4, 5));
        source.emit(List.of(6, 7, 8));

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), l);
    }

    @Test
    void unique() {
        // mirrors streamz tests/test_core.py::test_unique
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.unique().sinkToList();

        source.emit(1);
        source.emit(2);
        source.emit(1);

        assertEquals(List.of(1, 2), l);
    }

    @Test
    void uniqueKey() {
        // mirrors streamz tests/test_core.py::test_unique_key
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.unique(1, x -> x % 2, true).sinkToList();

        source.emit(1);
        source.emit(2);
        source.emit(4);
        source.emit(6);
        source.emit(3);

        assertEquals(List.of(1, 2, 3), l);
    }

    @Test
    void uniqueHistory() {
        // mirrors streamz tests/test_core.py::test_unique_history
        Stream<Integer> source = new Stream<>();
        Stream<Integer> s = source.unique(2);
        Stream<Integer> s2 = source.unique(2, Function.identity(), false);
        List<Integer> l = s.sinkToList();
        List<Integer> l2 = s2.sinkToList();

        source.emit(1);
        source.emit(2);
        source.emit(1);
        source.emit(2);
        source.emit(1);
        source.emit(2);

        assertEquals(List.of(1, 2), l);
        assertEquals(l, l2);

        source.emit(3);
        source.emit(2);

        assertEquals(List.of(1, 2, 3), l);
        assertEquals(l, l2);

        source.emit(1);

        assertEquals(List.of(1, 2, 3, 1), l);
        assertEquals(l, l2);

        // update 2 position
        source.emit(2);
        // knock out 1
        source.emit(3);
        // update 2 position
        source.emit(2);

        assertEquals(List.of(1, 2, 3, 1, 3), l);
        assertEquals(l, l2);
    }

    @Test
    void uniqueHistoryDict() {
        // mirrors streamz tests/test_core.py::test_unique_history_dict
        Stream<Map<String, String>> source = new Stream<>();
        Stream<Map<String, String>> s = source.unique(2, Function.identity(), false);
        List<Map<String, String>> l = s.sinkToList();

        Map<String, String> a = Map.of("hi", "world");
        Map<String, String> b = Map.of("hi", "bar");
        Map<String, String> c = Map.of("foo", "bar");

        source.emit(a);
        source.emit(b);
        source.emit(a);
        source.emit(b);
        source.emit(a);
        source.emit(b);

        assertEquals(List.of(a, b), l);

        source.emit(c);
        source.emit(b);

        assertEquals(List.of(a, b, c), l);

        source.emit(a);

        assertEquals(List.of(a, b, c, a), l);
    }

    @Test
    void pluck() {
        // mirrors streamz tests/test_core.py::test_pluck
        Stream<List<Integer>> a = new Stream<>();
        List<Integer> l = a.<Integer>pluck(1).sinkToList();
        a.emit(List.of(1, 2, 3));
        assertEquals(List.of(2), l);
        a.emit(List.of(4, 5, 6, 7, 8, 9));
        assertEquals(List.of(2, 5), l);
        assertThrows(IndexOutOfBoundsException.class, () -> a.emit(List.of(1)));
    }

    @Test
    void pluckList() {
        // mirrors streamz tests/test_core.py::test_pluck_list
        Stream<List<Integer>> a = new Stream<>();
        List<List<Object>> l = a.pluck(List.of(0, 2)).sinkToList();

        a.emit(List.of(1, 2, 3));
        assertEquals(List.of(List.of(1, 3)), l);
        a.emit(List.of(4, 5, 6, 7, 8, 9));
        assertEquals(List.of(List.of(1, 3), List.of(4, 6)), l);
        assertThrows(IndexOutOfBoundsException.class, () -> a.emit(List.of(1)));
    }

    @Test
    void mapStr() {
        // mirrors streamz tests/test_core.py::test_map_str
        // streamz prints '<map: add>'; a Java lambda has no name, so only the kind shows.
        Stream<Integer> source = new Stream<>();
        Stream<Integer> s = source.map((Integer x) -> x + 10);
        assertEquals("<map>", s.toString());
    }

    @Test
    void filterStr() {
        // mirrors streamz tests/test_core.py::test_filter_str
        // streamz prints '<filter: iseven>'; a Java lambda has no name, so only the kind shows.
        Stream<Integer> source = new Stream<>();
        Stream<Integer> s = source.filter(x -> x % 2 == 0);
        assertEquals("<filter>", s.toString());
    }

    @Test
    void partitionStr() {
        // mirrors streamz tests/test_core.py::test_partition_str
        Stream<Integer> source = new Stream<>();
        Stream<List<Integer>> s = source.partition(2);
        assertEquals("<partition: 2>", s.toString());
    }

    @Test
    void streamNameStr() {
        // mirrors streamz tests/test_core.py::test_stream_name_str
        Stream<Integer> source = new Stream<>("this is not a stream");
        assertEquals("<this is not a stream; Stream>", source.toString());
    }

    /** A subclass of Stream with one extra node method, as test_subclass registers {@code foo} on it. */
    static class NewStream<T> extends Stream<T> {
        NewStream<T> foo() {
            return new NewStream<>();
        }
    }

    @Test
    void subclass() throws NoSuchMethodException {
        // mirrors streamz tests/test_core.py::test_subclass
        // register_api on a subclass becomes a method declared on the subclass: every subclass has
        // the whole Stream API, and the new method is not on Stream.
        assertEquals(Stream.class.getMethod("map", Function.class),
                NewStream.class.getMethod("map", Function.class));
        Method foo = NewStream.class.getDeclaredMethod("foo");
        assertEquals("foo", foo.getName());
        assertFalse(Arrays.stream(Stream.class.getMethods()).anyMatch(m -> m.getName().equals("foo")));
        assertThrows(NoSuchMethodException.class, () -> Stream.class.getDeclaredMethod("foo"));

        // And an instance of the subclass works as a node.
        NewStream<Integer> s = new NewStream<>();
        List<Integer> l = s.map(CoreOperatorsTest::inc).sinkToList();
        s.emit(1);
        assertEquals(List.of(2), l);
    }

    static java.util.stream.Stream<Arguments> sliceCases() {
        // test_slice's parameters: streamz's None is start 0, end null and step 1.
        return java.util.stream.Stream.of(
                Arguments.of(0, null, 1, List.of(0, 1, 2, 3, 4, 5)),   // []
                Arguments.of(0, null, 1, List.of(0, 1, 2, 3, 4, 5)),   // [None, None, None]
                Arguments.of(1, null, 1, List.of(1, 2, 3, 4, 5)),      // [1, None, None]
                Arguments.of(0, 4, 1, List.of(0, 1, 2, 3)),            // [None, 4, None]
                Arguments.of(0, 4, 2, List.of(0, 2)),                  // [None, 4, 2]
                Arguments.of(3, 1, 1, List.of()));                     // [3, 1, None]
    }

    @ParameterizedTest
    @MethodSource("sliceCases")
    void slice(int start, Integer end, int step, List<Integer> expected) {
        // mirrors streamz tests/test_core.py::test_slice
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = a.slice(start, end, step);
        List<Integer> out = b.sinkToList();
        for (int i = 0; i < 6; i++) {
            a.emit(i);
        }
        assertEquals(expected, out);
    }

    @Test
    void sliceErr() {
        // mirrors streamz tests/test_core.py::test_slice_err
        // streamz raises ValueError before the node is connected; so does streamz4j, with
        // IllegalArgumentException, and the source is left as it was.
        Stream<Integer> a = new Stream<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.slice(0, -1, 1));
        assertTrue(e.getMessage().contains("'end'"), e.getMessage());
        assertEquals(List.of(), a.downstreams());
        List<Integer> l = a.sinkToList();
        a.emit(1);
        assertEquals(List.of(1), l);
    }

    @Test
    void accumulateWithStateEmitsStateAndResult() {
        // Not a test_core.py case: accumulate(..., with_state=True), checked against streamz 0.6.4,
        // where source.accumulate(lambda a, x: a + x, start=0, with_state=True) emits
        // (1, 1), (3, 3), (6, 6), and returns_state=True with with_state=True emits (state, result).
        Stream<Integer> source = new Stream<>();
        List<List<Object>> l = source.accumulateWithState(Integer::sum, 0).sinkToList();
        List<List<Object>> l2 = source.accumulateReturningStateWithState(
                (Integer acc, Integer x) -> Step.of(acc + 1, acc * 10 + x), 0).sinkToList();
        IntStream.rangeClosed(1, 3).forEach(source::emit);
        assertEquals(List.of(List.of(1, 1), List.of(3, 3), List.of(6, 6)), l);
        assertEquals(List.of(List.of(1, 1), List.of(2, 12), List.of(3, 23)), l2);
    }

    @Test
    void accumulateWithoutStartEmitsFirstElement() {
        // Not a test_core.py case: accumulate with no start (the first element is the state, emitted
        // unchanged), and with with_state=True; streamz 0.6.4 gives [6, 3, 1] and
        // [(6, 6), (3, 3), (1, 1)] for lambda x, y: x // y over 6, 2, 3.
        Stream<Integer> source = new Stream<>();
        List<Integer> l = source.accumulate((Integer x, Integer y) -> x / y).sinkToList();
        List<List<Object>> l2 = source.accumulateWithState((Integer x, Integer y) -> x / y).sinkToList();
        source.emit(6);
        source.emit(2);
        source.emit(3);
        assertEquals(List.of(6, 3, 1), l);
        assertEquals(List.of(List.of(6, 6), List.of(3, 3), List.of(1, 1)), l2);
    }
}
