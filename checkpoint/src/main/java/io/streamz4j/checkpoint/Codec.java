package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * Turns an element into journal bytes and back. Built-ins are in {@link Codecs}; a user type gets
 * its own implementation, or {@link #of} with two lambdas, or {@link Codecs#viaBytes} when the
 * type already has a byte-array form (an Arrow frame's IPC bytes, a protobuf message). Java
 * serialization is never used.
 *
 * <p>Thread safety: {@link #write} runs on the thread that emits into the journaled source, and
 * {@link #read} on the thread that starts it (replay); an implementation keeps no per-call state
 * between them, so one instance may serve several sources.
 *
 * @param <T> the element type
 */
public interface Codec<T> {

    /** Appends {@code value} (never null) to {@code out}; should allocate nothing. */
    void write(T value, BytesOut<?> out);

    /**
     * Reads back one value written by {@link #write}; {@code in} holds exactly its bytes. Bytes that
     * are intact but not this codec's (a record of another layout) are refused with a
     * {@link RefusedEntryException}, which a replay handles as a damaged entry.
     */
    T read(BytesIn<?> in);

    /** A short name for error messages, e.g. "long" or "frame". */
    String name();

    /**
     * Gives back a value {@link #read} made, once the journal has no more use for it: the frame
     * codec releases the frame's Arrow memory. Nothing by default, for values the garbage
     * collector frees. Values emitted by the user are never passed here.
     */
    default void release(T value) {
    }

    /** A codec from a writer and a reader function. */
    static <T> Codec<T> of(String name, Writer<T> writer, Reader<T> reader) {
        return new FunctionCodec<>(name, writer, reader);
    }

    /** The write half of {@link #of}. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, BytesOut<?> out);
    }

    /** The read half of {@link #of}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(BytesIn<?> in);
    }
}
