package io.streamz4j.frame;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a frame, or a column taken from it, after its memory was released fails with an
 * IllegalStateException that says so and how to keep it (retain), on every public accessor, never
 * with Arrow's bounds errors on a closed vector. Every test closes its allocator, which fails on a
 * leak.
 */
class FrameLivenessTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("n", ColumnType.LONG).add("ok", ColumnType.BOOLEAN).index("time", ColumnType.TIMESTAMP).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Frame frame() {
        return Frame.fromRows(schema, List.of(new Object[] {"a", 1.5, 1L, true, 10L},
                new Object[] {"b", 2.5, 2L, false, 20L}, new Object[] {"c", 3.5, 3L, true, 30L}), allocator);
    }

    /** Every public read of a frame, by name. */
    private Map<String, Read> frameReads(Frame f) {
        Map<String, Read> reads = new LinkedHashMap<>();
        reads.put("rows", f::rows);
        reads.put("column(int)", () -> f.column(1));
        reads.put("column(name)", () -> f.column("x"));
        reads.put("index", f::index);
        reads.put("toRecords", f::toRecords);
        reads.put("doubles", () -> f.doubles("x"));
        reads.put("toIpc", () -> f.toIpc(allocator));
        reads.put("toVectorSchemaRoot", () -> f.toVectorSchemaRoot(allocator));
        reads.put("select", () -> f.select(List.of("x")));
        reads.put("with", () -> f.with(Column.allocate(Field.of("y", ColumnType.DOUBLE), 3, allocator)));
        reads.put("unfiltered", f::unfiltered);
        reads.put("selectionMask", f::selectionMask);
        reads.put("selectionFilter", f::selectionFilter);
        reads.put("retain", f::retain);
        reads.put("selecting from it", () -> Frame.selecting(f, mask(3), 2, allocator));
        return reads;
    }

    /** Every public read of a column's memory, by name. */
    private static Map<String, Read> columnReads(Column c) {
        Map<String, Read> reads = new LinkedHashMap<>();
        reads.put("getDouble", () -> c.getDouble(0));
        reads.put("getLong", () -> c.getLong(0));
        reads.put("get", () -> c.get(0));
        reads.put("vector", c::vector);
        reads.put("address", c::address);
        reads.put("checkedAddress", c::checkedAddress);
        reads.put("renamed", () -> c.renamed("z"));
        reads.put("retain", c::retain);
        return reads;
    }

    /** One public read; what it returns is freed by {@link #free} when it owns memory. */
    private interface Read {
        Object get() throws Throwable;
    }

    private static void free(Object made) {
        if (made instanceof Frame f) {
            f.release();
        } else if (made instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void assertReleasedError(String what, Read read, String subject) {
        IllegalStateException e = assertThrows(IllegalStateException.class, read::get, what);
        assertTrue(e.getMessage().contains(subject) && e.getMessage().contains("was released")
                && e.getMessage().contains("retain()") && e.getMessage().contains("release()"),
                what + ": " + e.getMessage());
    }

    /** A BOOLEAN mask over the first {@code rows} rows with every row but the first set. */
    private Column mask(int rows) {
        Column m = Column.allocate(Field.of("m", ColumnType.BOOLEAN), rows, allocator);
        for (int r = 1; r < rows; r++) {
            ((BitVector) m.vector()).set(r, 1);
        }
        return m;
    }

    @Test
    void everyReadOfAReleasedFrameSaysItWasReleasedAndHowToKeepIt() {
        Frame f = frame();
        // while held, every read works; what it made is given back (unfiltered is the frame itself)
        frameReads(f).forEach((what, read) -> {
            try {
                Object made = read.get();
                if (made != f || what.equals("retain")) {
                    free(made);
                }
            } catch (Throwable t) {
                throw new AssertionError(what + " failed on a held frame", t);
            }
        });
        assertEquals(1, f.refCount());
        f.release();
        assertEquals(0, allocator.getAllocatedMemory(), "everything the reads made was given back");
        frameReads(f).forEach((what, read) -> assertReleasedError(what, read, "frame " + schema));
        assertEquals(0, allocator.getAllocatedMemory(), "a failed read leaks nothing (with's column is released)");
        assertEquals("Frame(released, " + schema + ")", f.toString(), "toString never throws");
    }

    @Test
    void everyReadOfAReleasedSelectionSaysItWasReleased() {
        Frame base = frame();
        Frame picked = Frame.selecting(base, mask(3), 2, allocator);
        base.release();
        assertEquals(List.of(2.5, 3.5), List.of(picked.column("x").getDouble(0), picked.column("x").getDouble(1)),
                "the selection keeps its source alive");
        picked.release();
        assertEquals(0, allocator.getAllocatedMemory());
        frameReads(picked).forEach((what, read) -> assertReleasedError(what, read, "frame " + schema));
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void aColumnKeptAfterItsFrameWasReleasedSaysSoOnEveryRead() {
        Frame f = frame();
        Column name = f.column("name");
        Column x = f.column("x");
        Column ok = f.column("ok");
        Column time = f.index();
        f.release();
        for (Column c : List.of(name, x, ok, time)) {
            columnReads(c).forEach((what, read) -> assertReleasedError(c.name() + "." + what, read,
                    "column '" + c.name() + "'"));
            assertEquals(c.name(), c.field().name(), "the column's description stays readable for messages");
        }
    }

    @Test
    void aColumnRetainedBeyondItsFrameStaysReadable() {
        Frame f = frame();
        Column x = f.column("x").retain();
        f.release();
        assertEquals(3.5, x.getDouble(2), "the holder that retained the column keeps its memory");
        x.release();
        assertReleasedError("getDouble", () -> x.getDouble(2), "column 'x'");
    }

    /** A sink that keeps frames without retaining them: reading one later names the mistake. */
    @Test
    void aFrameKeptPastItsEmitWithoutRetainSaysHowToKeepIt() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        List<Frame> kept = new java.util.ArrayList<>();
        sdf.stream().sink(kept::add);
        Frame f = frame();
        sdf.emit(f);
        f.release(); // the maker's reference: nothing retained the frame, so its memory is gone
        assertEquals(0, allocator.getAllocatedMemory());
        assertReleasedError("reading a kept frame", () -> kept.get(0).column("x").getDouble(0), "frame " + schema);
        assertReleasedError("printing its records", kept.get(0)::toRecords, "frame " + schema);
    }

    @Test
    void aProjectionOfAReleasedFrameIsUnaffectedButTheFrameItselfIsNot() {
        Frame f = frame();
        Frame xs = f.select(List.of("x"));
        f.release();
        assertEquals(List.of(1.5, 2.5, 3.5), List.of(xs.doubles("x")[0], xs.doubles("x")[1], xs.doubles("x")[2]));
        assertReleasedError("column of the released frame", () -> f.column("x"), "frame " + schema);
        xs.release();
    }
}
