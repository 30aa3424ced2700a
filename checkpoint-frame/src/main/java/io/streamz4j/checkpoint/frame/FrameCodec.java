package io.streamz4j.checkpoint.frame;

import io.streamz4j.Arguments;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Arrow frames of one schema as length-prefixed Arrow IPC stream bytes ({@link FrameCodecs#frames}).
 * Writing exports the frame through {@code allocator} (temporary vectors, closed at once); reading
 * adopts the IPC buffers into a frame owned by {@code allocator}, which {@link #release} frees.
 * A frame is a batch of rows, so the byte array each conversion makes is small beside its work.
 *
 * <p>Thread safety: stateless apart from the allocator, which Arrow makes safe to share.
 */
final class FrameCodec implements Codec<Frame> {
    private final Schema schema;
    private final BufferAllocator allocator;

    FrameCodec(Schema schema, BufferAllocator allocator) {
        this.schema = Arguments.requireNonNull(schema, "FrameCodecs.frames", "schema");
        this.allocator = Arguments.requireNonNull(allocator, "FrameCodecs.frames", "allocator");
    }

    @Override
    public void write(Frame frame, BytesOut<?> out) {
        if (!schema.matches(frame.schema())) {
            throw new IllegalArgumentException("the frame does not fit the codec's schema " + schema + ": "
                    + schema.mismatch(frame.schema()));
        }
        Codecs.BYTES.write(frame.toIpc(allocator), out);
    }

    /**
     * The frame the entry holds. Bytes that are no frame of the schema fail with the frame reader's
     * {@link io.streamz4j.frame.io.FrameFormatException} (nothing left allocated), which the journal
     * reports as a {@link CodecException} naming the entry.
     */
    @Override
    public Frame read(BytesIn<?> in) {
        return Frame.fromIpc(schema, Codecs.BYTES.read(in), allocator);
    }

    @Override
    public void release(Frame frame) {
        frame.release();
    }

    @Override
    public String name() {
        return "frame";
    }

    @Override
    public String toString() {
        return "Codec[frame " + schema + "]";
    }
}
