package io.streamz4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sliding_window, partition (by size and by key), partition_unique and collect: ports of streamz
 * 0.6.4's {@code streamz/tests/test_core.py} (the cases not ported are listed in
 * {@link CoreOperatorsTest}). Tuples are immutable lists, compared with {@code List.of(...)}.
 */
class WindowsTest {

    @Test
    void slidingWindow() {
        // mirrors streamz tests/test_core.py::test_sliding_window
        Stream<Integer> source = new Stream<>();
        List<List<Integer>> l = source.slidingWindow(2).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(List.of(0), List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 4),
                List.of(4, 5), List.of(5, 6), List.of(6, 7), List.of(7, 8), List.of(8, 9)), l);

        l = source.slidingWindow(2, false).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 4),
                List.of(4, 5), List.of(5, 6), List.of(6, 7), List.of(7, 8), List.of(8, 9)), l);
    }

    @Test
    void partition() {
        // mirrors streamz tests/test_core.py::test_partition
        Stream<Integer> source = new Stream<>();
        List<List<Integer>> l = source.partition(2).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5), List.of(6, 7), List.of(8, 9)), l);
    }

    static java.util.stream.Stream<Arguments> partitionUniqueCases() {
        Function<Object, Object> identity = Function.identity();
        Function<Object, Object> len = x -> ((String) x).length();
        // streamz's key="id" (a hashable, not a callable) means x["id"].
        Function<Object, Object> id = x -> ((Map<?, ?>) x).get("id");
        Map<String, Object> bar = Map.of("id", 0, "foo", "bar");
        Map<String, Object> baz = Map.of("id", 0, "foo", "baz");
        Map<String, Object> bat = Map.of("id", 1, "foo", "bat");
        return java.util.stream.Stream.of(
                Arguments.of(3, identity, PartitionUnique.Keep.FIRST, List.of(1, 2, 1, 3, 1, 3, 3, 2),
                        List.of(List.of(1, 2, 3), List.of(1, 3, 2))),
                Arguments.of(3, identity, PartitionUnique.Keep.LAST, List.of(1, 2, 1, 3, 1, 3, 3, 2),
                        List.of(List.of(2, 1, 3), List.of(1, 3, 2))),
                Arguments.of(3, len, PartitionUnique.Keep.LAST,
                        List.of("f", "fo", "f", "foo", "f", "foo", "foo", "fo"),
                        List.of(List.of("fo", "f", "foo"), List.of("f", "foo", "fo"))),
                Arguments.of(2, id, PartitionUnique.Keep.FIRST, List.of(bar, baz, bat),
                        List.of(List.of(bar, bat))),
                Arguments.of(2, id, PartitionUnique.Keep.LAST, List.of(bar, baz, bat),
                        List.of(List.of(baz, bat))));
    }

    @ParameterizedTest
    @MethodSource("partitionUniqueCases")
    void partitionUnique(int n, Function<Object, Object> key, PartitionUnique.Keep keep, List<Object> elements,
            List<List<Object>> expResult) {
        // mirrors streamz tests/test_core.py::test_partition_unique
        Stream<Object> source = new Stream<>();
        List<List<Object>> l = source.partitionUnique(n, key, keep).sinkToList();
        for (Object ele : elements) {
            source.emit(ele);
        }

        assertEquals(expResult, l);
    }

    @Test
    void partitionUniqueDefaultKeepsFirst() {
        // Not a test_core.py case: partition_unique(n) with streamz's defaults (key=identity,
        // keep="first"), the docstring's example: (1, 2, 3), (1, 3, 2).
        Stream<Integer> source = new Stream<>();
        List<List<Integer>> l = source.partitionUnique(3).sinkToList();
        for (int ele : new int[] {1, 2, 1, 3, 1, 3, 3, 2}) {
            source.emit(ele);
        }
        assertEquals(List.of(List.of(1, 2, 3), List.of(1, 3, 2)), l);
        assertEquals("<partition_unique: 3>", source.downstreams().get(0).toString());
    }

    @Test
    void partitionKey() {
        // mirrors streamz tests/test_core.py::test_partition_key
        // streamz's key=0 (not a callable) means x[0].
        Stream<List<Integer>> source = new Stream<>();
        List<List<List<Integer>>> l = source.partition(2, x -> x.get(0)).sinkToList();

        for (int i = 0; i < 4; i++) {
            source.emit(List.of(i % 2, i));
        }

        assertEquals(List.of(
                List.of(List.of(0, 0), List.of(0, 2)),
                List.of(List.of(1, 1), List.of(1, 3))), l);
    }

    @Test
    void partitionKeyCallable() {
        // mirrors streamz tests/test_core.py::test_partition_key_callable
        Stream<Integer> source = new Stream<>();
        List<List<Integer>> l = source.partition(2, x -> x % 2).sinkToList();

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }

        assertEquals(List.of(List.of(0, 2), List.of(1, 3), List.of(4, 6), List.of(5, 7)), l);
    }

    @Test
    void collect() {
        // mirrors streamz tests/test_core.py::test_collect
        Stream<Integer> source1 = new Stream<>();
        Stream<String> source2 = new Stream<>();
        Collect<Integer> collector = source1.collect();
        List<List<Integer>> l = collector.sinkToList();
        source2.sink(x -> collector.flush());

        source1.emit(1);
        source1.emit(2);
        assertEquals(List.of(), l);

        source2.emit("anything"); // flushes collector
        assertEquals(List.of(List.of(1, 2)), l);

        source2.emit("anything");
        assertEquals(List.of(List.of(1, 2), List.of()), l);

        source1.emit(3);
        assertEquals(List.of(List.of(1, 2), List.of()), l);

        source2.emit("anything");
        assertEquals(List.of(List.of(1, 2), List.of(), List.of(3)), l);
        assertEquals(0, collector.size());
    }
}
