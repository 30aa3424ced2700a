package io.streamz4j.frame;

import io.streamz4j.frame.expr.RangeIndex;
import io.streamz4j.frame.expr.RowFilter;
import io.streamz4j.frame.io.FrameBuilder;
import io.streamz4j.frame.io.FrameFormatException;
import io.streamz4j.frame.io.FrameIpc;
import io.streamz4j.frame.io.FrameJson;
import io.streamz4j.frame.kernel.Gather;
import io.streamz4j.frame.kernel.MaskedKernels;
import io.streamz4j.frame.node.FrameRefs;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable batch of rows held off the Java heap in Arrow vectors, with a {@link Schema}: the
 * unit a streaming {@link DataFrame} moves, as a pandas DataFrame is in streamz.
 *
 * <p><b>Ownership.</b> A frame is born with one reference, owned by whoever made it. Frames ride
 * the discipline of streamz's metadata refs: a frame emitted into a stream is lent to every node
 * for the duration of that {@code update} call; a node that keeps it longer (a window, a
 * sink that collects) calls {@link #retain()} and later {@link #release()}; the node that made it
 * releases its own reference once {@code emit} returns. Inside a pipeline this is automatic: the
 * DataFrame entry and every frame-making node emit a frame with a metadata ref ({@link FrameRefs})
 * that engine holding nodes (buffer, sliding_window, partition, zip) retain while they hold it;
 * {@link RetainedFrames} is the sink that keeps frames. When the count reaches zero every column
 * the frame holds is released, and a column's vector is closed when no frame shows it any more,
 * returning the memory to the {@link BufferAllocator} (whose close reports any leak).
 *
 * <p><b>Selections.</b> A boolean filter ({@code df[mask]}) gives a frame that holds a selection
 * over its source's columns instead of copies: the source frame (retained) and the mask (a BOOLEAN
 * column over the source's rows). Reductions and groupby read the source columns through the mask
 * ({@link #unfiltered()}, {@link #selectionMask()}); anything that asks for a column of the frame
 * itself gets it gathered into new Arrow buffers on first use, and kept (released with the frame).
 * A filter of comparisons with numbers ({@link #filtered}) does not even build the mask: it keeps
 * the comparisons ({@link #selectionFilter()}), which reductions evaluate in their own pass over
 * the source's buffers; the mask and the row count are computed on first use.
 * The cost is that a selection keeps its whole source alive while it is held.
 *
 * <p><b>Liveness.</b> Every public read of a frame (its rows, columns, index, selection, records,
 * exports, derived frames) first checks that the frame is still held, and throws an
 * {@link IllegalStateException} saying it was released and how to keep it otherwise, instead of
 * Arrow's errors on freed memory. The check is one read of the reference count per call, never per
 * row: kernels ask for a column (or its address) once and then loop. {@link #schema()},
 * {@link #width()}, {@link #refCount()} and {@link #toString()} stay usable, for messages.
 *
 * <p>Thread safety: the data is immutable; retain and release may be called from any thread. A
 * selection gathers each column once under its own lock and publishes it with release/acquire
 * ordering, so readers on any thread see the gathered data.
 */
public final class Frame implements AutoCloseable {
    private static final VarHandle COLUMN = MethodHandles.arrayElementVarHandle(Column[].class);
    private final Schema schema;
    /** A selection's columns are null until gathered. */
    private final Column[] columns;
    private volatile Column index;
    /** The row count; for a filtered selection, -1 until counted (then in {@link #countedRows}). */
    private final int rows;
    private volatile int countedRows = -1;
    private final AtomicInteger refs = new AtomicInteger(1);
    /**
     * For a selection: the frame whose rows it picks (retained), the mask over them (built from the
     * filter on first use when there is one), and where gathered columns go.
     */
    private final Frame source;
    private volatile Column mask;
    private final RowFilter filter;
    private final BufferAllocator allocator;
    private int[] selectedRows;

    private Frame(Schema schema, Column[] columns, Column index, int rows) {
        this(schema, columns, index, rows, null, null, null, null);
    }

    private Frame(Schema schema, Column[] columns, Column index, int rows, Frame source, Column mask,
            RowFilter filter, BufferAllocator allocator) {
        this.schema = schema;
        this.columns = columns;
        this.index = index;
        this.rows = rows;
        this.source = source;
        this.mask = mask;
        this.filter = filter;
        this.allocator = allocator;
    }

    /**
     * The rows of {@code base} whose bit is set in {@code mask} (a BOOLEAN column of base's length,
     * with {@code count} bits set), as a selection that shares base's columns: base is retained,
     * the mask's reference is taken over (released also when this throws). Every row selected
     * gives base itself, retained, if base has an index, and otherwise base's columns with its row
     * numbers as labels; base must not itself be a selection (AND the masks instead). A selection
     * from a base without an index keeps the base's row numbers as its labels ({@link RangeLabels}),
     * as pandas keeps a filtered RangeIndex's labels.
     */
    public static Frame selecting(Frame base, Column mask, int count, BufferAllocator allocator) {
        try {
            base.requireLive();
            if (base.source != null) {
                throw new IllegalArgumentException("selecting from a selection: combine the masks over "
                        + "frame.unfiltered() instead");
            }
            if (mask.type() != ColumnType.BOOLEAN || mask.rows() != base.rows || count < 0 || count > base.rows) {
                throw new IllegalArgumentException("a selection needs a BOOLEAN mask of " + base.rows + " rows and a count"
                        + " within them, got '" + mask.name() + "' (" + mask.type() + ", " + mask.rows() + " rows), count "
                        + count);
            }
        } catch (RuntimeException e) {
            mask.release();
            throw e;
        }
        if (count == base.rows) {
            mask.release();
            return base.schema.index() != null ? base.retain() : base.labelled(allocator);
        }
        return new Frame(RangeLabels.labelled(base.schema), new Column[base.columns.length], null, count, base.retain(),
                mask, null, allocator);
    }

    /**
     * The rows of {@code base} that {@code filter} keeps, as a selection that keeps the filter, not
     * a mask: reductions evaluate it fused with their pass ({@link #selectionFilter()}), and the
     * mask and row count are computed only when asked for; labelled as {@link #selecting} is. base is retained and must not itself be
     * a selection (AND the filters instead).
     */
    public static Frame filtered(Frame base, RowFilter filter, BufferAllocator allocator) {
        base.requireLive();
        if (base.source != null) {
            throw new IllegalArgumentException("filtering a selection: combine the filters over "
                    + "frame.unfiltered() instead");
        }
        return new Frame(RangeLabels.labelled(base.schema), new Column[base.columns.length], null, -1, base.retain(), null,
                filter, allocator);
    }

    /** This frame's columns (shared) with its row numbers 0..rows-1 as a LONG index, for a frame without one. */
    private Frame labelled(BufferAllocator allocator) {
        Column[] shared = new Column[columns.length];
        for (int c = 0; c < shared.length; c++) {
            shared[c] = columns[c].retain();
        }
        return new Frame(RangeLabels.labelled(schema), shared, RangeLabels.range(0, rows, allocator), rows);
    }

    /** The frame whose columns this one reads: its source for a selection, itself otherwise. */
    public Frame unfiltered() {
        requireLive();
        return source != null ? source : this;
    }

    /**
     * For a selection, the BOOLEAN mask over {@link #unfiltered()}'s rows (built now, once, if the
     * selection was made from a filter); null for a plain frame.
     */
    public Column selectionMask() {
        requireLive();
        Column m = mask;
        return m != null || source == null ? m : builtMask();
    }

    private synchronized Column builtMask() {
        if (mask == null) {
            requireLive();
            mask = filter.mask(source, allocator);
        }
        return mask;
    }

    /**
     * For a selection made by {@link #filtered}, its filter over {@link #unfiltered()}'s columns,
     * which a reduction may evaluate in its own pass instead of reading {@link #selectionMask()};
     * null otherwise.
     */
    public RowFilter selectionFilter() {
        requireLive();
        return filter;
    }

    /** Throws unless the frame is still held: the one liveness check of every public read. */
    private void requireLive() {
        if (refs.get() <= 0) {
            throw released();
        }
    }

    private IllegalStateException released() {
        return new IllegalStateException("frame " + schema + " was released (its memory is freed); a holder that"
                + " keeps a frame beyond the emit must retain() it and release() it when done");
    }

    /**
     * A frame over these columns, taking over the caller's reference to each (also when it throws:
     * then they are released). Every column must have {@code schema}'s field and the same length.
     */
    public static Frame of(Schema schema, List<Column> columns, Column index) {
        Column[] cols = columns.toArray(new Column[0]);
        try {
            if (cols.length != schema.size()) {
                throw new IllegalArgumentException("schema " + schema + " has " + schema.size() + " columns, got "
                        + cols.length);
            }
            int rows = index != null ? index.rows() : cols.length > 0 ? cols[0].rows() : 0;
            for (int i = 0; i < cols.length; i++) {
                Field want = schema.field(i);
                if (!want.equals(cols[i].field())) {
                    throw new IllegalArgumentException("column " + i + " should be " + want + ", got " + cols[i].field());
                }
                if (cols[i].rows() != rows) {
                    throw new IllegalArgumentException("column '" + want.name() + "' has " + cols[i].rows()
                            + " rows, the frame " + rows);
                }
            }
            if ((index == null) != (schema.index() == null)
                    || (index != null && !index.field().equals(schema.index()))) {
                throw new IllegalArgumentException("index should be " + schema.index() + ", got "
                        + (index == null ? null : index.field()));
            }
            return new Frame(schema, cols, index, rows);
        } catch (RuntimeException e) {
            for (Column c : cols) {
                c.release();
            }
            if (index != null) {
                index.release();
            }
            throw e;
        }
    }

    /** A frame of Java rows, one Object[] per row in schema order (index value last, if any). */
    public static Frame fromRows(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
        return FrameBuilder.fromRows(schema, rows, allocator);
    }

    /** A frame of records (column name to value), as JSON objects become through Jackson. */
    public static Frame fromRecords(Schema schema, List<? extends Map<String, ?>> records, BufferAllocator allocator) {
        return FrameBuilder.fromRecords(schema, records, allocator);
    }

    /** A frame of JSON objects, one per string (line-delimited JSON), parsed with Jackson. */
    public static Frame fromJson(Schema schema, List<String> jsonObjects, BufferAllocator allocator) {
        return FrameJson.fromJson(schema, jsonObjects, allocator);
    }

    /**
     * A frame read from Arrow IPC stream bytes, checked against {@code schema}: the schema message,
     * then record batches (read into one frame, in order) and the dictionaries of dictionary-encoded
     * string columns, then the end-of-stream marker. Strings may be UTF-8 or dictionary-encoded UTF-8.
     * The bytes are checked in full before anything is allocated, so memory taken is bounded by the
     * input's size, and nothing is left allocated when the read fails.
     *
     * @throws FrameFormatException if the bytes are not such a stream (corrupt, cut short, another
     *     schema, nulls, compressed or big-endian buffers); its message names what is wrong
     */
    public static Frame fromIpc(Schema schema, byte[] ipc, BufferAllocator allocator) {
        return FrameIpc.read(schema, ipc, allocator);
    }

    /** This frame as Arrow IPC stream bytes (strings as UTF-8, the index as a last column). */
    public byte[] toIpc(BufferAllocator allocator) {
        requireLive();
        return FrameIpc.write(this, allocator);
    }

    /** A new VectorSchemaRoot with copies of this frame's data, owned (and to be closed) by the caller. */
    public VectorSchemaRoot toVectorSchemaRoot(BufferAllocator allocator) {
        requireLive();
        return FrameIpc.toRoot(this, allocator);
    }

    public Schema schema() {
        return schema;
    }

    public int rows() {
        requireLive();
        if (rows >= 0) {
            return rows;
        }
        int counted = countedRows;
        return counted >= 0 ? counted : countRows();
    }

    private synchronized int countRows() {
        if (countedRows < 0) {
            Column m = mask;
            countedRows = m != null ? MaskedKernels.count(m) : filter.count(source);
        }
        return countedRows;
    }

    public int width() {
        return columns.length;
    }

    public Column column(int position) {
        requireLive();
        Column c = (Column) COLUMN.getAcquire(columns, position);
        return c != null ? c : gathered(position);
    }

    /** A selection's column, gathered once. */
    private synchronized Column gathered(int position) {
        Column c = columns[position];
        if (c == null) {
            c = gather(source.column(position));
            COLUMN.setRelease(columns, position, c);
        }
        return c;
    }

    /** A selection's rows of one of its source's columns: the column itself when every row is kept. */
    private Column gather(Column all) {
        int n = rows();
        return n == source.rows() ? all.retain() : Gather.column(all, selectedRows(), n, allocator);
    }

    private int[] selectedRows() {
        if (selectedRows == null) {
            selectedRows = new int[source.rows()];
            Gather.selected(selectionMask(), selectedRows);
        }
        return selectedRows;
    }

    /** The column {@code name}; an IllegalArgumentException naming it if the frame has none. */
    public Column column(String name) {
        return column(schema.position(name));
    }

    /**
     * The index column, or null for the default range index 0..rows-1. A selection's is gathered
     * on first use: its source's index at the selected rows, or the selected row numbers if the
     * source has none.
     */
    public Column index() {
        requireLive();
        Column c = index;
        if (c == null && source != null) {
            c = gatheredIndex();
        }
        return c;
    }

    private synchronized Column gatheredIndex() {
        if (index == null) {
            requireLive();
            Column labels = source.index();
            index = labels != null ? gather(labels) : RangeLabels.of(selectedRows(), rows(), allocator);
        }
        return index;
    }

    /** Only these columns (shared, not copied), with the same index; owned by the caller. */
    public Frame select(List<String> names) {
        requireLive();
        Schema picked = schema.select(names);
        List<Column> kept = new ArrayList<>(names.size());
        for (String n : names) {
            kept.add(column(n).retain());
        }
        return of(picked, kept, retained(index()));
    }

    /** This frame with {@code column} added or replacing the one of its name; takes over its reference. */
    public Frame with(Column column) {
        if (refs.get() <= 0) {
            column.release();
            throw released();
        }
        if (column.rows() != rows()) {
            column.release();
            throw new IllegalArgumentException("column '" + column.name() + "' has " + column.rows()
                    + " rows, the frame " + rows());
        }
        Schema next = schema.with(column.field());
        List<Column> kept = new ArrayList<>(next.size());
        for (Field f : next.columns()) {
            kept.add(f.name().equals(column.name()) ? column : column(f.name()).retain());
        }
        return of(next, kept, retained(index()));
    }

    /** These columns and this index (null: range index) as a new frame; takes over the references given. */
    public static Frame replacing(Schema schema, Column[] columns, Column index) {
        return of(schema, Arrays.asList(columns), index);
    }

    private static Column retained(Column c) {
        return c == null ? null : c.retain();
    }

    /** Adds a reference; returns this frame. Fails if the frame was already freed. */
    public Frame retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.getAndDecrement();
            throw released();
        }
        return this;
    }

    /** Drops a reference; the last one releases the columns (and so, perhaps, their memory). */
    public void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            releaseHeld();
        } else if (left < 0) {
            throw new IllegalStateException("frame " + schema + " released more often than retained");
        }
    }

    private synchronized void releaseHeld() {
        Column.releaseAll(columns);
        if (index != null) {
            index.release();
        }
        if (source != null) {
            if (mask != null) {
                mask.release();
            }
            source.release();
        }
    }

    /** Same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    public int refCount() {
        return refs.get();
    }

    /** The rows as ordered maps of boxed values, the index under its name (tests, printing). */
    public List<Map<String, Object>> toRecords() {
        int n = rows();
        List<Map<String, Object>> out = new ArrayList<>(n);
        Column idx = index();
        for (int r = 0; r < n; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (idx != null) {
                row.put(idx.name(), idx.get(r));
            }
            for (int c = 0; c < columns.length; c++) {
                Column col = column(c);
                row.put(col.name(), col.get(r));
            }
            out.add(row);
        }
        return out;
    }

    /** The values of column {@code name} as doubles (tests and slow paths). */
    public double[] doubles(String name) {
        requireLive();
        Column c = column(name);
        int n = rows();
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = c.getDouble(r);
        }
        return out;
    }

    @Override
    public String toString() {
        // never throws, so a released frame can still be logged and named in messages
        return refs.get() > 0 ? "Frame(" + rows() + " rows, " + schema + ")" : "Frame(released, " + schema + ")";
    }
}
