package io.streamz4j.frame.window;

/**
 * What a time-indexed window or rolling aggregation does with a row whose index is older than the
 * window's lower bound when it arrives (the latest index seen before it, less the window's span):
 * streamz silently lets such rows pass through its window; here the user chooses.
 *
 * <p>Thread safety: immutable.
 */
public enum OutOfOrder {
    /** Refuse the whole frame with an IllegalArgumentException naming the row; the window is unchanged. */
    REJECT,
    /** Leave the late rows out of the frame and count them ({@code droppedRows()} on the node). */
    DROP
}
