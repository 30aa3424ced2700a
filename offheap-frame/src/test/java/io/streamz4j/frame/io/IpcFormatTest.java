package io.streamz4j.frame.io;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arrow IPC bytes that are not a frame of the schema are refused with a {@link FrameFormatException}
 * naming what is wrong, before anything is allocated; streams from other Arrow writers
 * (dictionary-encoded strings, several batches, dictionary deltas) read in full. The corruptions
 * are placed with Arrow's own flatbuffer classes reading the valid stream. Every read goes through
 * a child allocator that must be back at zero (and closes, so checks for leaks).
 */
class IpcFormatTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = IpcSamples.SCHEMA;

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** Where one message of a valid stream lies, read with Arrow's generated classes. */
    private record Msg(int metadata, int body, Message message) {
        RecordBatch batch() {
            return message.headerType() == MessageHeader.DictionaryBatch
                    ? ((DictionaryBatch) message.header(new DictionaryBatch())).data()
                    : (RecordBatch) message.header(new RecordBatch());
        }

        /** The absolute position of buffer {@code i} of this batch. */
        int buffer(int i) {
            return body + (int) batch().buffers(i).offset();
        }
    }

    private static List<Msg> messages(byte[] ipc) {
        ByteBuffer b = ByteBuffer.wrap(ipc).order(ByteOrder.LITTLE_ENDIAN);
        List<Msg> out = new ArrayList<>();
        int p = 0;
        while (true) {
            int length = b.getInt(p);
            p += 4;
            if (length == -1) {
                length = b.getInt(p);
                p += 4;
            }
            if (length == 0) {
                return out;
            }
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(ipc, p, length).slice().order(ByteOrder.LITTLE_ENDIAN));
            out.add(new Msg(p, p + length, m));
            p += length + (int) m.bodyLength();
        }
    }

    /** Reads {@code ipc} expecting a refusal; checks nothing was allocated at any point. */
    private FrameFormatException refused(byte[] ipc) {
        try (BufferAllocator child = allocator.newChildAllocator("read", 0, Long.MAX_VALUE)) {
            FrameFormatException e = assertThrows(FrameFormatException.class, () -> Frame.fromIpc(schema, ipc, child));
            assertEquals(0, child.getPeakMemoryAllocation(), "refused before allocating: " + e.getMessage());
            return e;
        }
    }

    private static void assertMentions(FrameFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    private static void putLong(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }

    /** The one place {@code needle} occurs in {@code hay[from, to)}. */
    private static int onlyPlaceOf(byte[] hay, int from, int to, byte[] needle) {
        int found = -1;
        for (int i = from; i + needle.length <= to; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                assertEquals(-1, found, "the pattern is not unique");
                found = i;
            }
        }
        assertTrue(found >= 0, "pattern not found");
        return found;
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    @Test
    void framesOfEveryColumnTypeRoundTripAtEveryBitmapBoundary() {
        for (int rows : new int[] {0, 1, 7, 8, 9, 37}) {
            byte[] ipc = IpcSamples.written(rows, allocator);
            try (BufferAllocator child = allocator.newChildAllocator("read", 0, Long.MAX_VALUE);
                    Frame back = Frame.fromIpc(schema, ipc, child);
                    Frame again = Frame.fromIpc(schema, back.toIpc(child), child)) {
                assertEquals(rows, back.rows());
                assertEquals(back.toRecords(), again.toRecords(), rows + " rows");
                assertTrue(Arrays.equals(ipc, back.toIpc(child)), rows + " rows: the same bytes written back");
            }
        }
    }

    @Test
    void aStringOffsetOfOneAndAHalfBillionIsRefusedNamingColumnAndOffset() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        putInt(ipc, batch.buffer(1) + 4, 1_500_000_000); // the end of string 0, in name's offsets buffer
        assertMentions(refused(ipc), "column 'name'", "string offset 1 is 1500000000");
    }

    @Test
    void stringOffsetsThatFallBackAreRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        putInt(ipc, batch.buffer(1) + 8, 0); // string 1 would end before it starts
        assertMentions(refused(ipc), "column 'name'", "string offset 2 is 0", "offsets must rise");
    }

    @Test
    void malformedUtf8IsRefusedNamingTheString() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        ipc[batch.buffer(2) + 5] = (byte) 0xFF; // the first byte of "Bob"
        assertMentions(refused(ipc), "column 'name'", "string 1 is not UTF-8", "0xff");
    }

    @Test
    void aMetadataLengthBeyondTheInputIsRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        putInt(ipc, 4, 1_500_000_000);
        assertMentions(refused(ipc), "message 1", "metadata length 1500000000", "bytes left");
    }

    @Test
    void everyTruncationIsRefusedAndAllocatesNothing() {
        byte[] ipc = IpcSamples.written(9, allocator);
        for (int length = 0; length < ipc.length; length++) {
            FrameFormatException e = refused(Arrays.copyOf(ipc, length));
            assertTrue(e.getMessage().contains("message"), length + ": " + e.getMessage());
        }
    }

    @Test
    void bytesAfterTheEndOfStreamAreRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        byte[] longer = Arrays.copyOf(ipc, ipc.length + 8);
        assertMentions(refused(longer), "8 bytes follow the end-of-stream marker");
    }

    @Test
    void aBufferOutsideTheBodyIsRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        Buffer x = batch.batch().buffers(4); // x's data: validity and data of name come first (3 buffers)
        int at = onlyPlaceOf(ipc, batch.metadata(), batch.body(), longs(x.offset(), x.length()));
        putLong(ipc, at, 1L << 40);
        assertMentions(refused(ipc), "buffer 4 at offset 1099511627776", "outside the body");
    }

    @Test
    void aRowCountTheBuffersCannotHoldIsRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        // the batch length and every node's length say 3: make them all say 1.5 billion
        byte[] three = longs(3);
        for (int i = batch.metadata(); i + 8 <= batch.body(); i++) {
            if (Arrays.equals(ipc, i, i + 8, three, 0, 8)) {
                putLong(ipc, i, 1_500_000_000L);
            }
        }
        assertMentions(refused(ipc), "column 'name'", "1500000000 rows need");
    }

    @Test
    void aNodeOfAnotherLengthThanItsBatchIsRefused() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Msg batch = messages(ipc).get(1);
        int first = onlyPlaceOf(ipc, batch.metadata(), batch.body(), longs(3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0));
        putLong(ipc, first + 16 * 2, 2); // the node of 'n', the third column
        assertMentions(refused(ipc), "column 'n'", "its node holds 2 rows, the batch 3");
    }

    @Test
    void nullsAreRefusedNamingTheColumn() {
        assertMentions(refused(IpcSamples.withNulls(allocator)), "column 'x' holds 1 nulls");
    }

    @Test
    void anotherSchemaIsRefusedNamingTheColumn() {
        byte[] ipc = IpcSamples.written(3, allocator);
        Schema other = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.LONG)
                .add("n", ColumnType.LONG).add("ok", ColumnType.BOOLEAN).add("k", ColumnType.INT)
                .index("time", ColumnType.TIMESTAMP).build();
        try (BufferAllocator child = allocator.newChildAllocator("read", 0, Long.MAX_VALUE)) {
            FrameFormatException e = assertThrows(FrameFormatException.class, () -> Frame.fromIpc(other, ipc, child));
            assertMentions(e, "column 'x' should be LONG", "FloatingPoint(DOUBLE)");
        }
    }

    @Test
    void dictionaryEncodedBatchesWithADeltaReadInFull() {
        byte[] ipc = IpcSamples.dictionaryEncoded(allocator);
        try (BufferAllocator child = allocator.newChildAllocator("read", 0, Long.MAX_VALUE);
                Frame f = Frame.fromIpc(schema, ipc, child)) {
            assertEquals(IpcSamples.dictionaryEncodedRecords(), f.toRecords());
        }
    }

    @Test
    void aDictionaryIndexOutsideTheDictionaryIsRefused() {
        byte[] ipc = IpcSamples.dictionaryEncoded(allocator);
        Msg firstBatch = messages(ipc).get(2); // schema, dictionary, batch
        ipc[firstBatch.buffer(1)] = 5; // row 0's 16-bit index, low byte
        assertMentions(refused(ipc), "column 'name'", "dictionary index 5 at row 0", "dictionary's 2 strings");
    }

    @Test
    void aDeltaIndexUsedBeforeTheDeltaArrivesIsRefused() {
        byte[] ipc = IpcSamples.dictionaryEncoded(allocator);
        Msg firstBatch = messages(ipc).get(2);
        ipc[firstBatch.buffer(1)] = 2; // "Carol" comes only with the delta, after this batch
        assertMentions(refused(ipc), "dictionary index 2 at row 0", "dictionary's 2 strings");
    }

    @Test
    void theUtf8CheckAgreesWithTheJdkDecoder() {
        Random random = new Random(20261207);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                // mostly bytes around the multi-byte lead and boundary values
                b[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk;
            try {
                CharBuffer ignored = decoder.decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            valid += jdk ? 1 : 0;
            assertEquals(jdk, Utf8.invalidAt(b, 0, b.length) < 0, () -> "bytes " + Arrays.toString(b));
        }
        assertTrue(valid > 1000, "the sample holds valid multi-byte text too: " + valid);
    }
}
