package io.streamz4j.frame.window;

import io.streamz4j.Metadata;
import io.streamz4j.frame.Column;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.kernel.Gather;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The rows a window holds, as a deque of references to the frames they arrived in (retained on
 * entry, released when their last row leaves), streamz's list of {@code dfs}. A frame whose first
 * rows left keeps an offset instead of being copied. Each entry also holds its element's
 * references (its metadata retained once on entry, released when its last row leaves or the
 * window closes), so an element counts as in flight while any of its rows is in the window, as
 * the engine's sliding window does (an element is done, and a checkpoint may pass it, only once
 * it has left every node). {@link #evict} hands back what left as frames
 * (the head frame itself when it left whole, a copy of the leaving rows otherwise), for the
 * aggregation's {@code onOld}. Over a span, a row leaves once its index is at most
 * {@code latest - span + 1ns} (streamz's {@code diff_loc}); rows arriving already older than that
 * bound are handled by the {@link OutOfOrder} policy in {@link #admit}.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
public final class FrameWindow implements AutoCloseable {
    private final WindowSpec spec;
    private final OutOfOrder policy;
    private final BufferAllocator allocator;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long rows;
    private long latest = Long.MIN_VALUE;
    private long dropped;

    /** One held frame: its rows {@code [from, frame.rows())} are in the window. */
    private static final class Entry {
        Frame frame;
        int from;
        long min;
        long max;
        boolean sorted;
        /** The element's metadata, retained once while the entry is held; NONE for restored frames. */
        final List<Map<String, Object>> metadata;

        Entry(Frame frame, List<Map<String, Object>> metadata) {
            this.frame = frame;
            this.metadata = metadata;
        }

        /** Lets go of the frame and the element's references: its last row has left. */
        void release() {
            frame.release();
            Metadata.release(metadata, 1);
        }
    }

    public FrameWindow(WindowSpec spec, OutOfOrder policy, BufferAllocator allocator) {
        this.spec = spec;
        this.policy = policy;
        this.allocator = allocator;
    }

    /**
     * The part of {@code frame} to fold in, owned by the caller (the frame retained, or a copy
     * without late rows under {@link OutOfOrder#DROP}); throws under {@link OutOfOrder#REJECT},
     * leaving the window as it was.
     */
    public Frame admit(Frame frame) {
        if (!spec.bySpan() || frame.rows() == 0) {
            return frame.retain();
        }
        Column index = frame.index();
        long a = index.checkedAddress();
        int n = frame.rows();
        long running = latest;
        int late = 0;
        int[] keep = null;
        for (int i = 0; i < n; i++) {
            long t = Values.loadLong(index.type(), a, i);
            if (running != Long.MIN_VALUE && t <= running - spec.spanNanos()) {
                if (policy == OutOfOrder.REJECT) {
                    throw new IllegalArgumentException("window(" + spec + "): row " + i + " has index " + t
                            + ", older than the window's lower bound " + (running - spec.spanNanos() + 1)
                            + " (latest index " + running + "); the frame is refused (choose OutOfOrder.DROP to"
                            + " drop and count such rows)");
                }
                if (keep == null) {
                    keep = new int[n];
                    for (int j = 0; j < i; j++) {
                        keep[j] = j;
                    }
                }
                late++;
                continue;
            }
            if (keep != null) {
                keep[i - late] = i;
            }
            running = Math.max(running, t);
        }
        if (late == 0) {
            return frame.retain();
        }
        dropped += late;
        return Gather.rows(frame, keep, n - late, allocator);
    }

    /**
     * Holds {@code frame}'s rows (retaining it) and, until the last of them leaves, the references
     * in {@code metadata} (the element's it came from; {@link Metadata#NONE} for frames that hold
     * none, such as restored ones). Empty frames are not kept, nor are frames of a window over all
     * rows: nothing ever leaves it, so nothing needs taking back out, and the element is done.
     */
    public void push(Frame frame, List<Map<String, Object>> metadata) {
        if (frame.rows() == 0 || !(spec.byRows() || spec.bySpan())) {
            return;
        }
        Metadata.retain(metadata, 1);
        Entry e = new Entry(frame.retain(), metadata);
        if (spec.bySpan()) {
            bounds(e);
            latest = Math.max(latest, e.max);
        }
        entries.addLast(e);
        rows += frame.rows();
    }

    private static void bounds(Entry e) {
        Column index = e.frame.index();
        long a = index.checkedAddress();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean sorted = true;
        long prev = Long.MIN_VALUE;
        for (int i = e.from, n = e.frame.rows(); i < n; i++) {
            long t = Values.loadLong(index.type(), a, i);
            min = Math.min(min, t);
            max = Math.max(max, t);
            sorted &= t >= prev;
            prev = t;
        }
        e.min = min;
        e.max = max;
        e.sorted = sorted;
    }

    /** Takes out what no longer fits; each returned frame is owned by the caller, oldest first. */
    public List<Frame> evict() {
        if (spec.byRows()) {
            return evictRows();
        }
        if (spec.bySpan()) {
            return evictSpan();
        }
        return List.of();
    }

    private List<Frame> evictRows() {
        long excess = rows - spec.rows();
        if (excess <= 0) {
            return List.of();
        }
        List<Frame> old = new ArrayList<>(2);
        while (excess > 0) {
            Entry head = entries.peekFirst();
            int avail = head.frame.rows() - head.from;
            if (avail <= excess) {
                entries.pollFirst();
                old.add(whole(head));
                excess -= avail;
                rows -= avail;
            } else {
                old.add(range(head.frame, head.from, (int) excess));
                head.from += (int) excess;
                rows -= excess;
                excess = 0;
            }
        }
        return old;
    }

    /**
     * The rest of an entry leaving whole as a frame owned by the caller (the entry's reference
     * handed over), releasing the element's references: none of its rows is left.
     */
    private Frame whole(Entry e) {
        Metadata.release(e.metadata, 1);
        if (e.from == 0) {
            return e.frame;
        }
        Frame rest = range(e.frame, e.from, e.frame.rows() - e.from);
        e.frame.release();
        return rest;
    }

    private List<Frame> evictSpan() {
        long bound = latest - spec.spanNanos() + 1;
        boolean any = false;
        for (Entry e : entries) {
            any |= e.min < bound;
        }
        if (!any) {
            return List.of();
        }
        List<Frame> old = new ArrayList<>(2);
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.min > bound) {
                continue;
            }
            int before = e.frame.rows() - e.from;
            if (e.max <= bound) {
                it.remove();
                old.add(whole(e));
                rows -= before;
                continue;
            }
            old.add(e.sorted ? leavePrefix(e, bound) : leaveScattered(e, bound));
            rows -= before - (e.frame.rows() - e.from);
        }
        return old;
    }

    private Frame leavePrefix(Entry e, long bound) {
        Column index = e.frame.index();
        long a = index.checkedAddress();
        int k = e.from;
        while (k < e.frame.rows() && Values.loadLong(index.type(), a, k) <= bound) {
            k++;
        }
        Frame leaving = range(e.frame, e.from, k - e.from);
        e.from = k;
        e.min = Values.loadLong(index.type(), a, k);
        return leaving;
    }

    /** Late rows kept earlier make an unsorted frame: the leaving and staying rows are copied apart. */
    private Frame leaveScattered(Entry e, long bound) {
        Column index = e.frame.index();
        long a = index.checkedAddress();
        int n = e.frame.rows();
        int[] leave = new int[n];
        int[] stay = new int[n];
        int l = 0;
        int s = 0;
        for (int i = e.from; i < n; i++) {
            if (Values.loadLong(index.type(), a, i) <= bound) {
                leave[l++] = i;
            } else {
                stay[s++] = i;
            }
        }
        Frame leaving = Gather.rows(e.frame, leave, l, allocator);
        Frame staying = Gather.rows(e.frame, stay, s, allocator);
        e.frame.release();
        e.frame = staying;
        e.from = 0;
        bounds(e);
        return leaving;
    }

    /**
     * Rows {@code [from, from + count)} of {@code frame} as a new frame owned by the caller, with
     * their labels: a frame without an index gives its row numbers ({@link RangeLabels}), so that
     * what leaves the window is taken out of the groups it went into ({@code groupby(index % 2)}).
     */
    private Frame range(Frame frame, int from, int count) {
        Frame cut = Gather.range(frame, from, count, allocator);
        return cut.index() != null ? cut : RangeLabels.attach(cut, RangeLabels.labelled(cut.schema()), from, allocator);
    }

    /** The frames held, each retained for the caller, with the rows already left cut off. */
    public List<Frame> frames() {
        List<Frame> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.from == 0 ? e.frame.retain()
                    : range(e.frame, e.from, e.frame.rows() - e.from));
        }
        return out;
    }

    /** The metadata of the elements with rows in the window, oldest first, concatenated; new list. */
    public List<Map<String, Object>> heldMetadata() {
        List<Map<String, Object>> held = new ArrayList<>();
        for (Entry e : entries) {
            held.addAll(e.metadata);
        }
        return held;
    }

    /** Rows in the window now. */
    public long rows() {
        return rows;
    }

    /** Frames referenced now. */
    public int frameCount() {
        return entries.size();
    }

    /** Rows left out as late under {@link OutOfOrder#DROP}. */
    public long droppedRows() {
        return dropped;
    }

    /** Releases every frame held and the references of their elements. */
    @Override
    public void close() {
        for (Entry e : entries) {
            e.release();
        }
        entries.clear();
        rows = 0;
    }
}
