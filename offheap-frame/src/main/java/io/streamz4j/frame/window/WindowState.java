package io.streamz4j.frame.window;

import io.streamz4j.frame.Frame;

import java.util.List;

/**
 * A window's saved state, streamz's {@code {'dfs': ..., 'state': ...}}: the frames in the window
 * (each retained for this snapshot; {@link #release()} when done with it) and a copy of the
 * aggregation's state taken when it was saved ({@code Aggregation.copy}): frames the window sees
 * afterwards do not change it, and a window started from it ({@code Window.start}) works on its
 * own copy, so one saved state can seed several windows.
 *
 * <p>Thread safety: the frames are immutable and the state is not shared with any live window, so
 * a saved state may be handed to another thread once taken.
 *
 * @param frames the window's rows, oldest first
 * @param state  the aggregation's state
 * @param <S>    the aggregation's state type
 */
public record WindowState<S>(List<Frame> frames, S state) {
    public WindowState {
        frames = List.copyOf(frames);
    }

    /** Drops this snapshot's references to its frames (and the state's, if it holds any). */
    public void release() {
        frames.forEach(Frame::release);
        if (state instanceof AutoCloseable held) {
            try {
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing a saved window state: " + e.getMessage(), e);
            }
        }
    }
}
