package io.streamz4j.frame.rolling;

import io.streamz4j.frame.Frame;

import java.util.List;

/**
 * A rolling aggregation's saved state: the rows a later row's window can still reach (the last
 * {@code n} rows, or those within the span of the latest index), as frames retained for this
 * snapshot, oldest first. Every rolling statistic is a function of those rows alone, so
 * {@code Rolling.start(saved)} rebuilds its running structures by replaying them and goes on with
 * the results an uninterrupted node would give. {@link #release()} when done with it.
 *
 * <p>Thread safety: frames are immutable; a saved state may be handed to another thread.
 *
 * @param frames the rows still in reach, oldest first
 */
public record RollingState(List<Frame> frames) {
    public RollingState {
        frames = List.copyOf(frames);
    }

    /** Rows held. */
    public long rows() {
        long n = 0;
        for (Frame f : frames) {
            n += f.rows();
        }
        return n;
    }

    /** Drops this snapshot's references to its frames. */
    public void release() {
        frames.forEach(Frame::release);
    }
}
