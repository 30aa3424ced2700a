package io.streamz4j.frame.agg;

/**
 * A state changed in place that can hand out an independent copy: what a saved window state
 * ({@code WindowState}) holds, so that later frames folded into the live state leave the saved one
 * as it was, and what a window started from a saved state works on, so that the saved one can seed
 * several windows.
 *
 * <p>Thread safety: {@link #copy} is called on the thread that owns the state; the copy shares
 * nothing mutable with it.
 *
 * @param <T> the state type
 */
public interface Copyable<T> {
    /** A deep copy: no later change to this state shows in it, nor the other way round. */
    T copy();
}
