package io.streamz4j.frame.window;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Copyable;
import io.streamz4j.frame.kernel.Gather;

import org.apache.arrow.memory.BufferAllocator;

import java.util.List;

/**
 * streamz's {@code Full}: the whole window as one frame, rebuilt at every frame (concatenated on
 * {@code onNew}, cut on {@code onOld}); as streamz warns, a copy of the window each time, so the
 * built-in reductions are to be preferred. Rows keep their labels, as pandas' concat keeps them:
 * frames without an index contribute their row numbers as a LONG index ({@link RangeLabels}).
 * The emitted frame is lent: a receiver that keeps it retains it.
 *
 * <p>Thread safety: the state is confined to the owning node.
 */
public final class Full implements Aggregation<Full.State, Frame> {
    private final BufferAllocator allocator;

    public Full(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** The concatenated window; holds one reference to its frame. */
    public static final class State implements AutoCloseable, Copyable<State> {
        private Frame frame;

        /** Another reference to the same (immutable) window frame, released on its own. */
        @Override
        public State copy() {
            State c = new State();
            c.frame = frame.retain();
            return c;
        }

        public Frame frame() {
            return frame;
        }

        @Override
        public void close() {
            frame.release();
        }
    }

    @Override
    public State initial(Schema example) {
        State s = new State();
        s.frame = Frame.fromRows(RangeLabels.labelled(example), List.of(), allocator);
        return s;
    }

    @Override
    public State onNew(State state, Frame frame) {
        if (frame.rows() == 0) {
            return state;
        }
        Frame joined = Concat.of(state.frame.schema(), List.of(state.frame, frame), new int[2], allocator);
        state.frame.release();
        state.frame = joined;
        return state;
    }

    @Override
    public State onOld(State state, Frame old) {
        Frame rest = Gather.range(state.frame, old.rows(), state.frame.rows() - old.rows(), allocator);
        state.frame.release();
        state.frame = rest;
        return state;
    }

    @Override
    public Frame result(State state) {
        return state.frame;
    }
}
