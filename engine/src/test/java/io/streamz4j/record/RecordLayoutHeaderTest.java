package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * A record layout tells its own messages from any other by their header: a slot's bytes pass,
 * and each header field changed (block length, template, schema, version) is named, read in the
 * layout's byte order; what code taking slot bytes from outside a ring (a journal's replay)
 * checks before decoding.
 */
class RecordLayoutHeaderTest {
    @Test
    void aSlotsOwnHeaderMatchesAndEachChangedFieldIsNamed() {
        RecordLayout<?, ?> tick = Ticks.LAYOUT;
        assertEquals(RecordLayout.HEADER_LENGTH + tick.blockLength(), tick.messageLength());
        UnsafeBuffer slot = new UnsafeBuffer(new byte[tick.slotLength()]);
        tick.writeHeader(slot, 0);
        assertNull(tick.headerMismatch(slot, 0));
        String[] changed = {"-byte block", "template", "schema", " v"};
        int[] values = {tick.blockLength(), tick.templateId(), tick.schemaId(), tick.version()};
        for (int field = 0; field < 4; field++) {
            tick.writeHeader(slot, 0);
            slot.putShort(field * 2, (short) (values[field] + 1), ByteOrder.LITTLE_ENDIAN);
            String mismatch = tick.headerMismatch(slot, 0);
            assertTrue(mismatch != null && mismatch.contains(tick.toString()), "field " + field + ": " + mismatch);
            String said = mismatch.substring(0, mismatch.indexOf(", where"));
            String expected = switch (field) {
                case 0 -> (values[0] + 1) + "-byte block";
                case 1 -> "template " + (values[1] + 1);
                case 2 -> "schema " + (values[2] + 1);
                default -> " v" + (values[3] + 1);
            };
            assertTrue(said.contains(expected), changed[field] + " changed: " + said);
        }
    }

    @Test
    void anotherLayoutsHeaderDoesNotMatch() {
        UnsafeBuffer slot = new UnsafeBuffer(new byte[Ticks.LAYOUT.slotLength()]);
        RecordLayout.LONG_VALUE.writeHeader(slot, 0);
        assertTrue(Ticks.LAYOUT.headerMismatch(slot, 0).contains("schema 1701 template 1"));
        assertNull(RecordLayout.LONG_VALUE.headerMismatch(slot, 0));
        assertTrue(RecordLayout.DOUBLE_VALUE.headerMismatch(slot, 0).contains("template 1"));
    }
}
