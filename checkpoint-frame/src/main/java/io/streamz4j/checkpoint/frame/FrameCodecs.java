package io.streamz4j.checkpoint.frame;

import io.streamz4j.checkpoint.Codec;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The journal codec for Arrow frames, beside the plain ones in
 * {@link io.streamz4j.checkpoint.Codecs}. It lives in this artifact so that a pipeline journaling
 * strings or numbers does not carry Arrow and Jackson on its class path.
 *
 * <p>Thread safety: stateless.
 */
public final class FrameCodecs {
    private FrameCodecs() {
    }

    /**
     * Arrow frames of {@code schema}, journaled in Arrow's IPC stream form. Frames read back on
     * replay are made from {@code allocator} and lent to the pipeline for the call, as every frame
     * is (a node that keeps one retains it); the source releases them. Writing a frame of another
     * schema fails, as a {@link io.streamz4j.checkpoint.CodecException} naming the element's index.
     */
    public static Codec<Frame> frames(Schema schema, BufferAllocator allocator) {
        return new FrameCodec(schema, allocator);
    }
}
