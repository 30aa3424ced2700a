package io.streamz4j.frame.io;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames to and from Arrow: a {@link VectorSchemaRoot} for in-process interop and the IPC stream
 * format for bytes. Strings leave as UTF-8 {@code VarChar} (the dictionary ids mean nothing
 * outside the schema) and come back as UTF-8 or dictionary-encoded strings; the index, if any,
 * travels as the last column. Columns read from IPC are adopted without a copy.
 *
 * <p>Thread safety: stateless; call from any thread.
 */
public final class FrameIpc {
    private FrameIpc() {
    }

    public static VectorSchemaRoot toRoot(Frame frame, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(frame.width() + 1);
        try {
            for (int c = 0; c < frame.width(); c++) {
                vectors.add(exported(frame.column(c), allocator));
            }
            if (frame.index() != null) {
                vectors.add(exported(frame.index(), allocator));
            }
        } catch (RuntimeException | Error e) {
            vectors.forEach(ValueVector::close);
            throw e;
        }
        return new VectorSchemaRoot(vectors);
    }

    private static FieldVector exported(Column column, BufferAllocator allocator) {
        int rows = column.rows();
        if (column.type() == ColumnType.STRING) {
            VarCharVector out = new VarCharVector(column.name(), allocator);
            out.allocateNew(rows);
            for (int r = 0; r < rows; r++) {
                out.setSafe(r, ((String) column.get(r)).getBytes(StandardCharsets.UTF_8));
            }
            out.setValueCount(rows);
            return out;
        }
        Column copy = Column.allocate(column.field(), rows, allocator);
        long bytes = column.type() == ColumnType.BOOLEAN ? (rows + 7L) / 8 : (long) rows * column.type().width();
        MemoryUtil.copyMemory(column.checkedAddress(), copy.address(), bytes);
        return copy.vector();
    }

    public static byte[] write(Frame frame, BufferAllocator allocator) {
        try (VectorSchemaRoot root = toRoot(frame, allocator)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + frame + " as Arrow IPC", e);
        }
    }

    public static Frame read(Schema schema, byte[] ipc, BufferAllocator allocator) {
        List<Column> columns = new ArrayList<>();
        Column index = null;
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
            if (!reader.loadNextBatch()) {
                throw new IllegalArgumentException("the Arrow IPC stream holds no record batch");
            }
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            int expected = schema.size() + (schema.index() == null ? 0 : 1);
            if (root.getFieldVectors().size() != expected) {
                throw new IllegalArgumentException("the Arrow IPC batch has columns " + root.getSchema().getFields()
                        + ", schema " + schema + " needs " + expected);
            }
            for (int c = 0; c < expected; c++) {
                Field field = c < schema.size() ? schema.field(c) : schema.index();
                FieldVector vector = root.getVector(c);
                Column column = adopt(field, vector, reader, allocator);
                if (c < schema.size()) {
                    columns.add(column);
                } else {
                    index = column;
                }
            }
        } catch (IOException e) {
            columns.forEach(Column::release);
            throw new IllegalArgumentException("not a readable Arrow IPC stream: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            columns.forEach(Column::release);
            if (index != null) {
                index.release();
            }
            throw e;
        }
        return Frame.of(schema, columns, index);
    }

    private static Column adopt(Field field, FieldVector vector, ArrowStreamReader reader, BufferAllocator allocator)
            throws IOException {
        if (!vector.getField().getName().equals(field.name())) {
            throw new IllegalArgumentException("Arrow column '" + vector.getField().getName() + "' where schema "
                    + "column '" + field.name() + "' was expected");
        }
        if (vector.getNullCount() > 0) {
            throw new IllegalArgumentException("column '" + field.name() + "' holds " + vector.getNullCount()
                    + " nulls; frames hold no nulls (use NaN in double columns)");
        }
        DictionaryEncoding encoding = vector.getField().getDictionary();
        if (field.type() == ColumnType.STRING) {
            return strings(field, vector, encoding, reader, allocator);
        }
        if (encoding != null || !typeFits(field.type(), vector.getField().getType())) {
            throw new IllegalArgumentException("column '" + field.name() + "' should be " + field.type()
                    + " but the Arrow column is " + vector.getField().getType());
        }
        FieldVector owned = (FieldVector) vector.getTransferPair(allocator).getTo();
        vector.makeTransferPair(owned).transfer();
        return Column.adopt(field, owned);
    }

    private static Column strings(Field field, FieldVector vector, DictionaryEncoding encoding,
            ArrowStreamReader reader, BufferAllocator allocator) throws IOException {
        ValueVector decoded = vector;
        if (encoding != null) {
            Dictionary dictionary = reader.getDictionaryVectors().get(encoding.getId());
            decoded = DictionaryEncoder.decode(vector, dictionary, allocator);
        }
        try {
            if (!(decoded instanceof VarCharVector text)) {
                throw new IllegalArgumentException("column '" + field.name() + "' should be STRING but the Arrow "
                        + "column is " + vector.getField().getType());
            }
            int rows = text.getValueCount();
            Column column = Column.allocate(field, rows, allocator);
            IntVector ids = (IntVector) column.vector();
            for (int r = 0; r < rows; r++) {
                ids.set(r, field.dictionary().idOf(new String(text.get(r), StandardCharsets.UTF_8)));
            }
            return column;
        } finally {
            if (decoded != vector) {
                decoded.close();
            }
        }
    }

    private static boolean typeFits(ColumnType type, ArrowType arrow) {
        switch (type) {
            case INT:
                return arrow.equals(new ArrowType.Int(32, true));
            case LONG:
                return arrow.equals(new ArrowType.Int(64, true));
            case DOUBLE:
                return arrow.equals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            case BOOLEAN:
                return arrow instanceof ArrowType.Bool;
            case TIMESTAMP:
                return arrow.equals(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
            default:
                return false;
        }
    }
}
