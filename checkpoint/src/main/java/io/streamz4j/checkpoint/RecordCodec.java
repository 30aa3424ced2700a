package io.streamz4j.checkpoint;

import io.streamz4j.record.RecordLayout;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's codec for records: an element is one record's SBE message (the slot's header and
 * block, the bytes a publication sends too), given as a {@link DirectBuffer} over exactly those
 * bytes. {@link #write} copies them from the buffer's memory into the journal's (off-heap to the
 * mapped file: no object, no heap array); reading refuses, with a {@link RefusedEntryException},
 * bytes of another length or whose header is not the layout's, so they are never decoded as it.
 * {@link #read} (dead letters, the producer's position) returns a copy on the heap;
 * {@link #readInto} (the replay) copies into a buffer the caller reuses.
 *
 * <p>Thread safety: {@link #write} is called by one thread at a time (the ring's producer: it
 * reuses one pointer); {@link #read} from any thread; {@link #readInto} by one thread at a time
 * (the replaying one).
 */
final class RecordCodec implements Codec<DirectBuffer> {
    private final RecordLayout<?, ?> layout;
    private final int length;
    /** Points at the record being written, in the producer's memory. */
    private final PointerBytesStore source = BytesStore.nativePointer();
    /** Points at the replay's buffer. */
    private final PointerBytesStore target = BytesStore.nativePointer();

    RecordCodec(RecordLayout<?, ?> layout) {
        this.layout = layout;
        this.length = layout.messageLength();
    }

    @Override
    public void write(DirectBuffer record, BytesOut<?> out) {
        byte[] array = record.byteArray();
        if (array != null) { // a record on the heap (a dead letter's copy, re-sent)
            out.write(array, record.wrapAdjustment(), record.capacity());
        } else {
            source.set(record.addressOffset(), record.capacity());
            out.write(source, 0L, (long) record.capacity());
        }
    }

    @Override
    public DirectBuffer read(BytesIn<?> in) {
        requireLength(in.readRemaining());
        byte[] copy = new byte[length];
        in.read(copy);
        UnsafeBuffer record = new UnsafeBuffer(copy);
        requireHeader(record);
        return record;
    }

    /**
     * Copies the record in {@code in} to the start of {@code into}, an off-heap buffer of at least
     * the message's length, and returns it; refuses bytes that are not one of the layout's records.
     */
    DirectBuffer readInto(RandomDataInput in, MutableDirectBuffer into) {
        requireLength(in.readRemaining());
        target.set(into.addressOffset(), length);
        target.write(0L, in, in.readPosition(), length);
        requireHeader(into);
        return into;
    }

    private void requireLength(long bytes) {
        if (bytes != length) {
            throw new RefusedEntryException(bytes + " bytes, where a record of " + layout + " is " + length
                    + " (its header and block)");
        }
    }

    private void requireHeader(DirectBuffer record) {
        String mismatch = layout.headerMismatch(record, 0);
        if (mismatch != null) {
            throw new RefusedEntryException(mismatch);
        }
    }

    @Override
    public String name() {
        return "record " + layout.name();
    }
}
