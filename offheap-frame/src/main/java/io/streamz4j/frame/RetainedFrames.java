package io.streamz4j.frame;

import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * streamz's {@code sink_to_list} for frames: keeps every frame that arrives, retaining it, so the
 * frames stay readable after the emitting call returned; {@link #close()} releases them all (the
 * list is then empty). Unlike {@code Stream.sinkToList()}, which keeps frames alive only while
 * its pipeline lives, these frames stay until closed, whatever happens to the pipeline.
 *
 * <p>Thread safety: frames are added on the thread that emits them; read the list and close it
 * from that thread, or after that thread has stopped.
 */
public final class RetainedFrames implements AutoCloseable {
    private final List<Frame> frames = new ArrayList<>();

    private RetainedFrames() {
    }

    /** Collects every frame {@code stream} emits from now on. */
    public static RetainedFrames collect(Stream<Frame> stream) {
        if (stream == null) {
            throw new IllegalArgumentException("RetainedFrames.collect needs a stream, got null");
        }
        RetainedFrames out = new RetainedFrames();
        stream.sink(f -> out.frames.add(f.retain()));
        return out;
    }

    /** The frames so far, oldest first (read-only; still owned by this list). */
    public List<Frame> frames() {
        return Collections.unmodifiableList(frames);
    }

    @Override
    public void close() {
        for (Frame f : frames) {
            f.release();
        }
        frames.clear();
    }
}
