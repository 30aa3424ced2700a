package io.streamz4j.core;

import io.streamz4j.runtime.EventLoop;

import java.util.List;
import java.util.Map;

/**
 * A node that keeps elements after they pass, and with them their references: what a checkpoint
 * asks to learn which node holds the elements still in flight (a window, a join's unmatched
 * elements, a delay's queue), so it can name the node that keeps it from advancing.
 *
 * <p>Thread safety: call only on the thread that runs the node, between elements: the thread
 * emitting into the pipeline when {@link #contentsLoop()} is null, else that loop's thread (a task
 * handed to it with {@link EventLoop#execute}).
 */
public interface HoldsElements {

    /** The metadata of the held elements whose references the node still holds, concatenated. */
    List<Map<String, Object>> heldMetadata();

    /**
     * The event loop whose thread runs the node (a timed window, a partition with a timeout, a
     * delay, or any node below one of these), or null when it runs on the thread that emits into
     * the pipeline.
     */
    EventLoop contentsLoop();
}
