package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import net.openhft.chronicle.bytes.BytesIn;

import java.util.Map;
import java.util.function.Function;

/**
 * The built-in codecs: strings (UTF-8), byte arrays and the boxes of every primitive, plus
 * {@link #viaBytes} for types that already have a byte-array form. Arrow frames have theirs in the
 * {@code streamz4j-checkpoint-frame} artifact ({@code io.streamz4j.checkpoint.frame.FrameCodecs}),
 * so that this one needs neither Arrow nor the frame module.
 *
 * <p>Thread safety: every codec here is stateless.
 */
public final class Codecs {
    /** UTF-8 text, length-prefixed. */
    public static final Codec<String> STRING = Codec.of("string",
            (s, out) -> out.writeUtf8(s), in -> in.readUtf8());
    /** Raw bytes, length-prefixed. */
    public static final Codec<byte[]> BYTES = Codec.of("bytes", (b, out) -> {
        out.writeStopBit(b.length);
        out.write(b);
    }, Codecs::readByteArray);
    public static final Codec<Long> LONG = Codec.of("long", (v, out) -> out.writeLong(v), BytesIn::readLong);
    public static final Codec<Integer> INTEGER = Codec.of("int", (v, out) -> out.writeInt(v), BytesIn::readInt);
    public static final Codec<Short> SHORT = Codec.of("short", (v, out) -> out.writeShort(v), BytesIn::readShort);
    public static final Codec<Byte> BYTE = Codec.of("byte", (v, out) -> out.writeByte(v), BytesIn::readByte);
    public static final Codec<Double> DOUBLE = Codec.of("double", (v, out) -> out.writeDouble(v),
            BytesIn::readDouble);
    public static final Codec<Float> FLOAT = Codec.of("float", (v, out) -> out.writeFloat(v), BytesIn::readFloat);
    public static final Codec<Character> CHARACTER = Codec.of("char", (v, out) -> out.writeShort((short) v.charValue()),
            in -> (char) in.readUnsignedShort());
    public static final Codec<Boolean> BOOLEAN = Codec.of("boolean", (v, out) -> out.writeBoolean(v),
            BytesIn::readBoolean);

    private static final Map<Class<?>, Codec<?>> BY_CLASS = Map.of(
            String.class, STRING, byte[].class, BYTES, Long.class, LONG, Integer.class, INTEGER,
            Short.class, SHORT, Byte.class, BYTE, Double.class, DOUBLE, Float.class, FLOAT,
            Character.class, CHARACTER, Boolean.class, BOOLEAN);

    private Codecs() {
    }

    /** The built-in codec for {@code type}; an {@link IllegalArgumentException} if there is none. */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> forClass(Class<T> type) {
        Arguments.requireNonNull(type, "Codecs.forClass", "type");
        Codec<?> codec = BY_CLASS.get(type);
        if (codec == null) {
            throw new IllegalArgumentException("Codecs.forClass: no built-in codec for " + type.getName()
                    + "; pass one made with Codec.of(...) or Codecs.viaBytes(...)");
        }
        return (Codec<T>) codec;
    }

    /**
     * A codec for a type that converts to and from a byte array (an Arrow frame's IPC form, a
     * protobuf message). Allocates the array on each call: for large values that is the cost of
     * the conversion anyway.
     */
    public static <T> Codec<T> viaBytes(String name, Function<? super T, byte[]> toBytes,
            Function<byte[], ? extends T> fromBytes) {
        Arguments.requireNonNull(toBytes, "Codecs.viaBytes", "toBytes");
        Arguments.requireNonNull(fromBytes, "Codecs.viaBytes", "fromBytes");
        return Codec.of(name, (v, out) -> BYTES.write(toBytes.apply(v), out),
                in -> fromBytes.apply(readByteArray(in)));
    }

    static byte[] readByteArray(BytesIn<?> in) {
        long length = in.readStopBit();
        if (length < 0 || length > in.readRemaining()) {
            throw new IllegalStateException("byte array length " + length + " does not fit the "
                    + in.readRemaining() + " bytes left");
        }
        byte[] bytes = new byte[(int) length];
        in.read(bytes);
        return bytes;
    }
}
