package io.streamz4j.frame.window;

import io.streamz4j.frame.Frame;

import java.util.List;

/**
 * A window's saved state, streamz's {@code {'dfs': ..., 'state': ...}}: the frames in the window
 * (each retained for this snapshot; {@link #release()} when done with it) and the aggregation's
 * state. Give it to {@code Window.start} to continue a window elsewhere. The aggregation state is
 * the node's live object, not a copy: take the snapshot from a node that will see no more frames
 * (as streamz's test does) or copy the state first.
 *
 * <p>Thread safety: the frames are immutable; the state is as safe as the aggregation makes it.
 *
 * @param frames the window's rows, oldest first
 * @param state  the aggregation's state
 * @param <S>    the aggregation's state type
 */
public record WindowState<S>(List<Frame> frames, S state) {
    public WindowState {
        frames = List.copyOf(frames);
    }

    /** Drops this snapshot's references to its frames. */
    public void release() {
        frames.forEach(Frame::release);
    }
}
