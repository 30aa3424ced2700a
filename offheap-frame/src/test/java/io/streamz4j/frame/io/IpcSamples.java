package io.streamz4j.frame.io;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.DictionaryUtility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Valid Arrow IPC streams of one schema, as frames write them and as other Arrow writers may:
 * the inputs the IPC tests read and mutate.
 */
final class IpcSamples {
    /** Every column type a frame holds, and a time index. */
    static final Schema SCHEMA = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("n", ColumnType.LONG).add("ok", ColumnType.BOOLEAN).add("k", ColumnType.INT)
            .index("time", ColumnType.TIMESTAMP).build();

    private static final String[] NAMES = {"Alice", "Bob", "", "é", "日本", "\uD83D\uDE00"};

    private IpcSamples() {
    }

    /** A frame of {@code rows} rows of varied values (NaN among the doubles), written by {@link Frame#toIpc}. */
    static byte[] written(int rows, BufferAllocator allocator) {
        List<Object[]> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            data.add(new Object[] {NAMES[r % NAMES.length], r % 5 == 4 ? Double.NaN : r * 1.25, (long) r * r - 7,
                    r % 3 == 0, r - 2, 1_000L * r});
        }
        try (Frame f = Frame.fromRows(SCHEMA, data, allocator)) {
            return f.toIpc(allocator);
        }
    }

    /** The records the stream of {@link #dictionaryEncoded} holds. */
    static List<Map<String, Object>> dictionaryEncodedRecords() {
        String[] names = {"Alice", "Bob", "Alice", "Carol", "Bob"};
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r = 0; r < names.length; r++) {
            out.add(Map.of("time", 10L * r, "name", names[r], "x", r + 0.5, "n", (long) -r, "ok", r % 2 == 0,
                    "k", r));
        }
        return out;
    }

    /**
     * Another writer's stream: strings dictionary-encoded with 16-bit indices, two record batches
     * (3 and 2 rows), and a delta extending the dictionary between them.
     */
    static byte[] dictionaryEncoded(BufferAllocator allocator) {
        DictionaryEncoding encoding = new DictionaryEncoding(7, false, new ArrowType.Int(16, true));
        List<org.apache.arrow.vector.types.pojo.Field> fields = List.of(
                new org.apache.arrow.vector.types.pojo.Field("name",
                        new FieldType(false, new ArrowType.Int(16, true), encoding), null),
                notNull("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                notNull("n", new ArrowType.Int(64, true)), notNull("ok", ArrowType.Bool.INSTANCE),
                notNull("k", new ArrowType.Int(32, true)), notNull("time", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VarCharVector values = new VarCharVector("name-values", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(fields),
                        allocator)) {
            WriteChannel channel = new WriteChannel(Channels.newChannel(out));
            strings(values, "Alice", "Bob");
            DictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(new Dictionary(values, encoding));
            List<org.apache.arrow.vector.types.pojo.Field> message = new ArrayList<>();
            for (org.apache.arrow.vector.types.pojo.Field f : fields) {
                message.add(DictionaryUtility.toMessageFormat(f, provider, new HashSet<>()));
            }
            MessageSerializer.serialize(channel, new org.apache.arrow.vector.types.pojo.Schema(message));
            dictionary(channel, values, false);
            batch(channel, root, 0, new short[] {0, 1, 0});
            strings(values, "Carol");
            dictionary(channel, values, true);
            batch(channel, root, 3, new short[] {2, 1});
            ArrowStreamWriter.writeEndOfStream(channel, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Another writer's valid stream whose double column holds a null: no frame, as frames hold none. */
    static byte[] withNulls(BufferAllocator allocator) {
        try (Frame f = Frame.fromRows(SCHEMA, List.<Object[]>of(new Object[] {"a", 1.0, 2L, true, 3, 4L},
                new Object[] {"b", 5.0, 6L, false, 7, 8L}), allocator);
                VectorSchemaRoot root = f.toVectorSchemaRoot(allocator)) {
            ((Float8Vector) root.getVector("x")).setNull(1);
            return FrameIpc.write(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static org.apache.arrow.vector.types.pojo.Field notNull(String name, ArrowType type) {
        return org.apache.arrow.vector.types.pojo.Field.notNullable(name, type);
    }

    private static void strings(VarCharVector vector, String... values) {
        vector.allocateNew();
        for (int i = 0; i < values.length; i++) {
            vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
        vector.setValueCount(values.length);
    }

    private static void dictionary(WriteChannel channel, VarCharVector values, boolean delta) throws IOException {
        try (VectorSchemaRoot one = new VectorSchemaRoot(List.of((FieldVector) values));
                ArrowRecordBatch batch = new VectorUnloader(one).getRecordBatch()) {
            MessageSerializer.serialize(channel, new ArrowDictionaryBatch(7, batch, delta));
        }
    }

    /** Rows {@code first..} of {@link #dictionaryEncodedRecords} as one record batch. */
    private static void batch(WriteChannel channel, VectorSchemaRoot root, int first, short[] names)
            throws IOException {
        root.allocateNew();
        for (int i = 0; i < names.length; i++) {
            int r = first + i;
            ((SmallIntVector) root.getVector("name")).set(i, names[i]);
            ((Float8Vector) root.getVector("x")).set(i, r + 0.5);
            ((BigIntVector) root.getVector("n")).set(i, -r);
            ((BitVector) root.getVector("ok")).set(i, r % 2 == 0 ? 1 : 0);
            ((IntVector) root.getVector("k")).set(i, r);
            ((TimeStampNanoVector) root.getVector("time")).set(i, 10L * r);
        }
        root.setRowCount(names.length);
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
            MessageSerializer.serialize(channel, batch);
        }
    }
}
