package io.streamz4j.transport.scatter.wire;

import io.streamz4j.checkpoint.Codec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import org.agrona.DirectBuffer;

/**
 * Runs the checkpoint module's {@link Codec}s, written against Chronicle's {@code BytesOut} and
 * {@code BytesIn}, on Agrona buffers. Reading from off-heap memory (Aeron's term buffers) needs no
 * copy: a Chronicle pointer store is aimed at the value's bytes in place, as the checkpoint's
 * record codec does. Reading from a heap buffer, and every write (whose length is known only
 * afterwards), goes through one reused on-heap scratch. Nothing is allocated per value once the
 * scratch has grown to the largest value.
 *
 * <p>Thread safety: one thread at a time (the owner of the {@link io.streamz4j.transport.scatter.WireTypes}
 * instance); it retains its scratch and pointer between calls.
 */
public final class CodecBridge {
    private final Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap(256);
    private final PointerBytesStore pointer = BytesStore.nativePointer();
    /** A view of {@link #pointer}, made on the first off-heap read (a pointer store may not point nowhere). */
    private Bytes<Void> pointerBytes;

    /** Appends the int length and the bytes {@code codec} makes of {@code value}. */
    public <T> void write(Codec<T> codec, T value, WireWriter out) {
        scratch.clear();
        codec.write(value, scratch);
        int length = (int) scratch.readRemaining();
        out.putInt(length);
        out.buffer().putBytes(out.position(), scratch.underlyingObject(), (int) scratch.readPosition(), length);
        out.position(out.position() + length);
    }

    /**
     * Reads one value of {@code codec} from the {@code length} bytes at {@code offset} of
     * {@code buffer}; the codec sees exactly those bytes.
     */
    public <T> T read(Codec<T> codec, DirectBuffer buffer, int offset, int length) {
        byte[] array = buffer.byteArray();
        if (array != null) {
            scratch.clear();
            scratch.write(array, (int) (buffer.wrapAdjustment() + offset), length);
            return codec.read(scratch);
        }
        pointer.set(buffer.addressOffset() + offset, length);
        if (pointerBytes == null) {
            pointerBytes = pointer.bytesForRead();
        }
        // the view keeps its own limits: aim them at this value's bytes
        pointerBytes.writeLimit(length);
        pointerBytes.readPositionRemaining(0L, length);
        return codec.read(pointerBytes);
    }
}
