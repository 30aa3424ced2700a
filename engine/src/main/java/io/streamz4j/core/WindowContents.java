package io.streamz4j.core;

/**
 * The contents of a counting or timed window ({@code sliding_window}, {@code partition},
 * {@code timed_window}): {@link NodeContents} whose groups are the window's values, one group for
 * an unkeyed window, one per key with elements for a keyed partition.
 *
 * <p>Thread safety: as {@link NodeContents}.
 */
public interface WindowContents extends NodeContents {
}
