package io.streamz4j.frame.periodic;

import io.streamz4j.frame.Frame;
import org.apache.arrow.memory.BufferAllocator;

import java.time.Instant;
import java.util.Map;

/**
 * streamz's {@code datafn(last=, now=, **kwargs)} of a {@link PeriodicDataFrame}: makes the frame
 * for the time since the previous call.
 *
 * <p>Thread safety: called on the pipeline's event loop thread only.
 */
@FunctionalInterface
public interface DataFn {
    /**
     * A new frame (owned by the caller) of the data between {@code last} and {@code now}.
     *
     * @param kwargs the keyword parameters given to the PeriodicDataFrame
     */
    Frame apply(Instant last, Instant now, Map<String, Object> kwargs, BufferAllocator allocator);
}
