package io.streamz4j;

import static io.streamz4j.MetadataNode.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Reference counting and metadata through the nodes that hold elements: ports of every
 * synchronous {@code *_ref_counts} and {@code *_metadata} case of streamz 0.6.4's
 * {@code streamz/tests/test_core.py} (the timed_window, delay and buffer ones belong with the
 * time-based nodes; see {@code io.streamz4j.core.CoreOperatorsTest} for the list of cases not
 * ported). {@link MetadataNode} plays streamz's {@code utils_test.metadata}.
 */
class RefCountTest {

    private static List<Map<String, Object>> ref(RefCounter r) {
        return List.of(Map.of("ref", r));
    }

    private static List<Map<String, Object>> v(int value) {
        return List.of(Map.of("v", value));
    }

    private static Map<String, Object> m(int value) {
        return Map.of("v", value);
    }

    @Test
    void slidingWindowRefCounts() {
        // mirrors streamz tests/test_core.py::test_sliding_window_ref_counts
        Stream<Integer> source = new Stream<>();
        source.slidingWindow(2);

        RefCounter rPrev = new RefCounter();
        source.emit(-2);
        source.emit(-1, ref(rPrev));
        for (int i = 0; i < 10; i++) {
            RefCounter r = new RefCounter();
            assertEquals(1, rPrev.count());
            source.emit(i, ref(r));
            assertEquals(0, rPrev.count());
            assertEquals(1, r.count());
            rPrev = r;
        }
    }

    @Test
    void slidingWindowMetadata() {
        // mirrors streamz tests/test_core.py::test_sliding_window_metadata
        Stream<Integer> source = new Stream<>();
        List<List<Map<String, Object>>> l = metadata(source.slidingWindow(2)).sinkToList();

        source.emit(0);
        source.emit(1, v(1));
        source.emit(2, v(2));
        source.emit(3, v(3));
        assertEquals(List.of(
                List.of(m(1)),          // First emit, because 0 has no metadata
                List.of(m(1), m(2)),    // Second emit
                List.of(m(2), m(3))),   // Third emit
                l);
    }

    @Test
    void combineLatestRefCounts() {
        // mirrors streamz tests/test_core.py::test_combine_latest_ref_counts
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        a.combineLatest(b);

        RefCounter ref1 = new RefCounter();
        a.emit(1, ref(ref1));
        assertEquals(1, ref1.count());

        // The new value kicks out the old value
        RefCounter ref2 = new RefCounter();
        a.emit(2, ref(ref2));
        assertEquals(0, ref1.count());
        assertEquals(1, ref2.count());

        // The value on stream a is still retained and the value on stream b is new
        RefCounter ref3 = new RefCounter();
        b.emit(3, ref(ref3));
        assertEquals(1, ref2.count());
        assertEquals(1, ref3.count());
    }

    @Test
    void combineLatestMetadata() {
        // mirrors streamz tests/test_core.py::test_combine_latest_metadata
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        List<List<Map<String, Object>>> l = metadata(a.combineLatest(b)).sinkToList();

        a.emit(1, v(1));
        b.emit(2, v(2));
        b.emit(3);
        b.emit(4, v(4));
        assertEquals(List.of(
                List.of(m(1), m(2)),    // first emit when 2 is introduced
                List.of(m(1)),          // 3 has no metadata but it replaces the value on 'b'
                List.of(m(1), m(4))),   // 4 replaces the value without metadata on 'b'
                l);
    }

    @Test
    void zipRefCounts() {
        // mirrors streamz tests/test_core.py::test_zip_ref_counts
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        a.zip(b);

        // The first value in a becomes buffered
        RefCounter ref1 = new RefCounter();
        a.emit(1, ref(ref1));
        assertEquals(1, ref1.count());

        // The second value in a also becomes buffered
        RefCounter ref2 = new RefCounter();
        a.emit(2, ref(ref2));
        assertEquals(1, ref1.count());
        assertEquals(1, ref2.count());

        // All emitted values are removed from the buffer
        RefCounter ref3 = new RefCounter();
        b.emit(3, ref(ref3));
        assertEquals(0, ref1.count());
        assertEquals(1, ref2.count()); // still in the buffer
        assertEquals(0, ref3.count());
    }

    @Test
    void zipMetadata() {
        // mirrors streamz tests/test_core.py::test_zip_metadata
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        List<List<Map<String, Object>>> l = metadata(a.zip(b)).sinkToList();

        a.emit(1, v(1));
        b.emit(2, v(2));
        a.emit(3);
        b.emit(4, v(4));
        assertEquals(List.of(
                List.of(m(1), m(2)),    // first emit when 2 is introduced
                List.of(m(4))),         // second emit when 4 is introduced, and 3 has no metadata
                l);
    }

    @Test
    void uniqueMetadata() {
        // mirrors streamz tests/test_core.py::test_unique_metadata
        Stream<Integer> source = new Stream<>();
        List<Map<String, Object>> l = metadata(source.unique()).<Map<String, Object>>flatten().sinkToList();
        for (int i = 0; i < 5; i++) {
            source.emit(i, v(i));
        }

        List<Map<String, Object>> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(m(i));
        }
        assertEquals(expected, l);
    }

    @Test
    void collectRefCounts() {
        // mirrors streamz tests/test_core.py::test_collect_ref_counts
        Stream<Integer> source = new Stream<>();
        io.streamz4j.core.Collect<Integer> collector = source.collect();

        List<RefCounter> refs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RefCounter r = new RefCounter();
            refs.add(r);
            source.emit(i, ref(r));
        }

        assertTrue(refs.stream().allMatch(r -> r.count() == 1));

        collector.flush();
        assertTrue(refs.stream().allMatch(r -> r.count() == 0));
    }

    @Test
    void collectMetadata() {
        // mirrors streamz tests/test_core.py::test_collect_metadata
        Stream<Integer> source = new Stream<>();
        io.streamz4j.core.Collect<Integer> collector = source.collect();
        List<List<Map<String, Object>>> l = metadata(collector).sinkToList();

        source.emit(0);
        source.emit(1, v(1));
        source.emit(2, v(2));
        collector.flush();
        source.emit(3, v(3));
        source.emit(4, v(4));
        collector.flush();
        assertEquals(List.of(
                List.of(m(1), m(2)),    // Flush 0-2, but 0 has no metadata
                List.of(m(3), m(4))),   // Flush the rest
                l);
    }

    @Test
    void partitionRefCounts() {
        // mirrors streamz tests/test_core.py::test_partition_ref_counts
        Stream<Integer> source = new Stream<>();
        source.partition(2);

        for (int i = 0; i < 10; i++) {
            RefCounter r = new RefCounter();
            source.emit(i, ref(r));
            if (i % 2 == 0) {
                assertEquals(1, r.count());
            } else {
                assertEquals(0, r.count());
            }
        }
    }

    @Test
    void partitionMetadata() {
        // mirrors streamz tests/test_core.py::test_partition_metadata
        Stream<Integer> source = new Stream<>();
        List<List<Map<String, Object>>> l = metadata(source.partition(2)).sinkToList();

        source.emit(0);
        source.emit(1, v(1));
        source.emit(2, v(2));
        source.emit(3, v(3));
        assertEquals(List.of(
                List.of(m(1)),          // first emit when 1 is introduced. 0 has no metadata
                List.of(m(2), m(3))),   // second emit
                l);
    }

    @Test
    void zipLatestRefCounts() {
        // mirrors streamz tests/test_core.py::test_zip_latest_ref_counts
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        a.zipLatest(b);

        RefCounter ref1 = new RefCounter();
        a.emit(1, ref(ref1));
        assertEquals(1, ref1.count()); // Retained until stream b has a value

        // The lossless stream is never retained if all upstreams have a value
        RefCounter ref2 = new RefCounter();
        b.emit(2, ref(ref2));
        assertEquals(0, ref1.count());
        assertEquals(1, ref2.count());

        // Kick out the stream b value and verify it has zero references
        RefCounter ref3 = new RefCounter();
        b.emit(3, ref(ref3));
        assertEquals(0, ref2.count());
        assertEquals(1, ref3.count());

        // Verify the lossless value is not retained, but the lossy value is
        RefCounter ref4 = new RefCounter();
        a.emit(3, ref(ref4));
        assertEquals(1, ref3.count());
        assertEquals(0, ref4.count());
    }

    @Test
    void zipLatestMetadata() {
        // mirrors streamz tests/test_core.py::test_zip_latest_metadata
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        List<List<Map<String, Object>>> l = metadata(a.zipLatest(b)).sinkToList();

        a.emit(1, v(1));
        b.emit(2, v(2));
        a.emit(3);
        b.emit(4, v(4));
        assertEquals(List.of(
                List.of(m(1), m(2)),    // the first emit when 2 is introduced
                List.of(m(2))),         // 3 has no metadata
                l);
    }

    @Test
    void latestRefCounts() {
        // mirrors streamz tests/test_core.py::test_latest_ref_counts
        Stream<Integer> source = new Stream<>();
        source.latest();

        RefCounter ref1 = new RefCounter();
        source.emit(1, ref(ref1));
        assertEquals(1, ref1.count());

        RefCounter ref2 = new RefCounter();
        source.emit(2, ref(ref2));
        assertEquals(0, ref1.count());
        assertEquals(1, ref2.count());
    }
}
