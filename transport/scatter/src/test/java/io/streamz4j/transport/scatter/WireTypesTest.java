package io.streamz4j.transport.scatter;

import io.streamz4j.Tuple;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.transport.scatter.wire.WireReader;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WireTypesTest {

    /** A user type, carried by a registered codec. */
    record Point(int x, int y) {
    }

    static final Codec<Point> POINT = Codec.of("point", (p, out) -> {
        out.writeInt(p.x());
        out.writeInt(p.y());
    }, in -> new Point(in.readInt(), in.readInt()));

    /** A user type whose codec writes a variable length: a run of longs. */
    record Run(long[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Run r && Arrays.equals(r.values, values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    static final Codec<Run> RUN = Codec.of("run", (r, out) -> {
        out.writeInt(r.values().length);
        for (long v : r.values()) {
            out.writeLong(v);
        }
    }, in -> {
        int count = in.readInt();
        if (count < 0 || count > in.readRemaining() / 8) { // the bytes come from a channel: check before allocating
            throw new IllegalStateException("a run of " + count + " longs in " + in.readRemaining() + " bytes");
        }
        long[] values = new long[count];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return new Run(values);
    });

    record Failing() {
    }

    static final Codec<Failing> FAILING = Codec.of("failing", (f, out) -> out.writeByte((byte) 7), in -> {
        throw new IllegalStateException("this codec cannot read");
    });

    record Lying() {
    }

    /** Claims Lying but reads back a String: the registry must refuse what it returns. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Codec<Lying> LYING = (Codec) Codec.of("lying", (f, out) -> out.writeByte((byte) 1), in -> {
        in.readByte();
        return "not a Lying";
    });

    static {
        WireTypes.register(64, Point.class, POINT);
        WireTypes.register(65, Run.class, RUN);
        WireTypes.register(66, Failing.class, FAILING);
        WireTypes.register(67, Lying.class, LYING);
    }

    private static Object roundTrip(WireTypes types, Object value, MutableDirectBuffer buffer) {
        WireWriter out = new WireWriter().wrap(buffer, 3);
        types.encode(value, out);
        return types.decode(buffer, 3, out.position());
    }

    @Test
    void everyBuiltInTypeRoundTripsOnHeapAndOffHeapBuffers() {
        WireTypes types = new WireTypes();
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("b", 2L);
        map.put(1, List.of("x", Tuple.of(1.5, 'c')));
        map.put(null, null);
        List<Object> values = Arrays.asList(null, 42L, Long.MIN_VALUE, 7, -1, 3.25, Double.NaN, "", "héllo ✓ 𝄞",
                true, false, 1.5f, (short) -300, (byte) -7, 'z', '\uFFFF', List.of(), List.of(1L, "two", 3.0),
                Tuple.of(), Tuple.of(1, Tuple.of("nested", List.of(List.of(List.of(9L))))), map, Map.of(),
                new Point(3, -4), new Run(new long[] {1, 2, 3}), new java.util.LinkedList<>(List.of(1, "linked")), List.of(new Point(1, 2), Map.of("p", new Point(5, 6))));
        for (MutableDirectBuffer buffer : List.of(new ExpandableArrayBuffer(8), new ExpandableDirectByteBuffer(8))) {
            for (Object value : values) {
                Object back = roundTrip(types, value, buffer);
                assertEquals(value, back, "round trip of " + value + " through " + buffer.getClass().getSimpleName());
                if (value != null) {
                    assertEquals(value instanceof Tuple ? Tuple.class : value instanceof List ? ArrayList.class
                            : value instanceof Map ? LinkedHashMap.class : value.getClass(), back.getClass());
                }
            }
            byte[] bytes = {1, 2, -3};
            assertArrayEquals(bytes, (byte[]) roundTrip(types, bytes, buffer));
            Run run = (Run) roundTrip(types, new Run(new long[1000]), buffer);
            assertEquals(1000, run.values().length, "a codec value larger than the scratch it starts with");
        }
    }

    @Test
    void valuesFollowOneAnotherInAMessage() {
        WireTypes types = new WireTypes();
        ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(16);
        WireWriter out = new WireWriter().wrap(buffer, 0);
        types.encode(new Point(1, 2), out);
        types.encode("between", out);
        types.encode(new Point(3, 4), out);
        WireReader in = new WireReader().wrap(buffer, 0, out.position());
        assertEquals(new Point(1, 2), types.decode(in));
        assertEquals("between", types.decode(in));
        assertEquals(new Point(3, 4), types.decode(in));
        assertEquals(0, in.remaining());
    }

    @Test
    void framesRoundTripAndNothingLeaks() {
        Schema schema = Schema.builder().add("sym", ColumnType.STRING).add("qty", ColumnType.LONG)
                .add("px", ColumnType.DOUBLE).build();
        try (BufferAllocator allocator = new RootAllocator()) {
            WireTypes types = new WireTypes(allocator);
            try (Frame frame = Frame.fromRows(schema, List.of(new Object[] {"a", 1L, 1.5}, new Object[] {"b", 2L, 2.5}),
                    allocator)) {
                Object back = roundTrip(types, List.of(frame, "after"), new ExpandableDirectByteBuffer(8));
                Frame decoded = (Frame) ((List<?>) back).get(0);
                try {
                    assertEquals(frame.toRecords(), decoded.toRecords());
                    assertEquals(schema.names(), decoded.schema().names());
                    assertEquals("after", ((List<?>) back).get(1));
                } finally {
                    decoded.release();
                }
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    @Test
    void aFrameWithoutAnAllocatorIsRefused() {
        Schema schema = Schema.builder().add("qty", ColumnType.LONG).build();
        ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(8);
        int end;
        try (BufferAllocator allocator = new RootAllocator();
                Frame frame = Frame.fromRows(schema, List.<Object[]>of(new Object[] {1L}), allocator)) {
            WireWriter out = new WireWriter().wrap(buffer, 0);
            new WireTypes(allocator).encode(frame, out);
            end = out.position();
        }
        RefusedMessageException refused = assertThrows(RefusedMessageException.class,
                () -> new WireTypes().decode(buffer, 0, end));
        assertTrue(refused.getMessage().contains("no Arrow allocator"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> {
            try (BufferAllocator allocator = new RootAllocator();
                    Frame frame = Frame.fromRows(schema, List.<Object[]>of(new Object[] {1L}), allocator)) {
                new WireTypes().encode(frame, new WireWriter().wrap(buffer, 0));
            }
        });
    }

    @Test
    void aValueOfNoWireTypeIsRefusedWhenSent() {
        WireTypes types = new WireTypes();
        WireWriter out = new WireWriter().wrap(new ExpandableArrayBuffer(8), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> types.encode(new Object(), out));
        assertTrue(e.getMessage().contains("not a wire type"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> types.encode(Set.of(1), out));
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertThrows(IllegalArgumentException.class, () -> types.encode(self, out), "a list that contains itself");
    }

    private static void assertRefused(String reasonPart, int... ints) {
        byte[] bytes = new byte[ints.length];
        for (int i = 0; i < ints.length; i++) {
            bytes[i] = (byte) ints[i];
        }
        assertRefused(reasonPart, bytes);
    }

    private static void assertRefused(String reasonPart, byte[] bytes) {
        RefusedMessageException e = assertThrows(RefusedMessageException.class,
                () -> new WireTypes().decode(new UnsafeBuffer(bytes), 0, bytes.length));
        assertTrue(e.getMessage().contains(reasonPart), "'" + e.getMessage() + "' should say " + reasonPart);
    }

    @Test
    void undecodableValuesAreRefusedWithTheirReason() {
        assertRefused("unknown value tag 99", 99);
        assertRefused("unknown value tag 70", 70);
        assertRefused("unknown value tag 15", 15);
        assertRefused("unknown value tag 200", 200);
        assertRefused("a Long needs 8 bytes", WireTypes.LONG, 1, 2, 3);
        assertRefused("a String of 100 runs past", WireTypes.STRING, 100, 0, 0, 0, 'a');
        assertRefused("a List's count of -1", WireTypes.LIST, -1, -1, -1, -1);
        assertRefused("a Map's count of 1000000", WireTypes.MAP, 0x40, 0x42, 0x0F, 0, 0);
        assertRefused("a Boolean of byte 2", WireTypes.BOOLEAN, 2);
        assertRefused("left over", WireTypes.BYTE, 1, 2);
        assertRefused("the failing codec (tag 66) failed", 66, 1, 0, 0, 0, 7);
        assertRefused("returned java.lang.String, not a", 67, 1, 0, 0, 0, 1);
        assertRefused("the point codec (tag 64) failed", 64, 4, 0, 0, 0, 1, 2, 3, 4);
        byte[] deep = new byte[(WireTypes.MAX_DEPTH + 1) * 5];
        for (int i = 0; i <= WireTypes.MAX_DEPTH; i++) {
            deep[i * 5] = WireTypes.LIST;
            deep[i * 5 + 1] = 1;
        }
        assertRefused("nested deeper than " + WireTypes.MAX_DEPTH, deep);
    }

    @Test
    void registrationsAreCheckedForClashes() {
        WireTypes.register(64, Point.class, POINT); // the same again: accepted
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(63, Point.class, POINT));
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(128, Point.class, POINT));
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(64, Run.class, RUN), "tag taken");
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(70, Point.class, POINT), "type taken");
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(64, Point.class,
                Codec.of("other point", (p, out) -> { }, in -> null)), "same tag and type, another codec");
        assertThrows(IllegalArgumentException.class, () -> WireTypes.register(71, String.class,
                Codec.of("s", (p, out) -> { }, in -> "")), "a built-in type");
    }

    /** Allowed classes of anything decoded: the built-ins and the registered types, nothing else. */
    private static final Set<Class<?>> ALLOWED = Set.of(Long.class, Integer.class, Double.class, String.class,
            Boolean.class, byte[].class, ArrayList.class, Tuple.class, Float.class, Short.class, Byte.class,
            Character.class, LinkedHashMap.class, Frame.class, Point.class, Run.class, Failing.class, Lying.class);

    private static void assertOnlyAllowed(Object value) {
        if (value == null) {
            return;
        }
        assertTrue(ALLOWED.contains(value.getClass()), "decoded a " + value.getClass());
        if (value instanceof List<?> list) {
            list.forEach(WireTypesTest::assertOnlyAllowed);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertOnlyAllowed(k);
                assertOnlyAllowed(v);
            });
        }
    }

    private static void release(Object value) {
        if (value instanceof Frame frame) {
            frame.release();
        } else if (value instanceof List<?> list) {
            list.forEach(WireTypesTest::release);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                release(k);
                release(v);
            });
        }
    }

    /**
     * Thousands of random buffers, and thousands of valid encodings with bytes flipped or cut
     * short: decoding only ever refuses or gives values of the allowed classes, never another
     * exception, on heap and off-heap buffers, and leaves no Arrow memory behind.
     */
    @Test
    void garbageIsRefusedAndNeverDecodedIntoAnyOtherClass() {
        Random random = new Random(20_26_12_07L);
        Schema schema = Schema.builder().add("sym", ColumnType.STRING).add("qty", ColumnType.LONG).build();
        int refused = 0;
        int decoded = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            WireTypes types = new WireTypes(allocator);
            List<byte[]> seeds = new ArrayList<>();
            try (Frame frame = Frame.fromRows(schema, List.<Object[]>of(new Object[] {"a", 1L}), allocator)) {
                for (Object seed : List.of(List.of(1L, "two", Tuple.of(3.0f, 'c')), Map.of("k", new Point(1, 2)),
                        frame, new Run(new long[] {5, 6}), List.of(List.of(List.of((short) 1)), (byte) 2, true))) {
                    ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
                    WireWriter out = new WireWriter().wrap(buffer, 0);
                    types.encode(seed, out);
                    seeds.add(Arrays.copyOf(buffer.byteArray(), out.position()));
                }
            }
            ExpandableDirectByteBuffer offHeap = new ExpandableDirectByteBuffer(256);
            for (int round = 0; round < 20_000; round++) {
                byte[] bytes;
                if (round % 2 == 0) {
                    bytes = new byte[random.nextInt(64)];
                    random.nextBytes(bytes);
                    if (bytes.length > 0 && random.nextBoolean()) {
                        bytes[0] = (byte) random.nextInt(16); // a built-in tag, so the payloads are exercised
                    }
                } else {
                    byte[] seed = seeds.get(random.nextInt(seeds.size()));
                    bytes = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                    for (int flips = random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
                DirectBuffer buffer;
                if (random.nextBoolean()) {
                    buffer = new UnsafeBuffer(bytes);
                } else {
                    offHeap.putBytes(0, bytes);
                    buffer = offHeap;
                }
                try {
                    Object value = types.decode(buffer, 0, bytes.length);
                    assertOnlyAllowed(value);
                    release(value);
                    decoded++;
                } catch (RefusedMessageException e) {
                    refused++;
                } catch (RuntimeException | Error e) {
                    fail("decoding " + Arrays.toString(bytes) + " threw " + e, e);
                }
            }
            assertEquals(0, allocator.getAllocatedMemory(), "refused frames left Arrow memory behind");
        }
        assertTrue(refused > 10_000, "most garbage is refused: " + refused);
        assertTrue(decoded > 100, "some garbage happens to be values: " + decoded);
    }

    @Test
    void decodingRefusesLengthsThatRunPastTheGivenLimitEvenWhenTheBufferIsLonger() {
        WireTypes types = new WireTypes();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        WireWriter out = new WireWriter().wrap(buffer, 0);
        types.encode("a long enough string", out);
        for (int limit = 0; limit < out.position(); limit++) {
            int cut = limit;
            assertThrows(RefusedMessageException.class, () -> types.decode(buffer, 0, cut), "cut at " + cut);
        }
        assertInstanceOf(String.class, types.decode(buffer, 0, out.position()));
    }
}
