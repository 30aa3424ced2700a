package io.streamz4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.EmitOn;
import io.streamz4j.Stream;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * zip, combine_latest, zip_latest and union, and connecting or disconnecting their upstreams: ports
 * of streamz 0.6.4's {@code streamz/tests/test_core.py} (the cases not ported are listed in
 * {@link CoreOperatorsTest}). streamz's module-level {@code sz.zip(a, b)} is {@code a.zip(b)}.
 */
class JoinsTest {

    @Test
    void zip() {
        // mirrors streamz tests/test_core.py::test_zip
        Stream<Integer> a = new Stream<>();
        Stream<Object> b = new Stream<>();
        Stream<List<Object>> c = a.zip(b);

        List<List<Object>> l = c.sinkToList();

        a.emit(1);
        b.emit("a");
        a.emit(2);
        b.emit("b");

        assertEquals(List.of(List.of(1, "a"), List.of(2, "b")), l);
        Stream<Integer> d = new Stream<>();
        // test zip from the object itself
        // zip 3 streams together
        Stream<List<Object>> e = a.zip(b, d);
        List<List<Object>> l2 = e.sinkToList();

        a.emit(1);
        b.emit(2);
        d.emit(3);
        assertEquals(List.of(List.of(1, 2, 3)), l2);
    }

    @Test
    void zipLiterals() {
        // mirrors streamz tests/test_core.py::test_zip_literals
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<List<Object>> c = a.zip(123, b);

        List<List<Object>> l = c.sinkToList();
        a.emit(1);
        b.emit(2);

        assertEquals(List.of(List.of(1, 123, 2)), l);

        a.emit(4);
        b.emit(5);

        assertEquals(List.of(List.of(1, 123, 2), List.of(4, 123, 5)), l);
    }

    @Test
    void zipSame() {
        // mirrors streamz tests/test_core.py::test_zip_same
        Stream<Integer> a = new Stream<>();
        Stream<List<Object>> b = a.zip(a);
        List<List<Object>> l = b.sinkToList();

        a.emit(1);
        a.emit(2);
        assertEquals(List.of(List.of(1, 1), List.of(2, 2)), l);
    }

    @Test
    void combineLatest() {
        // mirrors streamz tests/test_core.py::test_combine_latest
        Stream<Integer> a = new Stream<>();
        Stream<String> b = new Stream<>();
        Stream<List<Object>> c = a.combineLatest(b);
        Stream<List<Object>> d = a.combineLatest(EmitOn.streams(a, b), b);

        List<List<Object>> l = c.sinkToList();
        List<List<Object>> l2 = d.sinkToList();

        a.emit(1);
        a.emit(2);
        b.emit("a");
        a.emit(3);
        b.emit("b");

        assertEquals(List.of(List.of(2, "a"), List.of(3, "a"), List.of(3, "b")), l);
        assertEquals(List.of(List.of(2, "a"), List.of(3, "a"), List.of(3, "b")), l2);
    }

    @Test
    void combineLatestEmitOn() {
        // mirrors streamz tests/test_core.py::test_combine_latest_emit_on
        Stream<Integer> a = new Stream<>();
        Stream<String> b = new Stream<>();
        Stream<List<Object>> c = a.combineLatest(EmitOn.streams(a), b);

        List<List<Object>> l = c.sinkToList();

        a.emit(1);
        b.emit("a");
        a.emit(2);
        a.emit(3);
        b.emit("b");
        a.emit(4);

        assertEquals(List.of(List.of(2, "a"), List.of(3, "a"), List.of(4, "b")), l);
    }

    @Test
    void combineLatestEmitOnStream() {
        // mirrors streamz tests/test_core.py::test_combine_latest_emit_on_stream
        // (streamz's emit_on=0: the stream at position 0)
        Stream<Integer> a = new Stream<>();
        Stream<String> b = new Stream<>();
        Stream<List<Object>> c = a.combineLatest(EmitOn.indices(0), b);

        List<List<Object>> l = c.sinkToList();

        a.emit(1);
        b.emit("a");
        a.emit(2);
        a.emit(3);
        b.emit("b");
        a.emit(4);

        assertEquals(List.of(List.of(2, "a"), List.of(3, "a"), List.of(4, "b")), l);
    }

    @Test
    void union() {
        // mirrors streamz tests/test_core.py::test_union
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<Integer> c = new Stream<>();

        List<Integer> l = a.union(b, c).sinkToList();

        a.emit(1);
        assertEquals(List.of(1), l);
        b.emit(2);
        assertEquals(List.of(1, 2), l);
        a.emit(3);
        assertEquals(List.of(1, 2, 3), l);
        c.emit(4);
        assertEquals(List.of(1, 2, 3, 4), l);
    }

    @Test
    void zipLatest() {
        // mirrors streamz tests/test_core.py::test_zip_latest
        Stream<Integer> a = new Stream<>();
        Stream<String> b = new Stream<>();
        Stream<List<Object>> c = a.zipLatest(b);
        Stream<List<Object>> d = a.combineLatest(EmitOn.streams(a), b);

        List<List<Object>> l = c.sinkToList();
        List<List<Object>> l2 = d.sinkToList();

        a.emit(1);
        a.emit(2);
        b.emit("a");
        b.emit("b");
        a.emit(3);

        assertEquals(List.of(List.of(1, "a"), List.of(2, "a"), List.of(3, "b")), l);
        assertEquals(List.of(List.of(3, "b")), l2);
    }

    @Test
    void zipLatestReverse() {
        // mirrors streamz tests/test_core.py::test_zip_latest_reverse
        Stream<Integer> a = new Stream<>();
        Stream<String> b = new Stream<>();
        Stream<List<Object>> c = a.zipLatest(b);

        List<List<Object>> l = c.sinkToList();

        b.emit("a");
        a.emit(1);
        a.emit(2);
        a.emit(3);
        b.emit("b");
        a.emit(4);

        assertEquals(List.of(List.of(1, "a"), List.of(2, "a"), List.of(3, "a"), List.of(4, "b")), l);
    }

    @Test
    void tripleZipLatest() {
        // mirrors streamz tests/test_core.py::test_triple_zip_latest
        Stream<Integer> s1 = new Stream<>();
        Stream<String> s2 = new Stream<>();
        Stream<String> s3 = new Stream<>();
        Stream<List<Object>> sSimple = s1.zipLatest(s2, s3);
        List<List<Object>> lSimple = sSimple.sinkToList();

        s1.emit(1);
        s2.emit("I");
        s2.emit("II");
        s1.emit(2);
        s2.emit("III");
        s3.emit("a");
        s3.emit("b");
        s1.emit(3);
        assertEquals(List.of(List.of(1, "III", "a"), List.of(2, "III", "a"), List.of(3, "III", "b")), lSimple);
    }

    @Test
    void connectZip() {
        // mirrors streamz tests/test_core.py::test_connect_zip
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<Integer> c = new Stream<>();
        Stream<List<Object>> x = a.zip(b);
        List<List<Object>> l = x.sinkToList();
        c.connect(x);
        a.emit(1);
        b.emit(1);
        assertTrue(l.isEmpty());
        c.emit(1);
        assertEquals(List.of(List.of(1, 1, 1)), l);
    }

    @Test
    void disconnectZip() {
        // mirrors streamz tests/test_core.py::test_disconnect_zip
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<Integer> c = new Stream<>();
        Stream<List<Object>> x = a.zip(b, c);
        List<List<Object>> l = x.sinkToList();
        b.disconnect(x);
        a.emit(1);
        b.emit(1);
        assertTrue(l.isEmpty());
        c.emit(1);
        assertEquals(List.of(List.of(1, 1)), l);
    }

    @Test
    void connectCombineLatest() {
        // mirrors streamz tests/test_core.py::test_connect_combine_latest
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<Integer> c = new Stream<>();
        Stream<List<Object>> x = a.combineLatest(EmitOn.streams(a), b);
        List<List<Object>> l = x.sinkToList();
        c.connect(x);
        b.emit(1);
        c.emit(1);
        a.emit(1);
        assertEquals(List.of(List.of(1, 1, 1)), l);
    }

    @Test
    void connectDiscombineLatest() {
        // mirrors streamz tests/test_core.py::test_connect_discombine_latest
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Stream<Integer> c = new Stream<>();
        Stream<List<Object>> x = a.combineLatest(EmitOn.streams(a), b, c);
        List<List<Object>> l = x.sinkToList();
        c.disconnect(x);
        b.emit(1);
        c.emit(1);
        a.emit(1);
        assertEquals(List.of(List.of(1, 1)), l);
    }
}
