package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * A {@link Codec} made of two functions ({@link Codec#of}).
 *
 * <p>Thread safety: as safe as the functions it holds.
 */
final class FunctionCodec<T> implements Codec<T> {
    private final String name;
    private final Codec.Writer<T> writer;
    private final Codec.Reader<T> reader;

    FunctionCodec(String name, Codec.Writer<T> writer, Codec.Reader<T> reader) {
        this.name = Arguments.requireNonNull(name, "Codec.of", "name");
        this.writer = Arguments.requireNonNull(writer, "Codec.of", "writer");
        this.reader = Arguments.requireNonNull(reader, "Codec.of", "reader");
    }

    @Override
    public void write(T value, BytesOut<?> out) {
        writer.write(value, out);
    }

    @Override
    public T read(BytesIn<?> in) {
        return reader.read(in);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Codec[" + name + "]";
    }
}
