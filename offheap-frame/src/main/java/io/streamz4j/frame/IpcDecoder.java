package io.streamz4j.frame;

import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.TimeUnit;
import org.apache.arrow.flatbuf.Type;
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
    private static final int CONTINUATION = 0xFFFFFFFF;

    /** How one column lies in a record batch. */
    private enum Kind {
        /** validity, data of {@code width} bytes per row */
        FIXED,
        /** validity, data of one bit per row */
        BITS,
        /** validity, int32 offsets, UTF-8 data */
        UTF8,
        /** validity, indices of {@code width} bytes into a dictionary of UTF-8 strings */
        DICTIONARY
    }

    private record Layout(Kind kind, int width, boolean signed, long dictionaryId) {
        int buffers() {
            return kind == Kind.UTF8 ? 3 : 2;
        }
    }

    /** Strings as Arrow lays them out: {@code count + 1} int32 offsets into the data (absolute positions in the input). */
    private record Strings(int offsets, int data, int count) {
    }

    /** A dictionary as it stood when a batch was read: its parts in order (a delta adds a part). */
    private record Dictionary(List<Strings> parts, int size) {
        Dictionary plus(Strings delta) {
            List<Strings> more = new ArrayList<>(parts);
            more.add(delta);
            return new Dictionary(List.copyOf(more), Math.addExact(size, delta.count()));
        }
    }

    /** One checked record batch: its rows and, per column, where its values lie and its dictionary. */
    private record Batch(int rows, int[] data, Strings[] strings, Dictionary[] dictionaries) {
    }

    /** A message's header and where its body lies in the input. */
    private record Message(int number, byte type, FlatTable header, int body, int bodyLength) {
    }

    private final Schema schema;
    private final byte[] ipc;
    private final ByteBuffer bytes;
    /** The schema's columns, then its index if it has one: the order they travel in. */
    private final Field[] fields;
    private final Layout[] layouts;
    private final Set<Long> dictionaryIds = new HashSet<>();
    private final Map<Long, Dictionary> dictionaries = new HashMap<>();
    private final List<Batch> batches = new ArrayList<>();
    private int totalRows;
    private int position;
    private int messages;

    private IpcDecoder(Schema schema, byte[] ipc) {
        this.schema = schema;
        this.ipc = ipc;
        this.bytes = ByteBuffer.wrap(ipc).order(ByteOrder.LITTLE_ENDIAN);
        int width = schema.size() + (schema.index() == null ? 0 : 1);
        this.fields = new Field[width];
        for (int c = 0; c < width; c++) {
            fields[c] = c < schema.size() ? schema.field(c) : schema.index();
        }
        this.layouts = new Layout[width];
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
                    + decoder.position + "): " + e, e);
        }
        return decoder.build(allocator);
    }

    // ---- first pass: check, allocate nothing off-heap ----

    private void check() {
        Message first = next();
        if (first == null) {
            throw new FrameFormatException("the Arrow IPC stream ends before its schema");
        }
        if (first.type() != MessageHeader.Schema) {
            throw new FrameFormatException("message 1 is a " + headerName(first.type())
                    + ", not the Schema an Arrow IPC stream starts with");
        }
        schema(first.header());
        for (Message m = next(); m != null; m = next()) {
            switch (m.type()) {
                case MessageHeader.RecordBatch -> batch(m);
                case MessageHeader.DictionaryBatch -> dictionary(m);
                default -> throw new FrameFormatException("message " + m.number() + " is a " + headerName(m.type())
                        + "; a frame's stream holds only record and dictionary batches after its schema");
            }
        }
        if (position != ipc.length) {
            throw new FrameFormatException((ipc.length - position) + " bytes follow the end-of-stream marker, which"
                    + " ends at byte " + position);
        }
        if (batches.isEmpty()) {
            throw new FrameFormatException("the Arrow IPC stream holds no record batch");
        }
    }

    /** The next message, or null at the end-of-stream marker. */
    private Message next() {
        int number = ++messages;
        int length = readInt(number, "its metadata length");
        if (length == CONTINUATION) {
            length = readInt(number, "its metadata length after the continuation marker");
        }
        if (length == 0) {
            return null;
        }
        int left = ipc.length - position;
        if (length < 0 || length > left) {
            throw new FrameFormatException("message " + number + " at byte " + position + ": metadata length "
                    + length + " is negative or beyond the " + left + " bytes left");
        }
        FlatTable message = FlatTable.root(ipc, position, length, "message " + number);
        position += length;
        short version = message.getShort(0, "version", MetadataVersion.V1);
        if (version < MetadataVersion.V4 || version > MetadataVersion.V5) {
            throw new FrameFormatException("message " + number + ": metadata version " + version
                    + " is not one this reader knows (V4 or V5: " + MetadataVersion.V4 + " or " + MetadataVersion.V5
                    + ")");
        }
        byte type = message.getByte(1, "header_type", MessageHeader.NONE);
        FlatTable header = message.table(2, "header");
        long bodyLength = message.getLong(3, "bodyLength", 0);
        left = ipc.length - position;
        if (bodyLength < 0 || bodyLength > left) {
            throw new FrameFormatException("message " + number + ": body length " + bodyLength
                    + " is negative or beyond the " + left + " bytes left at byte " + position);
        }
        if (header == null) {
            throw new FrameFormatException("message " + number + " has no header");
        }
        Message m = new Message(number, type, header, position, (int) bodyLength);
        position += (int) bodyLength;
        return m;
    }

    private int readInt(int number, String what) {
        if (ipc.length - position < 4) {
            throw new FrameFormatException("message " + number + ": the stream ends at byte " + ipc.length
                    + " inside " + what + ", before its end-of-stream marker (cut short?)");
        }
        int v = bytes.getInt(position);
        position += 4;
        return v;
    }

    private void schema(FlatTable message) {
        short endianness = message.getShort(0, "endianness", Endianness.Little);
        if (endianness != Endianness.Little) {
            throw new FrameFormatException("the Arrow IPC schema is big-endian; frames read little-endian data only");
        }
        int count = message.vectorLength(1, 4, "fields");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = message.tableAt(1, i, "field " + i).string(0, "name");
            names.add(name);
        }
        if (count != fields.length) {
            throw new FrameFormatException("the Arrow IPC stream has columns " + names + ", schema " + schema
                    + " needs " + fields.length + (schema.index() == null ? "" : " (its index last)"));
        }
        for (int c = 0; c < count; c++) {
            layouts[c] = layout(fields[c], names.get(c), message.tableAt(1, c, "field " + c));
        }
    }

    private Layout layout(Field want, String name, FlatTable field) {
        if (!want.name().equals(name)) {
            throw new FrameFormatException("Arrow column '" + name + "' where schema column '" + want.name()
                    + "' was expected");
        }
        byte typeType = field.getByte(2, "type_type", Type.NONE);
        FlatTable type = field.table(3, "type");
        FlatTable encoding = field.table(4, "dictionary");
        if (field.vectorLength(5, 4, "children") != 0) {
            throw mismatch(want, typeType, type, " with children");
        }
        if (want.type() == ColumnType.STRING) {
            if (typeType != Type.Utf8) {
                throw mismatch(want, typeType, type, "");
            }
            if (encoding == null) {
                return new Layout(Kind.UTF8, 0, false, 0);
            }
            long id = encoding.getLong(0, "id", 0);
            FlatTable indexType = encoding.table(1, "indexType");
            int bits = indexType == null ? 32 : indexType.getInt(0, "bitWidth", 0);
            boolean signed = indexType == null || indexType.getBool(1, "is_signed", false);
            if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                throw new FrameFormatException("column '" + want.name() + "': dictionary indices of " + bits
                        + " bits (8, 16, 32 or 64 expected)");
            }
            dictionaryIds.add(id);
            return new Layout(Kind.DICTIONARY, bits / 8, signed, id);
        }
        if (encoding != null) {
            throw mismatch(want, typeType, type, ", dictionary-encoded");
        }
        if (!fits(want.type(), typeType, type)) {
            throw mismatch(want, typeType, type, "");
        }
        return want.type() == ColumnType.BOOLEAN ? new Layout(Kind.BITS, 0, false, 0)
                : new Layout(Kind.FIXED, want.type().width(), false, 0);
    }

    private static boolean fits(ColumnType want, byte typeType, FlatTable type) {
        switch (want) {
            case INT:
            case LONG:
                return typeType == Type.Int && type != null && type.getInt(0, "bitWidth", 0) == 8 * want.width()
                        && type.getBool(1, "is_signed", false);
            case DOUBLE:
                return typeType == Type.FloatingPoint && type != null
                        && type.getShort(0, "precision", Precision.HALF) == Precision.DOUBLE;
            case BOOLEAN:
                return typeType == Type.Bool;
            case TIMESTAMP:
                return typeType == Type.Timestamp && type != null
                        && type.getShort(0, "unit", TimeUnit.SECOND) == TimeUnit.NANOSECOND
                        && type.string(1, "timezone") == null;
            default:
                return false;
        }
    }

    private static FrameFormatException mismatch(Field want, byte typeType, FlatTable type, String more) {
        return new FrameFormatException("column '" + want.name() + "' should be " + want.type()
                + " but the Arrow column is " + typeName(typeType, type) + more);
    }

    private static String typeName(byte typeType, FlatTable type) {
        String name = typeType >= 0 && typeType < Type.names.length ? Type.name(typeType) : "type #" + typeType;
        if (type == null) {
            return name;
        }
        switch (typeType) {
            case Type.Int:
                return name + "(" + type.getInt(0, "bitWidth", 0) + ", "
                        + (type.getBool(1, "is_signed", false) ? "signed" : "unsigned") + ")";
            case Type.FloatingPoint:
                short precision = type.getShort(0, "precision", Precision.HALF);
                return name + "(" + (precision >= 0 && precision < Precision.names.length ? Precision.name(precision)
                        : "precision #" + precision) + ")";
            case Type.Timestamp:
                short unit = type.getShort(0, "unit", TimeUnit.SECOND);
                return name + "(" + (unit >= 0 && unit < TimeUnit.names.length ? TimeUnit.name(unit) : "unit #" + unit)
                        + ", " + type.string(1, "timezone") + ")";
            default:
                return name;
        }
    }

    private static String headerName(byte type) {
        return type >= 0 && type < MessageHeader.names.length ? MessageHeader.name(type) : "message of type #" + type;
    }

    private void batch(Message m) {
        int buffers = 0;
        for (Layout l : layouts) {
            buffers += l.buffers();
        }
        String what = "record batch (message " + m.number() + ")";
        long[] spans = parts(m, m.header(), what, true, buffers);
        int rows = (int) spans[0];
        int[] data = new int[layouts.length];
        Strings[] strings = new Strings[layouts.length];
        Dictionary[] used = new Dictionary[layouts.length];
        int b = 0;
        for (int c = 0; c < layouts.length; c++) {
            Layout layout = layouts[c];
            String column = what + " column '" + fields[c].name() + "'";
            allValid(column, rows, spans, b);
            switch (layout.kind()) {
                case FIXED -> data[c] = sized(column, "data", spans, b + 1, (long) rows * layout.width());
                case BITS -> data[c] = sized(column, "data", spans, b + 1, (rows + 7L) / 8);
                case UTF8 -> strings[c] = strings(column, rows, spans, b);
                case DICTIONARY -> {
                    data[c] = sized(column, "indices", spans, b + 1, (long) rows * layout.width());
                    used[c] = dictionaries.get(layout.dictionaryId());
                    if (used[c] == null) {
                        throw new FrameFormatException(column + ": its dictionary (id " + layout.dictionaryId()
                                + ") was not sent before the batch");
                    }
                    indicesWithin(column, layout, data[c], rows, used[c].size());
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
        long[] spans = parts(m, data, what, false, 3);
        int rows = (int) spans[0];
        allValid(what, rows, spans, 0);
        Strings values = strings(what, rows, spans, 0);
        Dictionary before = dictionaries.get(id);
        if (header.getBool(2, "isDelta", false)) {
            if (before == null) {
                throw new FrameFormatException(what + ": a delta to a dictionary never sent");
            }
            dictionaries.put(id, before.plus(values));
        } else {
            dictionaries.put(id, new Dictionary(List.of(values), rows));
        }
    }

    /**
     * The record batch's row count, then the absolute position and length of each buffer, after
     * checking its node and buffer counts, every node (as many rows as the batch, no nulls) and
     * every buffer (within the message's body). A batch of the frame's columns has a node per
     * column; a dictionary's batch one node.
     */
    private long[] parts(Message m, FlatTable batch, String what, boolean ofColumns, int buffers) {
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
        long[] spans = new long[1 + 2 * buffers];
        spans[0] = rows;
        for (int i = 0; i < buffers; i++) {
            long offset = batch.structLong(2, i, 16, 0);
            long length = batch.structLong(2, i, 16, 8);
            if (offset < 0 || length < 0 || offset > m.bodyLength() || length > m.bodyLength() - offset) {
                throw new FrameFormatException(what + ": buffer " + i + " at offset " + offset + " of " + length
                        + " bytes lies outside the body of " + m.bodyLength() + " bytes");
            }
            spans[1 + 2 * i] = m.body() + offset;
            spans[2 + 2 * i] = length;
        }
        return spans;
    }

    /** Where buffer {@code i} starts, after checking it holds at least {@code need} bytes. */
    private static int sized(String what, String buffer, long[] spans, int i, long need) {
        long length = spans[2 + 2 * i];
        if (length < need) {
            throw new FrameFormatException(what + ": its " + buffer + " buffer of " + length + " bytes is shorter"
                    + " than the " + need + " its " + spans[0] + " rows need");
        }
        return (int) spans[1 + 2 * i];
    }

    /**
     * Checks validity buffer {@code i}: absent (no nulls), or a bitmap of every row set. A null
     * count of 0 already said so; a bitmap that disagrees is corrupt.
     */
    private void allValid(String what, int rows, long[] spans, int i) {
        if (spans[2 + 2 * i] == 0) {
            return;
        }
        int at = sized(what, "validity", spans, i, (rows + 7L) / 8);
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
    private Strings strings(String what, int rows, long[] spans, int i) {
        // An empty array may leave out even its one offset.
        int offsets = sized(what, "offsets", spans, i + 1, rows == 0 ? 0 : 4L * (rows + 1));
        int data = (int) spans[1 + 2 * (i + 2)];
        long dataLength = spans[2 + 2 * (i + 2)];
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

    private void indicesWithin(String what, Layout layout, int at, int rows, int size) {
        for (int r = 0; r < rows; r++) {
            long index = index(layout, at, r);
            if (index < 0 || index >= size) {
                throw new FrameFormatException(what + ": dictionary index " + (layout.signed() || index >= 0
                        ? Long.toString(index) : Long.toUnsignedString(index)) + " at row " + r
                        + " is outside the dictionary's " + size + " strings");
            }
        }
    }

    private long index(Layout layout, int at, int row) {
        switch (layout.width()) {
            case 1:
                return layout.signed() ? ipc[at + row] : ipc[at + row] & 0xFF;
            case 2:
                short s = bytes.getShort(at + 2 * row);
                return layout.signed() ? s : s & 0xFFFF;
            case 4:
                int i = bytes.getInt(at + 4 * row);
                return layout.signed() ? i : Integer.toUnsignedLong(i);
            default:
                return bytes.getLong(at + 8 * row);
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
        Layout layout = layouts[c];
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

    /** A dictionary-encoded batch as schema ids, each dictionary string looked up once. */
    private void copyIndices(ArrowBuf out, int row, int c, Batch batch) {
        StringDictionary ids = fields[c].dictionary();
        Dictionary dictionary = batch.dictionaries()[c];
        int[] known = new int[dictionary.size()];
        Arrays.fill(known, -1);
        for (int r = 0; r < batch.rows(); r++) {
            int entry = (int) index(layouts[c], batch.data()[c], r);
            int id = known[entry];
            if (id < 0) {
                id = ids.idOf(entry(dictionary, entry));
                known[entry] = id;
            }
            out.setInt(4L * (row + r), id);
        }
    }

    private String entry(Dictionary dictionary, int entry) {
        int k = entry;
        for (Strings part : dictionary.parts()) {
            if (k < part.count()) {
                return string(part, k);
            }
            k -= part.count();
        }
        throw new IllegalStateException("entry " + entry + " beyond a checked dictionary of " + dictionary.size());
    }

    private String string(Strings s, int r) {
        int start = bytes.getInt(s.offsets() + 4 * r);
        int end = bytes.getInt(s.offsets() + 4 * (r + 1));
        return new String(ipc, s.data() + start, end - start, StandardCharsets.UTF_8);
    }
}
