package io.streamz4j.transport.scatter.wire;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.transport.scatter.RefusedMessageException;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * An Arrow frame as a wire value's payload: its schema (column count, each column's name and type,
 * then the index column if any), then the frame's Arrow IPC stream bytes (the form the
 * checkpoint-frame codec journals). The schema travels with every frame because the receiver has
 * no registration to take it from; string columns get a fresh dictionary on each side, as any
 * frame read from IPC does. Reading checks the IPC bytes in full against the schema before
 * allocating (Arrow memory taken is bounded by the message), and anything wrong is refused.
 *
 * <p>Thread safety: stateless; the allocator is Arrow's, safe to share.
 */
public final class FrameWire {
    private static final ColumnType[] TYPES = ColumnType.values();

    private FrameWire() {
    }

    public static void write(Frame frame, BufferAllocator allocator, WireWriter out) {
        Schema schema = frame.schema();
        out.putInt(schema.size());
        for (Field field : schema.columns()) {
            writeField(field, out);
        }
        Field index = schema.index();
        out.putByte((byte) (index == null ? 0 : 1));
        if (index != null) {
            writeField(index, out);
        }
        out.putBytes(frame.toIpc(allocator));
    }

    private static void writeField(Field field, WireWriter out) {
        out.putString(field.name());
        out.putByte((byte) field.type().ordinal());
    }

    /** The frame at the reader's position, owned by the caller (who releases it). */
    public static Frame read(WireReader in, BufferAllocator allocator) {
        // a column takes at least its name's length and its type: 5 bytes
        int columns = in.readLength(5, "frame column count");
        List<Field> fields = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            fields.add(readField(in));
        }
        byte hasIndex = in.readByte("frame index flag");
        if (hasIndex != 0 && hasIndex != 1) {
            throw new RefusedMessageException("frame index flag " + hasIndex + ", expected 0 or 1");
        }
        Field index = hasIndex == 1 ? readField(in) : null;
        int length = in.readLength(1, "frame IPC length");
        if (allocator == null) {
            throw new RefusedMessageException("a frame, where this side has no Arrow allocator to read frames into");
        }
        Schema schema;
        try {
            schema = Schema.of(fields, index);
        } catch (RuntimeException e) {
            throw new RefusedMessageException("frame schema " + fields + " index " + index, e);
        }
        byte[] ipc = in.readBytes(length);
        try {
            return Frame.fromIpc(schema, ipc, allocator);
        } catch (RuntimeException e) {
            throw new RefusedMessageException("frame of " + schema, e);
        }
    }

    private static Field readField(WireReader in) {
        String name = in.readString("frame column name");
        int type = in.readByte("frame column type");
        if (type < 0 || type >= TYPES.length) {
            throw new RefusedMessageException("frame column '" + name + "' has type " + type + ", not one of " + TYPES.length);
        }
        if (name.isEmpty()) {
            throw new RefusedMessageException("frame column with an empty name");
        }
        return Field.of(name, TYPES[type]);
    }
}
