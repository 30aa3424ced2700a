package io.streamz4j.frame.io;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

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
 * travels as the last column. Reading is {@link IpcDecoder}'s: it checks the bytes before
 * allocating anything, as bytes from a journal or a socket may be corrupt.
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
            return write(root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + frame + " as Arrow IPC", e);
        }
    }

    /** {@code root}'s one batch as an Arrow IPC stream, written by Arrow's own stream writer. */
    static byte[] write(VectorSchemaRoot root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        return out.toByteArray();
    }

    public static Frame read(Schema schema, byte[] ipc, BufferAllocator allocator) {
        return IpcDecoder.read(schema, ipc, allocator);
    }
}
