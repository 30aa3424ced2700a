package io.streamz4j.core;

import io.streamz4j.runtime.EventLoop;

import java.util.List;
import java.util.Map;

/**
 * What a counting window holds, read and put back by a checkpoint snapshot so that a restarted
 * pipeline's window carries on where it was instead of starting empty. Restored values hold no
 * references (they were fully accounted for when the snapshot was taken), so they later leave the
 * window releasing nothing.
 *
 * <p>Thread safety: call only on the thread that runs the window, between elements: the thread
 * emitting into the pipeline when {@link #windowLoop()} is null, else that loop's thread (a task
 * handed to it with {@link EventLoop#execute}).
 */
public interface WindowContents {

    /**
     * The held values, oldest first, in groups: one group for an unkeyed window, one per key with
     * elements for a keyed partition. New lists.
     */
    List<List<Object>> heldValues();

    /** The metadata of the held elements whose references the window still holds, concatenated. */
    List<Map<String, Object>> heldMetadata();

    /**
     * Replaces the contents with {@code groups} (as {@link #heldValues()} returned them), holding
     * no references; throws IllegalArgumentException naming the node if they cannot be its state.
     */
    void restoreHeld(List<List<Object>> groups);

    /**
     * The event loop whose thread runs the window (a timed window, a partition with a timeout), or
     * null when it runs on the thread that emits into it.
     */
    EventLoop windowLoop();
}
