package io.streamz4j.transport.scatter;

import io.streamz4j.Tuple;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.frame.Frame;
import io.streamz4j.transport.scatter.wire.CodecBridge;
import io.streamz4j.transport.scatter.wire.FrameWire;
import io.streamz4j.transport.scatter.wire.WireReader;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.DirectBuffer;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The values that travel between the coordinator and the workers: every value is {@code [tag
 * byte][payload]}. Built-in tags: 0 null, 1 Long, 2 Integer, 3 Double, 4 String (int length +
 * UTF-8), 5 Boolean, 6 byte[] (int length + bytes), 7 List (int count + values, read back as an
 * {@link ArrayList}), 8 {@link Tuple} (same body), 9 Float, 10 Short, 11 Byte, 12 Character,
 * 13 Map (int count + key, value pairs, read back as a {@link LinkedHashMap}), 14 Arrow
 * {@link Frame} ({@link FrameWire}). Tag 15 (records by layout) is reserved and not yet carried.
 * User types take tags 64..127 through {@link #register}, with the checkpoint module's codecs
 * (payload: int length + the codec's bytes).
 *
 * <p>Reading never turns bytes into an arbitrary class: only the types above and the registered
 * ones are made, and a value that cannot be read is refused with a {@link RefusedMessageException}
 * naming why: an unknown tag, a length or count that runs past the message, values nested deeper
 * than {@link #MAX_DEPTH}, a codec that throws or returns something other than its type, a frame
 * whose bytes are not its schema's.
 *
 * <p>Thread safety: the registry ({@link #register}) is static and safe to use from any thread
 * (register before the values are sent: a worker's libraries do it when they load). An instance
 * holds per-thread scratch and is used by one thread at a time; each thread that encodes or
 * decodes keeps its own. An instance retains the frame allocator it was given.
 */
public final class WireTypes {
    public static final byte NULL = 0;
    public static final byte LONG = 1;
    public static final byte INTEGER = 2;
    public static final byte DOUBLE = 3;
    public static final byte STRING = 4;
    public static final byte BOOLEAN = 5;
    public static final byte BYTES = 6;
    public static final byte LIST = 7;
    public static final byte TUPLE = 8;
    public static final byte FLOAT = 9;
    public static final byte SHORT = 10;
    public static final byte BYTE = 11;
    public static final byte CHARACTER = 12;
    public static final byte MAP = 13;
    public static final byte FRAME = 14;
    public static final int FIRST_USER_TAG = 64;
    public static final int LAST_USER_TAG = 127;
    /** How deep lists, tuples and maps may nest inside one value (deeper is refused). */
    public static final int MAX_DEPTH = 32;

    private static final AtomicReferenceArray<Registration<?>> BY_TAG = new AtomicReferenceArray<>(LAST_USER_TAG + 1);
    private static final Map<Class<?>, Registration<?>> BY_CLASS = new ConcurrentHashMap<>();

    private final BufferAllocator frameAllocator;
    /**
     * Made on the first user-type value: its Chronicle bytes start Chronicle's JVM-wide resource
     * releaser thread, which a process scattering only built-in types should not carry.
     */
    private CodecBridge bridge;
    private final WireReader reader = new WireReader();

    private CodecBridge bridge() {
        if (bridge == null) {
            bridge = new CodecBridge();
        }
        return bridge;
    }

    /** Values without frames: encoding a frame throws, and a frame received is refused. */
    public WireTypes() {
        this(null);
    }

    /** Values with frames, encoded through and decoded into {@code frameAllocator}. */
    public WireTypes(BufferAllocator frameAllocator) {
        this.frameAllocator = frameAllocator;
    }

    /**
     * Carries values of {@code type} (exactly, or a subclass when no built-in type and no other
     * registration fits) under {@code tag} (64..127) with {@code codec}. Registering the same
     * tag, type and codec again does nothing; a tag or a type already registered otherwise is
     * refused, so two libraries cannot silently disagree on the bytes. The codec reads bytes from
     * a channel anyone may write to: its {@code read} sees exactly the value's bytes, and must
     * check a count it reads against {@code readRemaining()} before allocating by it. Anything it
     * throws refuses the message.
     *
     * @throws IllegalArgumentException for a tag outside 64..127, a built-in type, or a clash
     */
    public static synchronized <T> void register(int tag, Class<T> type, Codec<T> codec) {
        Objects.requireNonNull(type, "WireTypes.register: type is null");
        Objects.requireNonNull(codec, "WireTypes.register: codec is null");
        if (tag < FIRST_USER_TAG || tag > LAST_USER_TAG) {
            throw new IllegalArgumentException("WireTypes.register: tag must be within " + FIRST_USER_TAG + ".."
                    + LAST_USER_TAG + ", got " + tag + " for " + type.getName());
        }
        if (builtIn(type)) {
            throw new IllegalArgumentException("WireTypes.register: " + type.getName() + " is a built-in wire type");
        }
        Registration<?> atTag = BY_TAG.get(tag);
        Registration<?> ofType = BY_CLASS.get(type);
        if (atTag != null && atTag.type == type && atTag.codec == codec) {
            return;
        }
        if (atTag != null) {
            throw new IllegalArgumentException("WireTypes.register: tag " + tag + " already carries "
                    + atTag.type.getName() + " with codec " + atTag.codec.name() + "; refused for " + type.getName());
        }
        if (ofType != null) {
            throw new IllegalArgumentException("WireTypes.register: " + type.getName() + " is already carried by tag "
                    + ofType.tag + "; refused under tag " + tag);
        }
        Registration<T> registration = new Registration<>(tag, type, codec);
        BY_CLASS.put(type, registration);
        BY_TAG.set(tag, registration);
    }

    /** The tag {@code value} would be written with (for messages and tests); -1 when it has none. */
    public static int tagOf(Object value) {
        try {
            return tag(value);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static boolean builtIn(Class<?> type) {
        return type == Long.class || type == Integer.class || type == Double.class || type == String.class
                || type == Boolean.class || type == byte[].class || type == Float.class || type == Short.class
                || type == Byte.class || type == Character.class || Tuple.class.isAssignableFrom(type)
                || List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || Frame.class.isAssignableFrom(type);
    }

    private static int tag(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == Long.class) {
            return LONG;
        } else if (type == Integer.class) {
            return INTEGER;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == String.class) {
            return STRING;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        } else if (type == byte[].class) {
            return BYTES;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Character.class) {
            return CHARACTER;
        }
        Registration<?> exact = BY_CLASS.get(type);
        if (exact != null) {
            return exact.tag;
        } else if (value instanceof Tuple) {
            return TUPLE;
        } else if (value instanceof List) {
            return LIST;
        } else if (value instanceof Map) {
            return MAP;
        } else if (value instanceof Frame) {
            return FRAME;
        }
        for (int tag = FIRST_USER_TAG; tag <= LAST_USER_TAG; tag++) {
            Registration<?> registration = BY_TAG.get(tag);
            if (registration != null && registration.type.isInstance(value)) {
                return tag;
            }
        }
        throw new IllegalArgumentException("a " + type.getName() + " is not a wire type: use a built-in one (numbers, "
                + "strings, booleans, byte[], lists, tuples, maps, frames) or WireTypes.register a codec for it");
    }

    /**
     * Appends {@code value} as {@code [tag][payload]}.
     *
     * @throws IllegalArgumentException for a value of no wire type, or nested deeper than {@link #MAX_DEPTH}
     */
    public void encode(Object value, WireWriter out) {
        encode(value, out, 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void encode(Object value, WireWriter out, int depth) {
        int tag = tag(value);
        out.putByte((byte) tag);
        switch (tag) {
            case NULL -> {
            }
            case LONG -> out.putLong((Long) value);
            case INTEGER -> out.putInt((Integer) value);
            case DOUBLE -> out.putDouble((Double) value);
            case STRING -> out.putString((String) value);
            case BOOLEAN -> out.putByte((byte) ((Boolean) value ? 1 : 0));
            case BYTES -> out.putBytes((byte[]) value);
            case FLOAT -> out.putFloat((Float) value);
            case SHORT -> out.putShort((Short) value);
            case BYTE -> out.putByte((Byte) value);
            case CHARACTER -> out.putShort((short) ((Character) value).charValue());
            case LIST, TUPLE -> {
                List<?> list = (List<?>) value;
                requireDepth(depth, list);
                int size = list.size();
                out.putInt(size);
                if (list instanceof RandomAccess) { // indexed: no iterator to allocate
                    for (int i = 0; i < size; i++) {
                        encode(list.get(i), out, depth + 1);
                    }
                } else {
                    for (Object item : list) {
                        encode(item, out, depth + 1);
                    }
                }
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                requireDepth(depth, map);
                out.putInt(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    encode(entry.getKey(), out, depth + 1);
                    encode(entry.getValue(), out, depth + 1);
                }
            }
            case FRAME -> {
                if (frameAllocator == null) {
                    throw new IllegalStateException("a frame to send, where this side was given no Arrow allocator for frames");
                }
                FrameWire.write((Frame) value, frameAllocator, out);
            }
            default -> {
                Registration registration = BY_TAG.get(tag);
                bridge().write(registration.codec, value, out);
            }
        }
    }

    private static void requireDepth(int depth, Object value) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("a value nested deeper than " + MAX_DEPTH + " lists, tuples and maps"
                    + " (a list that contains itself?): " + value.getClass().getName());
        }
    }

    /**
     * The value at the reader's position, which moves past it.
     *
     * @throws RefusedMessageException when the bytes are no value
     */
    public Object decode(WireReader in) {
        return decode(in, 0);
    }

    /** The value in the bytes {@code [offset, limit)} of {@code buffer}, which it must fill exactly. */
    public Object decode(DirectBuffer buffer, int offset, int limit) {
        reader.wrap(buffer, offset, limit);
        Object value = decode(reader, 0);
        reader.requireEnd("the value");
        return value;
    }

    private Object decode(WireReader in, int depth) {
        int tag = in.readByte("a value's tag") & 0xFF;
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                return in.readLong("a Long");
            case INTEGER:
                return in.readInt("an Integer");
            case DOUBLE:
                return in.readDouble("a Double");
            case STRING:
                return in.readString("a String");
            case BOOLEAN: {
                byte b = in.readByte("a Boolean");
                if (b != 0 && b != 1) {
                    throw new RefusedMessageException("a Boolean of byte " + b + ", expected 0 or 1");
                }
                return b == 1;
            }
            case BYTES:
                return in.readBytes(in.readLength(1, "a byte[] length"));
            case FLOAT:
                return in.readFloat("a Float");
            case SHORT:
                return in.readShort("a Short");
            case BYTE:
                return in.readByte("a Byte");
            case CHARACTER:
                return (char) in.readShort("a Character");
            case LIST:
                return readItems(in, depth, "a List", new ArrayList<>());
            case TUPLE: {
                List<Object> items = readItems(in, depth, "a Tuple", null);
                return Tuple.wrap(items.toArray());
            }
            case MAP:
                return readMap(in, depth);
            case FRAME:
                return FrameWire.read(in, frameAllocator);
            default:
                return readRegistered(in, tag);
        }
    }

    private List<Object> readItems(WireReader in, int depth, String what, List<Object> into) {
        refuseDepth(depth, what);
        int count = in.readLength(1, what + "'s count");
        List<Object> items = into != null ? into : new ArrayList<>(count);
        if (into instanceof ArrayList<Object> list) {
            list.ensureCapacity(count);
        }
        for (int i = 0; i < count; i++) {
            items.add(decode(in, depth + 1));
        }
        return items;
    }

    private Map<Object, Object> readMap(WireReader in, int depth) {
        refuseDepth(depth, "a Map");
        int count = in.readLength(2, "a Map's count");
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Object key = decode(in, depth + 1);
            map.put(key, decode(in, depth + 1));
        }
        return map;
    }

    private static void refuseDepth(int depth, String what) {
        if (depth >= MAX_DEPTH) {
            throw new RefusedMessageException(what + " nested deeper than " + MAX_DEPTH);
        }
    }

    private Object readRegistered(WireReader in, int tag) {
        Registration<?> registration = tag <= LAST_USER_TAG ? BY_TAG.get(tag) : null;
        if (registration == null) {
            throw new RefusedMessageException("unknown value tag " + tag);
        }
        int length = in.readLength(1, registration.codec.name() + " value's length");
        int at = in.position();
        Object value;
        try {
            value = bridge().read(registration.codec, in.buffer(), at, length);
        } catch (RuntimeException e) {
            throw new RefusedMessageException("the " + registration.codec.name() + " codec (tag " + tag + ") failed", e);
        }
        if (!registration.type.isInstance(value)) {
            throw new RefusedMessageException("the " + registration.codec.name() + " codec (tag " + tag + ") returned "
                    + (value == null ? "null" : value.getClass().getName()) + ", not a " + registration.type.getName());
        }
        in.position(at + length);
        return value;
    }

    /** One registered user type. */
    private record Registration<T>(int tag, Class<T> type, Codec<T> codec) {
    }
}
