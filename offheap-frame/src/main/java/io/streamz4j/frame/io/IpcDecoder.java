package io.streamz4j.frame.io;

import io.streamz4j.frame.Batch;
import io.streamz4j.frame.Column;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.io.FrameFormatException;
import io.streamz4j.frame.io.IpcLayout.Kind;
import io.streamz4j.frame.io.IpcMessages.Message;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.StringDictionary;

import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Arrow IPC stream bytes into a frame in two passes. The first checks everything against the
 * bytes and the expected {@link Schema} without allocating off-heap memory: the stream's framing
 * (continuation markers, metadata and body lengths within the input, the end-of-stream marker),
 * each message's flatbuffer metadata ({@link FlatTable}), the schema's names and types, every
 * batch's row count, node and buffer counts, buffer offsets and lengths within the body, buffers
 * sized for the rows, null counts (frames hold none), string offsets (monotonic, within the data)
 * and UTF-8, dictionary ids and every dictionary index. Only then does the second pass allocate the
 * frame's columns, {@code rows x width} bytes each, which the first pass proved the input holds, and
 * copy the values in. So garbage costs at most a pass over itself and never an allocation, and the
 * only exception is {@link FrameFormatException}, naming what is wrong.
 *
 * <p>Several record batches are read into one frame, in order; dictionaries may be replaced or
 * extended (deltas) between them. Strings (plain or dictionary-encoded UTF-8) get ids in the
 * schema's {@link StringDictionary} only in the second pass, so refused bytes add no strings.
 *
 * <p>Thread safety: one instance decodes one input on one thread.
 */
final class IpcDecoder {
    /** Strings as Arrow lays them out: {@code count + 1} int32 offsets into the data (absolute positions in the input). */
    private record Strings(int offsets, int data, int count) {
    }

    /**
     * The strings of one dictionary as sent so far: its first batch, then its deltas, in order. A
     * batch keeps the object it was checked against (a replacement makes a new one); deltas only
     * add entries, so an index means the same string to every batch that may hold it, and each
     * entry's schema id is looked up once, in the second pass.
     */
    private static final class DictionaryStrings {
        private final List<Strings> parts = new ArrayList<>();
        /** The first entry of each part. */
        private int[] starts = new int[2];
        private int size;
        private int[] ids;

        void add(Strings part) {
            if (parts.size() == starts.length) {
                starts = Arrays.copyOf(starts, 2 * starts.length);
            }
            starts[parts.size()] = size;
            parts.add(part);
            size = Math.addExact(size, part.count());
        }

        /** The part holding entry {@code entry}: the last whose first entry is at or before it. */
        int partOf(int entry) {
            int low = 0;
            int high = parts.size() - 1;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (starts[mid] <= entry) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }
    }

    /** A record batch's row count and where each of its buffers lies (absolute positions in the input). */
    private record Parts(int rows, int[] at, long[] length) {
        /** Where buffer {@code i} starts, after checking it holds at least {@code need} bytes. */
        int sized(String what, String buffer, int i, long need) {
            if (length[i] < need) {
                throw new FrameFormatException(what + ": its " + buffer + " buffer of " + length[i] + " bytes is"
                        + " shorter than the " + need + " its " + rows + " rows need");
            }
            return at[i];
        }
    }

    /** One checked record batch: its rows and, per column, where its values lie and its dictionary. */
    private record Batch(int rows, int[] data, Strings[] strings, DictionaryStrings[] dictionaries) {
    }

    private final Schema schema;
    private final byte[] ipc;
    private final ByteBuffer bytes;
    private final IpcMessages messages;
    /** The schema's columns, then its index if it has one: the order they travel in. */
    private final Field[] fields;
    private final IpcLayout[] layouts;
    private final Set<Long> dictionaryIds = new HashSet<>();
    private final Map<Long, DictionaryStrings> dictionaries = new HashMap<>();
    private final List<Batch> batches = new ArrayList<>();
    private int totalRows;

    private IpcDecoder(Schema schema, byte[] ipc) {
        this.schema = schema;
        this.ipc = ipc;
        this.bytes = ByteBuffer.wrap(ipc).order(ByteOrder.LITTLE_ENDIAN);
        this.messages = new IpcMessages(ipc);
        int width = schema.size() + (schema.index() == null ? 0 : 1);
        this.fields = new Field[width];
        for (int c = 0; c < width; c++) {
            fields[c] = c < schema.size() ? schema.field(c) : schema.index();
        }
        this.layouts = new IpcLayout[width];
    }

    /** The frame {@code ipc} holds, of {@code schema}, in memory from {@code allocator}. */
    static Frame read(Schema schema, byte[] ipc, BufferAllocator allocator) {
        if (schema == null || ipc == null || allocator == null) {
            throw new IllegalArgumentException("Frame.fromIpc: " + (schema == null ? "schema" : ipc == null ? "ipc"
                    : "allocator") + " is null");
        }
        IpcDecoder decoder = new IpcDecoder(schema, ipc);
        try {
            decoder.check();
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            // The checks above are meant to make this unreachable; should one be missing, the
            // caller still gets the documented exception (nothing is allocated in this pass).
            throw new FrameFormatException("corrupt Arrow IPC stream (an unchecked bound at byte "
                    + decoder.messages.position() + "): " + e, e);
        }
        return decoder.build(allocator);
    }

    // ---- first pass: check, allocate nothing off-heap ----

    private void check() {
        Message first = messages.next();
        if (first == null) {
            throw new FrameFormatException("the Arrow IPC stream ends before its schema");
        }
        if (first.type() != MessageHeader.Schema) {
            throw new FrameFormatException("message 1 is a " + first.typeName()
                    + ", not the Schema an Arrow IPC stream starts with");
        }
        schema(first.header());
        for (Message m = messages.next(); m != null; m = messages.next()) {
            switch (m.type()) {
                case MessageHeader.RecordBatch -> batch(m);
                case MessageHeader.DictionaryBatch -> dictionary(m);
                default -> throw new FrameFormatException("message " + m.number() + " is a " + m.typeName()
                        + "; a frame's stream holds only record and dictionary batches after its schema");
            }
        }
        messages.requireEnd();
        if (batches.isEmpty()) {
            throw new FrameFormatException("the Arrow IPC stream holds no record batch");
        }
    }

    private void schema(FlatTable message) {
        short endianness = message.getShort(0, "endianness", Endianness.Little);
        if (endianness != Endianness.Little) {
            throw new FrameFormatException("the Arrow IPC schema is big-endian; frames read little-endian data only");
        }
        int count = message.vectorLength(1, 4, "fields");
        if (count != fields.length) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < Math.min(count, fields.length + 1); i++) {
                names.add(message.tableAt(1, i, "field " + i).string(0, "name", IpcLayout.NAME_BYTES));
            }
            throw new FrameFormatException("the Arrow IPC stream has " + count + " columns " + names
                    + (count > names.size() ? " and more" : "") + ", schema " + schema + " needs " + fields.length
                    + (schema.index() == null ? "" : " (its index last)"));
        }
        for (int c = 0; c < count; c++) {
            layouts[c] = IpcLayout.of(fields[c], message.tableAt(1, c, "field " + c));
            if (layouts[c].kind() == Kind.DICTIONARY) {
                dictionaryIds.add(layouts[c].dictionaryId());
            }
        }
    }

    private void batch(Message m) {
        int buffers = 0;
        for (IpcLayout l : layouts) {
            buffers += l.buffers();
        }
        String what = "record batch (message " + m.number() + ")";
        Parts parts = parts(m, m.header(), what, true, buffers);
        int rows = parts.rows();
        int[] data = new int[layouts.length];
        Strings[] strings = new Strings[layouts.length];
        DictionaryStrings[] used = new DictionaryStrings[layouts.length];
        int b = 0;
        for (int c = 0; c < layouts.length; c++) {
            IpcLayout layout = layouts[c];
            String column = what + " column '" + fields[c].name() + "'";
            allValid(column, parts, b);
            switch (layout.kind()) {
                case FIXED -> data[c] = parts.sized(column, "data", b + 1, (long) rows * layout.width());
                case BITS -> data[c] = parts.sized(column, "data", b + 1, (rows + 7L) / 8);
                case UTF8 -> strings[c] = strings(column, parts, b);
                case DICTIONARY -> {
                    data[c] = parts.sized(column, "indices", b + 1, (long) rows * layout.width());
                    used[c] = dictionaries.get(layout.dictionaryId());
                    if (used[c] == null) {
                        throw new FrameFormatException(column + ": its dictionary (id " + layout.dictionaryId()
                                + ") was not sent before the batch");
                    }
                    indicesWithin(column, layout, data[c], rows, used[c].size);
                }
                default -> throw new IllegalStateException("unknown layout " + layout);
            }
            b += layout.buffers();
        }
        if ((long) totalRows + rows > Integer.MAX_VALUE) {
            throw new FrameFormatException(what + ": " + rows + " more rows make more than a frame holds ("
                    + Integer.MAX_VALUE + ")");
        }
        totalRows += rows;
        batches.add(new Batch(rows, data, strings, used));
    }

    private void dictionary(Message m) {
        FlatTable header = m.header();
        long id = header.getLong(0, "id", 0);
        String what = "dictionary batch " + id + " (message " + m.number() + ")";
        if (!dictionaryIds.contains(id)) {
            throw new FrameFormatException(what + ": no column of the schema uses dictionary " + id
                    + " (they use " + dictionaryIds + ")");
        }
        FlatTable data = header.table(1, "data");
        if (data == null) {
            throw new FrameFormatException(what + " has no record batch");
        }
        Parts parts = parts(m, data, what, false, 3);
        allValid(what, parts, 0);
        Strings values = strings(what, parts, 0);
        if (header.getBool(2, "isDelta", false)) {
            DictionaryStrings extended = dictionaries.get(id);
            if (extended == null) {
                throw new FrameFormatException(what + ": a delta to a dictionary never sent");
            }
            extended.add(values);
        } else {
            DictionaryStrings replacement = new DictionaryStrings();
            replacement.add(values);
            dictionaries.put(id, replacement);
        }
    }

    /**
     * The record batch's row count and buffers, after checking its node and buffer counts, every node (as many rows as the batch, no nulls) and
     * every buffer (within the message's body). A batch of the frame's columns has a node per
     * column; a dictionary's batch one node.
     */
    private Parts parts(Message m, FlatTable batch, String what, boolean ofColumns, int buffers) {
        int nodes = ofColumns ? fields.length : 1;
        long rows = batch.getLong(0, "length", 0);
        if (rows < 0 || rows > Integer.MAX_VALUE) {
            throw new FrameFormatException(what + ": row count " + rows + " is negative or beyond "
                    + Integer.MAX_VALUE);
        }
        if (batch.table(3, "compression") != null) {
            throw new FrameFormatException(what + " is compressed; frames read uncompressed Arrow IPC only");
        }
        int nodeCount = batch.vectorLength(1, 16, "nodes");
        if (nodeCount != nodes) {
            throw new FrameFormatException(what + ": " + nodeCount + " field nodes, " + nodes + " expected");
        }
        int bufferCount = batch.vectorLength(2, 16, "buffers");
        if (bufferCount != buffers) {
            throw new FrameFormatException(what + ": " + bufferCount + " buffers, " + buffers + " expected");
        }
        for (int n = 0; n < nodes; n++) {
            String node = ofColumns ? what + " column '" + fields[n].name() + "'" : what;
            long length = batch.structLong(1, n, 16, 0);
            long nulls = batch.structLong(1, n, 16, 8);
            if (length != rows) {
                throw new FrameFormatException(node + ": its node holds " + length + " rows, the batch " + rows);
            }
            if (nulls != 0) {
                throw new FrameFormatException(nulls > 0 && nulls <= rows
                        ? node + " holds " + nulls + " nulls; frames hold no nulls (use NaN in double columns)"
                        : node + ": null count " + nulls + " is outside 0.." + rows);
            }
        }
        int[] at = new int[buffers];
        long[] lengths = new long[buffers];
        for (int i = 0; i < buffers; i++) {
            long offset = batch.structLong(2, i, 16, 0);
            long length = batch.structLong(2, i, 16, 8);
            if (offset < 0 || length < 0 || offset > m.bodyLength() || length > m.bodyLength() - offset) {
                throw new FrameFormatException(what + ": buffer " + i + " at offset " + offset + " of " + length
                        + " bytes lies outside the body of " + m.bodyLength() + " bytes");
            }
            at[i] = m.body() + (int) offset;
            lengths[i] = length;
        }
        return new Parts((int) rows, at, lengths);
    }

    /**
     * Checks validity buffer {@code i}: absent (no nulls), or a bitmap of every row set. A null
     * count of 0 already said so; a bitmap that disagrees is corrupt.
     */
    private void allValid(String what, Parts parts, int i) {
        if (parts.length()[i] == 0) {
            return;
        }
        int rows = parts.rows();
        int at = parts.sized(what, "validity", i, (rows + 7L) / 8);
        int full = rows >>> 3;
        for (int k = 0; k < full; k++) {
            if (ipc[at + k] != (byte) 0xFF) {
                throw new FrameFormatException(what + ": its validity bitmap marks nulls at byte " + k
                        + " though its null count is 0");
            }
        }
        int tail = rows & 7;
        if (tail != 0 && (ipc[at + full] & ((1 << tail) - 1)) != (1 << tail) - 1) {
            throw new FrameFormatException(what + ": its validity bitmap marks nulls at byte " + full
                    + " though its null count is 0");
        }
    }

    /** Checks Arrow strings in buffers {@code i + 1} (offsets) and {@code i + 2} (data): monotonic offsets within the data, UTF-8. */
    private Strings strings(String what, Parts parts, int i) {
        int rows = parts.rows();
        // An empty array may leave out even its one offset.
        int offsets = parts.sized(what, "offsets", i + 1, rows == 0 ? 0 : 4L * (rows + 1));
        int data = parts.at()[i + 2];
        long dataLength = parts.length()[i + 2];
        if (rows == 0) {
            return new Strings(offsets, data, 0);
        }
        int previous = bytes.getInt(offsets);
        if (previous < 0 || previous > dataLength) {
            throw new FrameFormatException(what + ": string offset 0 is " + previous + ", outside its data of "
                    + dataLength + " bytes");
        }
        for (int r = 0; r < rows; r++) {
            int end = bytes.getInt(offsets + 4 * (r + 1));
            if (end < previous || end > dataLength) {
                throw new FrameFormatException(what + ": string offset " + (r + 1) + " is " + end
                        + ", not within " + previous + ".." + dataLength + " (offsets must rise within the data)");
            }
            int bad = Utf8.invalidAt(ipc, data + previous, data + end);
            if (bad >= 0) {
                throw new FrameFormatException(what + ": string " + r + " is not UTF-8 (byte " + (bad - data - previous)
                        + " of it is 0x" + Integer.toHexString(ipc[bad] & 0xFF) + ")");
            }
            previous = end;
        }
        return new Strings(offsets, data, rows);
    }

    private void indicesWithin(String what, IpcLayout layout, int at, int rows, int size) {
        for (int r = 0; r < rows; r++) {
            long index = layout.index(ipc, bytes, at, r);
            if (index < 0 || index >= size) {
                throw new FrameFormatException(what + ": dictionary index " + (layout.signed() || index >= 0
                        ? Long.toString(index) : Long.toUnsignedString(index)) + " at row " + r
                        + " is outside the dictionary's " + size + " strings");
            }
        }
    }

    // ---- second pass: allocate and copy what the first pass checked ----

    private Frame build(BufferAllocator allocator) {
        Column[] columns = new Column[fields.length];
        try {
            for (int c = 0; c < fields.length; c++) {
                columns[c] = Column.allocate(fields[c], totalRows, allocator);
                fill(c, columns[c]);
            }
        } catch (RuntimeException | Error e) {
            for (Column column : columns) {
                if (column != null) {
                    column.release();
                }
            }
            throw e;
        }
        Column index = schema.index() == null ? null : columns[schema.size()];
        return Frame.of(schema, Arrays.asList(columns).subList(0, schema.size()), index);
    }

    private void fill(int c, Column column) {
        ArrowBuf out = column.vector().getDataBuffer();
        IpcLayout layout = layouts[c];
        int row = 0;
        for (Batch batch : batches) {
            int rows = batch.rows();
            switch (layout.kind()) {
                case FIXED -> out.setBytes((long) row * layout.width(), ipc, batch.data()[c],
                        (long) rows * layout.width());
                case BITS -> copyBits(out, row, batch.data()[c], rows);
                case UTF8 -> {
                    StringDictionary ids = fields[c].dictionary();
                    Strings s = batch.strings()[c];
                    for (int r = 0; r < rows; r++) {
                        out.setInt(4L * (row + r), ids.idOf(string(s, r)));
                    }
                }
                case DICTIONARY -> copyIndices(out, row, c, batch);
                default -> throw new IllegalStateException("unknown layout " + layout);
            }
            row += rows;
        }
    }

    /** Bits of a batch go to row {@code row} of the column, which need not start a byte. */
    private void copyBits(ArrowBuf out, int row, int at, int rows) {
        for (int r = 0; r < rows; r++) {
            if ((ipc[at + (r >>> 3)] & (1 << (r & 7))) != 0) {
                int bit = row + r;
                out.setByte(bit >>> 3, out.getByte(bit >>> 3) | (1 << (bit & 7)));
            }
        }
    }

    /** A dictionary-encoded batch as schema ids, each dictionary entry looked up once for all batches. */
    private void copyIndices(ArrowBuf out, int row, int c, Batch batch) {
        StringDictionary schemaIds = fields[c].dictionary();
        DictionaryStrings dictionary = batch.dictionaries()[c];
        if (dictionary.ids == null) {
            // sized once the whole stream was read, so it covers every delta; bounded by the input
            dictionary.ids = new int[dictionary.size];
            Arrays.fill(dictionary.ids, -1);
        }
        for (int r = 0; r < batch.rows(); r++) {
            int entry = (int) layouts[c].index(ipc, bytes, batch.data()[c], r);
            int id = dictionary.ids[entry];
            if (id < 0) {
                int part = dictionary.partOf(entry);
                id = schemaIds.idOf(string(dictionary.parts.get(part), entry - dictionary.starts[part]));
                dictionary.ids[entry] = id;
            }
            out.setInt(4L * (row + r), id);
        }
    }

    private String string(Strings s, int r) {
        int start = bytes.getInt(s.offsets() + 4 * r);
        int end = bytes.getInt(s.offsets() + 4 * (r + 1));
        return new String(ipc, s.data() + start, end - start, StandardCharsets.UTF_8);
    }
}
