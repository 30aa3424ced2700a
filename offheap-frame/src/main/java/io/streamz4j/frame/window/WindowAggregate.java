package io.streamz4j.frame.window;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.core.HoldsElements;
import io.streamz4j.core.KeepsState;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.runtime.EventLoop;

import java.util.List;
import java.util.Map;

/**
 * The node of an aggregation over a window (streamz's {@code window_accumulator}): each frame is
 * admitted (late rows dropped or refused), folded in with {@code onNew}, held in a
 * {@link FrameWindow}; what the window pushes out is taken back with {@code onOld}; then the
 * result is emitted. The window holds each element's references while any of its rows is in it. Only the rows that enter and leave are touched, so a built-in reduction costs
 * the same per frame whatever the window's length.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; the window and state are
 * confined to it. The window and state are what a checkpoint snapshots ({@link KeepsState}); as
 * {@link HoldsElements} the node tells a checkpoint which elements' references the window holds.
 *
 * {@link WindowGroupAggregate} is a windowed groupby's, whose results chain further.
 *
 * @param <S> the aggregation's state
 * @param <R> its result
 */
public class WindowAggregate<S, R> extends Stream<Object> implements KeepsState, HoldsElements {
    private final Aggregation<S, R> aggregation;
    private final FrameWindow window;
    private final boolean withState;
    private final String description;
    private S state;

    WindowAggregate(Stream<Frame> upstream, Aggregation<S, R> aggregation, FrameWindow window, S start,
            List<Frame> startFrames, boolean withState, String description) {
        super(null, upstream);
        this.aggregation = aggregation;
        this.window = window;
        this.withState = withState;
        this.description = description;
        this.state = start;
        for (Frame f : startFrames) {
            window.push(f, Metadata.NONE);
        }
    }

    @Override
    public final void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame frame)) {
            throw new IllegalArgumentException(this + ": expected a Frame, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        Frame admitted = window.admit(frame);
        try {
            state = aggregation.onNew(state, admitted);
            window.push(admitted, metadata);
        } finally {
            admitted.release();
        }
        List<Frame> old = window.evict();
        try {
            for (Frame o : old) {
                if (o.rows() > 0) {
                    state = aggregation.onOld(state, o);
                }
            }
        } finally {
            old.forEach(Frame::release);
        }
        R result = aggregation.result(state);
        emitDownstream(withState ? new WithState<>(snapshot(), result) : result, metadata);
    }

    /**
     * The window now: its frames (retained for the caller) and a copy of the aggregation's state
     * ({@link Aggregation#copy}), which later frames leave as it is.
     */
    public WindowState<S> snapshot() {
        return new WindowState<>(window.frames(), aggregation.copy(state));
    }

    /**
     * Puts the window back as {@code saved} holds it (a checkpoint's, before any frame arrives):
     * what it holds now is released, it retains {@code saved}'s frames and works on a copy of its
     * state, as {@code Window.start} does; {@code saved} stays the caller's to release. Call it on
     * the thread that runs the node.
     */
    public void restore(WindowState<S> saved) {
        if (saved == null) {
            throw new IllegalArgumentException(this + ": the restored window state is null");
        }
        S restored = aggregation.copy(saved.state());
        window.close();
        closeState();
        state = restored;
        for (Frame f : saved.frames()) {
            window.push(f, Metadata.NONE); // covered by the checkpoint: their rows leave releasing nothing
        }
    }

    /** The aggregation's state (live). */
    public S state() {
        return state;
    }

    /** Rows in the window. */
    public long rows() {
        return window.rows();
    }

    /**
     * The metadata of the elements with rows in the window, whose references it holds; call it on
     * the thread that runs the node.
     */
    @Override
    public List<Map<String, Object>> heldMetadata() {
        return window.heldMetadata();
    }

    /** The loop running the node when it sits below a time-based node; else none. */
    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    /** Frames the window references. */
    public int frameCount() {
        return window.frameCount();
    }

    /** Late rows dropped under {@link OutOfOrder#DROP}. */
    public long droppedRows() {
        return window.droppedRows();
    }

    @Override
    protected void onDestroy() {
        window.close();
        closeState();
    }

    private void closeState() {
        if (state instanceof AutoCloseable held) {
            try {
                held.close();
            } catch (Exception e) {
                reportFailure(null, e);
            }
        }
    }

    @Override
    protected String kind() {
        return "window-aggregate";
    }

    @Override
    protected String parameter() {
        return description;
    }
}
