package io.streamz4j.plugin;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts static initializations of the test plugin classes. The counters live here, not in the
 * plugin classes, because reading a static field of a class initializes it.
 *
 * <p>Thread safety: atomic counters, safe from any thread.
 */
final class LoadProbe {
    /** Incremented by {@link RepeatNode}'s static initializer. */
    static final AtomicInteger REPEAT_NODE = new AtomicInteger();
    /** Incremented by {@link NotAStream}'s static initializer, which must never run. */
    static final AtomicInteger NOT_A_STREAM = new AtomicInteger();

    private LoadProbe() {
    }
}
