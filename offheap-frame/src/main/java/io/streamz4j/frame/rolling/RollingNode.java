package io.streamz4j.frame.rolling;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.core.HoldsElements;
import io.streamz4j.core.KeepsState;
import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.BitKernels;
import io.streamz4j.frame.kernel.Gather;
import io.streamz4j.frame.kernel.Values;
import io.streamz4j.frame.window.OutOfOrder;
import io.streamz4j.runtime.EventLoop;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The node of a rolling aggregation (streamz's {@code rolling_accumulator}, without its
 * recomputation): for every frame it emits a frame of the same rows and index whose columns are
 * the rolling statistic ending at each row, as pandas' {@code df.rolling(window).op()} gives for
 * those rows. Rows leave after {@code n} more rows, or once their index is {@code span} or more
 * before the row's.
 *
 * <p>The frame is processed column by column: where each row's window starts is worked out
 * first (from the row count or the index), then each column's {@link ColumnRoller} rolls the
 * whole frame: prefix sums for sum, mean, var, std and count, a ring of values feeding an
 * incremental structure for the order statistics. Nothing is recomputed over a window.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; its state is confined to it.
 * The state (the rows still in a window) is what a checkpoint snapshots ({@link KeepsState}); as
 * {@link HoldsElements} the node tells a checkpoint which elements' references those rows hold.
 */
public final class RollingNode extends Stream<Frame> implements KeepsState, HoldsElements {
    private final long rowsWindow;
    private final long spanNanos;
    private final int minPeriods;
    private final String[] columns;
    private final ColumnRoller[] rollers;
    private final Schema resultSchema;
    private final BufferAllocator allocator;
    private final OutOfOrder policy;
    private final String description;
    private long[] times;
    private long added;
    private long head;
    private long latest = Long.MIN_VALUE;
    private long dropped;
    private final WindowStarts starts = new WindowStarts();
    /**
     * With state kept ({@code Rolling.withState()}): the frames still holding rows some later
     * window can reach, retained, with their first arrival number and their element's metadata
     * (retained once, so a checkpoint does not pass an element some window still reaches unless
     * the node is snapshotted); null otherwise.
     */
    private final ArrayDeque<Held> held;

    private record Held(Frame frame, long first, List<Map<String, Object>> metadata) {
        void release() {
            frame.release();
            Metadata.release(metadata, 1);
        }
    }

    RollingNode(Stream<Frame> upstream, long rowsWindow, long spanNanos, int minPeriods, String[] columns,
            ColumnRoller[] rollers, Schema resultSchema, BufferAllocator allocator, OutOfOrder policy,
            String description, boolean keepState, RollingState start) {
        super(null, upstream);
        this.rowsWindow = rowsWindow;
        this.spanNanos = spanNanos;
        this.minPeriods = minPeriods;
        this.columns = columns;
        this.rollers = rollers;
        this.resultSchema = resultSchema;
        this.allocator = allocator;
        this.policy = policy;
        this.description = description;
        this.times = spanNanos > 0 ? new long[16] : null;
        this.held = keepState ? new ArrayDeque<>() : null;
        if (start != null) {
            replay(start);
        }
    }

    /** The saved rows rebuild every roller's running structure; their results were emitted before. */
    private void replay(RollingState saved) {
        for (Frame f : saved.frames()) {
            process(f, Metadata.NONE).release();
        }
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame in)) {
            throw new IllegalArgumentException(this + ": expected a Frame, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        Frame out = process(in, metadata);
        try {
            emitDownstream(out, metadata);
        } finally {
            out.release();
        }
    }

    /** Rolls one frame: checked, late rows handled, then its result frame (owned by the caller). */
    private Frame process(Frame in, List<Map<String, Object>> metadata) {
        for (int c = 0; c < columns.length; c++) {
            ColumnType t = in.schema().field(columns[c]).type();
            if (!t.isReducible() && !(rollers[c] instanceof PrefixCount)) {
                throw new IllegalArgumentException(this + ": column '" + columns[c] + "' is " + t
                        + ", not numeric or boolean");
            }
        }
        Frame frame = spanNanos > 0 ? inOrder(in) : in.retain();
        try {
            Frame out = roll(frame);
            hold(frame, metadata);
            return out;
        } finally {
            frame.release();
        }
    }

    /** Keeps a reference to {@code frame} (its rows were the last to arrive) and lets go of frames no window reaches. */
    private void hold(Frame frame, List<Map<String, Object>> metadata) {
        if (held == null) {
            return;
        }
        if (frame.rows() > 0) {
            Metadata.retain(metadata, 1);
            held.addLast(new Held(frame.retain(), added - frame.rows(), metadata));
        }
        while (!held.isEmpty() && held.peekFirst().first() + held.peekFirst().frame().rows() <= head) {
            held.pollFirst().release();
        }
    }

    /**
     * Puts back a state {@link #snapshot()} saved (a restart's): its rows rebuild the running
     * structures, holding no element references (the checkpoint covers them). Only before the
     * first frame, on the thread that will emit into this node; the state stays the caller's.
     */
    public void restore(RollingState saved) {
        if (saved == null) {
            throw new IllegalArgumentException(this + ": parameter 'saved' must not be null");
        }
        if (added > 0) {
            throw new IllegalStateException(this + ": a state can only be restored before the first frame; "
                    + added + " rows arrived already");
        }
        replay(saved);
    }

    /** The metadata of the elements whose rows a later window can still reach, oldest first; new list. */
    @Override
    public List<Map<String, Object>> heldMetadata() {
        if (held == null) {
            return Metadata.NONE;
        }
        List<List<Map<String, Object>>> parts = new ArrayList<>(held.size());
        for (Held h : held) {
            parts.add(h.metadata());
        }
        return Metadata.flatten(parts);
    }

    /** The loop running the node when it sits below a time-based node; else none. */
    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    /**
     * The rows a later window can still reach, retained for the caller (the first frame cut where
     * the reach starts): give it to {@code Rolling.start} to resume elsewhere. Call it on the
     * thread that emits into this node, between frames; only a node built {@code withState()}
     * keeps what it needs.
     */
    public RollingState snapshot() {
        requireKeptState();
        List<Frame> frames = new ArrayList<>(held.size());
        for (Held h : held) {
            int skip = (int) Math.max(0, head - h.first());
            frames.add(skip == 0 ? h.frame().retain()
                    : Gather.range(h.frame(), skip, h.frame().rows() - skip, allocator));
        }
        return new RollingState(frames);
    }

    /** Throws unless this node was built {@code withState()}, so that it keeps what {@link #snapshot} saves. */
    public void requireKeptState() {
        if (held == null) {
            throw new IllegalStateException(this + ": no state kept to save; build the rolling aggregation with"
                    + " Rolling.withState()");
        }
    }

    /** The rolling node behind a DataFrame made by a {@link Rolling} aggregation, for {@link #snapshot}. */
    public static RollingNode of(DataFrame rolled) {
        Stream<?> s = rolled == null ? null : rolled.stream().upstream();
        if (!(s instanceof RollingNode node)) {
            throw new IllegalArgumentException("RollingNode.of: " + rolled + " was not made by a rolling aggregation");
        }
        return node;
    }

    @Override
    protected void onDestroy() {
        if (held != null) {
            held.forEach(Held::release);
            held.clear();
        }
    }

    /** The frame without rows older than the latest index (pandas needs a monotonic index), or a refusal. */
    private Frame inOrder(Frame in) {
        Column index = in.index();
        long a = index.checkedAddress();
        int n = in.rows();
        long running = latest;
        int[] keep = null;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long t = Values.loadLong(index.type(), a, i);
            if (t < running) {
                if (policy == OutOfOrder.REJECT) {
                    throw new IllegalArgumentException(this + ": row " + i + " has index " + t
                            + ", older than the latest index " + running + " (a rolling window over time needs a"
                            + " monotonic index); the frame is refused (choose OutOfOrder.DROP to drop and count"
                            + " such rows)");
                }
                if (keep == null) {
                    keep = new int[n];
                    for (int j = 0; j < i; j++) {
                        keep[j] = j;
                    }
                    kept = i;
                }
                continue;
            }
            if (keep != null) {
                keep[kept++] = i;
            }
            running = t;
        }
        if (keep == null) {
            return in.retain();
        }
        dropped += n - kept;
        return Gather.rows(in, keep, kept, allocator);
    }

    private Frame roll(Frame frame) {
        int n = frame.rows();
        long first = added;
        ensureCapacity(n);
        windowStarts(frame, n);
        Column[] out = new Column[columns.length];
        try {
            for (int c = 0; c < columns.length; c++) {
                out[c] = Column.allocateForOverwrite(resultSchema.field(c), n, allocator);
                Column values = frame.column(columns[c]);
                if (values.type() == ColumnType.BOOLEAN) {
                    rollBooleans(c, values, first, n, out[c].address());
                } else if (!values.type().isReducible()) {
                    countRows(c, first, n, out[c].address());
                } else {
                    rollers[c].roll(values.type(), values.checkedAddress(), first, head, starts, n, minPeriods,
                            out[c].address());
                }
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        added = first + n;
        head = n > 0 ? starts.at(n - 1) : head;
        return Frame.replacing(resultSchema, out, frame.index() == null ? null : frame.index().retain());
    }

    /** Rolls a BOOLEAN column as pandas does, as its 0.0/1.0 doubles, made once for the frame. */
    private void rollBooleans(int c, Column values, long first, int n, long out) {
        Column doubles = BitKernels.asDoubles(values, allocator);
        try {
            rollers[c].roll(ColumnType.DOUBLE, doubles.checkedAddress(), first, head, starts, n, minPeriods, out);
        } finally {
            doubles.release();
        }
    }

    /**
     * Counts a string or timestamp column: a frame has no missing values, so each of its rows
     * counts, as a column of zeros (present, never NaN) counts them.
     */
    private void countRows(int c, long first, int n, long out) {
        Column zeros = Column.allocateForOverwrite(Field.of(columns[c], ColumnType.DOUBLE), n, allocator);
        try {
            MemoryUtil.setMemory(zeros.address(), 8L * n, (byte) 0);
            rollers[c].roll(ColumnType.DOUBLE, zeros.address(), first, head, starts, n, minPeriods, out);
        } finally {
            zeros.release();
        }
    }

    /** Where each row's window starts (as an arrival number), from the row count or the index. */
    private void windowStarts(Frame frame, int n) {
        if (spanNanos <= 0) {
            starts.ofRows(rowsWindow, head, added, n);
            return;
        }
        long[] headAfter = starts.toFill(n);
        Column index = frame.index();
        long a = index.checkedAddress();
        int mask = times.length - 1;
        long h = head;
        for (int i = 0; i < n; i++) {
            long t = Values.loadLong(index.type(), a, i);
            long seq = added + i;
            times[(int) (seq & mask)] = t;
            while (times[(int) (h & mask)] <= t - spanNanos) {
                h++;
            }
            headAfter[i] = h;
            latest = t;
        }
    }

    /** Makes the ring of index values hold every row still in the window plus a whole frame of {@code n}. */
    private void ensureCapacity(int n) {
        long need = added + n - head + 1;
        if (times == null || need <= times.length) {
            return;
        }
        int capacity = times.length;
        int next = capacity;
        while (next < need) {
            next <<= 1;
        }
        long[] grown = new long[next];
        for (long s = head; s < added; s++) {
            grown[(int) (s & (next - 1))] = times[(int) (s & (capacity - 1))];
        }
        times = grown;
    }

    /** Rows left out as late under {@link OutOfOrder#DROP}. */
    public long droppedRows() {
        return dropped;
    }

    /** Rows in the window now. */
    public long rows() {
        return added - head;
    }

    @Override
    protected String kind() {
        return "rolling";
    }

    @Override
    protected String parameter() {
        return description;
    }
}
