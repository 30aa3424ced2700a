package io.streamz4j.frame;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One column's values in one Arrow vector, shared by every frame that shows it: a projection or an
 * {@code assign} retains the columns it keeps instead of copying them. The vector is closed when
 * the last frame holding the column releases it. Values are never null (missing doubles are NaN,
 * as in pandas), so the validity buffer is all ones and kernels read only the data buffer.
 *
 * <p><b>Liveness.</b> Every read of the memory ({@link #vector()}, {@link #address()}, the value
 * getters) first checks that the column is still held and otherwise throws an
 * {@link IllegalStateException} saying so, instead of Arrow's bounds errors on a closed vector. The
 * check is one read of the reference count per call; kernels take the address once per call, so no
 * per-row check is added to them. Name, type, field and row count stay readable after release:
 * they describe the column (error messages need them) and touch no off-heap memory.
 *
 * <p>Thread safety: immutable once built; retain and release may be called from any thread.
 */
public final class Column {
    private final Field field;
    private final FieldVector vector;
    private final int rows;
    /** Shared by every view of the same vector (a renamed column is such a view). */
    private final AtomicInteger refs;

    private Column(Field field, FieldVector vector, int rows, AtomicInteger refs) {
        this.field = field;
        this.vector = vector;
        this.rows = rows;
        this.refs = refs;
    }

    /**
     * A new column of {@code rows} values for the caller to fill through {@link #address()} (or the
     * vector's setters) before handing it to a frame; its one reference belongs to the caller.
     */
    public static Column allocate(Field field, int rows, BufferAllocator allocator) {
        FieldVector vector = newVector(field, allocator);
        try {
            vector.setInitialCapacity(Math.max(rows, 1));
            vector.allocateNew();
            ArrowBuf validity = vector.getValidityBuffer();
            MemoryUtil.setMemory(validity.memoryAddress(), validity.capacity(), (byte) 0xFF);
            if (field.type() == ColumnType.BOOLEAN) {
                ArrowBuf data = vector.getDataBuffer();
                MemoryUtil.setMemory(data.memoryAddress(), data.capacity(), (byte) 0);
            }
            vector.setValueCount(rows);
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
        return new Column(field, vector, rows, new AtomicInteger(1));
    }

    /**
     * {@link #allocate} for a caller that writes all {@code rows} values before anything reads
     * them (a rolling statistic's output): the data buffer is not zeroed first, a pass over the
     * column's memory that would cost as much as writing it. Boolean columns, whose bits are set
     * one by one, are zeroed as before.
     */
    public static Column allocateForOverwrite(Field field, int rows, BufferAllocator allocator) {
        if (field.type() == ColumnType.BOOLEAN) {
            return allocate(field, rows, allocator);
        }
        FieldVector vector = newVector(field, allocator);
        try (ArrowBuf validity = allocator.buffer(Math.max(1, (rows + 7) / 8));
                ArrowBuf data = allocator.buffer(Math.max(1L, (long) rows * field.type().width()))) {
            MemoryUtil.setMemory(validity.memoryAddress(), validity.capacity(), (byte) 0xFF);
            // the vector takes its own reference to both buffers; ours close with this block
            vector.loadFieldBuffers(new ArrowFieldNode(rows, 0), List.of(validity, data));
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
        return new Column(field, vector, rows, new AtomicInteger(1));
    }

    private static FieldVector newVector(Field field, BufferAllocator allocator) {
        String name = field.name();
        switch (field.type()) {
            case INT:
            case STRING:
                return new IntVector(name, allocator);
            case LONG:
                return new BigIntVector(name, allocator);
            case DOUBLE:
                return new Float8Vector(name, allocator);
            case BOOLEAN:
                return new BitVector(name, allocator);
            case TIMESTAMP:
                return new TimeStampNanoVector(name, allocator);
            default:
                throw new IllegalArgumentException("column '" + name + "': unsupported type " + field.type());
        }
    }

    public Field field() {
        return field;
    }

    public ColumnType type() {
        return field.type();
    }

    public String name() {
        return field.name();
    }

    public int rows() {
        return rows;
    }

    /** The Arrow vector, for interop; valid while the column is held. */
    public FieldVector vector() {
        requireLive();
        return vector;
    }

    /**
     * The native address of the data buffer, for kernels. Its capacity is at least
     * {@code rows * width} bytes (checked once per kernel call by {@link #checkedAddress}).
     */
    public long address() {
        requireLive();
        return vector.getDataBuffer().memoryAddress();
    }

    /** The data address after checking the buffer holds {@code rows} values of this type: the hoisted bounds check. */
    public long checkedAddress() {
        requireLive();
        ArrowBuf data = vector.getDataBuffer();
        long need = type() == ColumnType.BOOLEAN ? (rows + 7L) / 8 : (long) rows * type().width();
        if (data.capacity() < need) {
            throw new IllegalStateException("column '" + name() + "': its buffer is short (" + data.capacity()
                    + " < " + need + " bytes)");
        }
        return data.memoryAddress();
    }

    /** A value as a double (numeric and boolean columns), for slow paths and tests. */
    public double getDouble(int row) {
        check(row);
        switch (type()) {
            case DOUBLE:
                return ((Float8Vector) vector).get(row);
            case INT:
                return ((IntVector) vector).get(row);
            case LONG:
                return ((BigIntVector) vector).get(row);
            case BOOLEAN:
                return ((BitVector) vector).get(row);
            default:
                throw new IllegalArgumentException("column '" + name() + "' is " + type() + ", not numeric");
        }
    }

    /** A value as a long (integral, timestamp, boolean and string-id columns). */
    public long getLong(int row) {
        check(row);
        switch (type()) {
            case INT:
            case STRING:
                return ((IntVector) vector).get(row);
            case LONG:
                return ((BigIntVector) vector).get(row);
            case TIMESTAMP:
                return ((TimeStampNanoVector) vector).get(row);
            case BOOLEAN:
                return ((BitVector) vector).get(row);
            default:
                throw new IllegalArgumentException("column '" + name() + "' is " + type() + ", not integral");
        }
    }

    /** The value at {@code row} boxed as its Java type: Integer, Long, Double, Boolean, String, Instant-nanos Long. */
    public Object get(int row) {
        switch (type()) {
            case DOUBLE:
                return getDouble(row);
            case INT:
                return (int) getLong(row);
            case BOOLEAN:
                return getLong(row) != 0;
            case STRING:
                return field.dictionary().valueOf((int) getLong(row));
            default:
                return getLong(row);
        }
    }

    private void check(int row) {
        requireLive();
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("column '" + name() + "': row " + row + " of " + rows);
        }
    }

    /** This column shown under another name: the same memory, one more reference, owned by the caller. */
    public Column renamed(String newName) {
        retain();
        return new Column(field.renamed(newName), vector, rows, refs);
    }

    public Column retain() {
        int before = refs.getAndIncrement();
        if (before <= 0) {
            refs.getAndDecrement();
            throw released();
        }
        return this;
    }

    /** Throws unless the column is still held: the one liveness check of every read of its memory. */
    private void requireLive() {
        if (refs.get() <= 0) {
            throw released();
        }
    }

    private IllegalStateException released() {
        return new IllegalStateException("column '" + name() + "' was released (its memory is freed); a holder that"
                + " keeps a column, or the frame it came from, beyond the emit must retain() it and release() it"
                + " when done");
    }

    /** Drops one reference; the last one closes the vector and returns its memory to the allocator. */
    public void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            vector.close();
        } else if (left < 0) {
            throw new IllegalStateException("column '" + name() + "' released more often than retained");
        }
    }

    /**
     * Drops one reference to each column of {@code columns} that is not null: the columns a kernel
     * filling an array of new ones had made when it failed partway, or a frame's own when it is freed.
     */
    public static void releaseAll(Column[] columns) {
        for (Column c : columns) {
            if (c != null) {
                c.release();
            }
        }
    }

    /** Current reference count, for tests and leak reports. */
    public int refCount() {
        return refs.get();
    }
}
