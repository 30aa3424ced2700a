package io.streamz4j.frame;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames: building, Arrow IPC and VectorSchemaRoot export, retain/release; the allocator's close fails on a leak. */
class FrameTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE)
            .add("n", ColumnType.INT).add("ok", ColumnType.BOOLEAN).index("time", ColumnType.TIMESTAMP).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Frame sample() {
        return Frame.fromRecords(schema, List.of(
                Map.of("name", "Alice", "amount", 1.5, "n", 1, "ok", true, "time", 10L),
                Map.of("name", "Bob", "amount", Double.NaN, "n", -2, "ok", false, "time", 20L)), allocator);
    }

    @Test
    void columnAllocatedForOverwriteHoldsWhatIsWrittenAllValidAndFreesItsMemory() {
        for (ColumnType type : List.of(ColumnType.DOUBLE, ColumnType.LONG, ColumnType.INT, ColumnType.BOOLEAN)) {
            Column c = Column.allocateForOverwrite(Field.of("v", type), 1000, allocator);
            try {
                assertEquals(1000, c.rows());
                assertEquals(1000, c.vector().getValueCount());
                assertEquals(0, c.vector().getNullCount(), type + ": every value is valid");
                if (type == ColumnType.BOOLEAN) {
                    // bits are set one by one, so the memory starts zeroed: all false
                    assertEquals(false, c.vector().getObject(999), type.toString());
                    continue;
                }
                for (int i = 0; i < 1000; i++) {
                    if (type.width() == 8) {
                        MemoryUtil.putLong(c.address() + 8L * i, 3L * i);
                    } else {
                        MemoryUtil.putInt(c.address() + 4L * i, 3 * i);
                    }
                }
                Object last = c.vector().getObject(999);
                long bits = type == ColumnType.DOUBLE ? Double.doubleToRawLongBits((Double) last)
                        : ((Number) last).longValue();
                assertEquals(2997L, bits, type + ": the value written is the value read");
            } finally {
                c.release();
            }
        }
    }

    @Test
    void ipcRoundTripKeepsEveryValueAndFreesEverything() {
        try (Frame f = sample()) {
            byte[] ipc = f.toIpc(allocator);
            try (Frame back = Frame.fromIpc(schema, ipc, allocator)) {
                assertEquals(f.toRecords().toString(), back.toRecords().toString());
            }
        }
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void vectorSchemaRootHasStringsAsUtf8AndTheIndexLast() {
        try (Frame f = sample(); VectorSchemaRoot root = f.toVectorSchemaRoot(allocator)) {
            assertEquals(List.of("name", "amount", "n", "ok", "time"),
                    root.getSchema().getFields().stream().map(org.apache.arrow.vector.types.pojo.Field::getName).toList());
            assertEquals("Bob", root.getVector("name").getObject(1).toString());
        }
    }

    @Test
    void projectionsShareColumnsAndMemoryIsFreedByTheLastHolder() {
        Frame f = sample();
        Frame amounts = f.select(List.of("amount"));
        f.release();
        assertTrue(allocator.getAllocatedMemory() > 0, "the projection still holds the amount column");
        assertEquals(1.5, amounts.column("amount").getDouble(0));
        amounts.release();
        assertEquals(0, allocator.getAllocatedMemory());
        assertThrows(IllegalStateException.class, amounts::retain);
    }

    @Test
    void typeMismatchNamesTheColumnAndRowAndLeaksNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frame.fromRecords(schema,
                List.of(Map.of("name", "Alice", "amount", "lots", "n", 1, "ok", true, "time", 1L)), allocator));
        assertTrue(e.getMessage().contains("'amount'") && e.getMessage().contains("row 0"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Frame.fromJson(schema,
                List.of("{\"name\": \"A\", \"amount\": 1, \"n\": 1, \"ok\": true, \"time\": 1, \"extra\": 2}"), allocator));
        assertTrue(unknown.getMessage().contains("'extra'"), unknown.getMessage());
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void ipcOfAnotherSchemaIsRefusedNamingTheColumn() {
        Schema other = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.LONG)
                .add("n", ColumnType.INT).add("ok", ColumnType.BOOLEAN).index("time", ColumnType.TIMESTAMP).build();
        try (Frame f = sample()) {
            byte[] ipc = f.toIpc(allocator);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Frame.fromIpc(other, ipc, allocator));
            assertTrue(e.getMessage().contains("'amount'"), e.getMessage());
        }
    }
}
