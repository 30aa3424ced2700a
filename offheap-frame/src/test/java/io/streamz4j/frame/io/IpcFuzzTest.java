package io.streamz4j.frame.io;

import io.streamz4j.frame.Frame;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded fuzz of {@link Frame#fromIpc}: valid streams (frames of every column type, empty, with
 * NaNs and multi-byte strings; another writer's dictionary-encoded batches with a delta; a stream
 * holding nulls) mutated by bit flips, extreme bytes, large int32/int64 values, truncation,
 * duplicated and deleted ranges and splices of two streams. Each input must give either a frame of
 * the schema whose every value reads, or a {@link FrameFormatException} that the explicit checks
 * raised (no wrapped cause); nothing else, no OutOfMemoryError, the allocator back at zero, and
 * memory bounded by the input's size.
 */
class IpcFuzzTest {
    private static final long SEED = 0x5EED_F4A3L;
    private static final int INPUTS = 12_000;
    private static final int[] INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1_500_000_000, 0, 1, 8, -8, 0x7FFF,
        0xFFFF};
    private static final long[] LONGS = {Long.MAX_VALUE, Long.MIN_VALUE, -1, 1_500_000_000L, 1L << 32, 1L << 40, 0, 7};
    private static final byte[] EXTREMES = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1};

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void mutatedStreamsGiveAFrameOrTheDocumentedExceptionAndLeakNothing() {
        List<byte[]> seeds = List.of(IpcSamples.written(3, allocator), IpcSamples.written(0, allocator),
                IpcSamples.written(37, allocator), IpcSamples.dictionaryEncoded(allocator),
                IpcSamples.withNulls(allocator));
        Random random = new Random(SEED);
        int accepted = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        long start = System.nanoTime();
        long slowest = 0;
        int slowestInput = -1;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                input = mutate(random, input, seeds);
            }
            long before = System.nanoTime();
            String reason = read(i, input);
            if (System.nanoTime() - before > slowest) {
                slowest = System.nanoTime() - before;
                slowestInput = i;
            }
            if (reason == null) {
                accepted++;
            } else {
                reasons.merge(reason, 1, Integer::sum);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int rejected = INPUTS - accepted;
        // printed, not asserted: timing depends on the machine
        System.out.printf("IpcFuzzTest: seed %#x, %d mutated inputs: %d read as frames, %d refused, in %d ms"
                + " (slowest: input %d, %.2f ms); %d kinds of refusal: %s%n", SEED, INPUTS, accepted, rejected,
                millis, slowestInput, slowest / 1e6, reasons.size(), reasons);
        assertTrue(accepted > 0 && rejected > 0, "both outcomes are exercised");
        assertTrue(reasons.size() >= 15, "many kinds of corruption are reached: " + reasons.keySet());
    }

    /** Reads one input; null if it gave a frame, else the kind of refusal. */
    private String read(int i, byte[] input) {
        String reason = null;
        try (BufferAllocator child = allocator.newChildAllocator("input " + i, 0, Long.MAX_VALUE)) {
            try {
                Frame frame = Frame.fromIpc(IpcSamples.SCHEMA, input, child);
                try {
                    assertTrue(IpcSamples.SCHEMA.matches(frame.schema()));
                    assertEquals(frame.rows(), frame.toRecords().size(), "every value reads");
                } finally {
                    frame.release();
                }
            } catch (FrameFormatException e) {
                assertNull(e.getCause(), () -> "input " + i + ": refused only by the last-resort wrap: " + e);
                reason = kind(e.getMessage());
            } catch (Throwable t) {
                fail("input " + i + " (seed " + SEED + ", " + input.length + " bytes) threw " + t, t);
            }
            assertEquals(0, child.getAllocatedMemory(), "input " + i + ": everything allocated was freed");
            // Every row costs the input at least 8 bytes (the double column); a frame of those rows
            // takes about 4 bytes of memory per byte of input, twice that for Arrow's rounding up.
            long bound = 8L * input.length + 4096;
            assertTrue(child.getPeakMemoryAllocation() <= bound, "input " + i + ": " + child.getPeakMemoryAllocation()
                    + " bytes allocated for " + input.length + " bytes of input");
        }
        return reason;
    }

    /** A refusal's message with its numbers, positions and names taken out: what kind of check refused it. */
    private static String kind(String message) {
        return message.replaceAll("'[^']*'", "'_'").replaceAll("-?\\d+", "#").replaceAll("\\[[^]]*]", "[_]")
                .replaceAll("\\([^)]*\\)", "(_)").replaceAll("^.*?: ", "");
    }

    private static byte[] mutate(Random random, byte[] in, List<byte[]> seeds) {
        if (in.length == 0) {
            return seeds.get(random.nextInt(seeds.size())).clone();
        }
        byte[] b = in.clone();
        int at = random.nextInt(b.length);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (random.nextInt(8)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = EXTREMES[random.nextInt(EXTREMES.length)];
            case 2 -> {
                int p = random.nextBoolean() ? at & ~3 : at;
                if (p + 4 <= b.length) {
                    le.putInt(p, random.nextInt(3) == 0 ? b.length + random.nextInt(64) - 32 : INTS[random.nextInt(INTS.length)]);
                }
            }
            case 3 -> {
                int p = random.nextBoolean() ? at & ~7 : at;
                if (p + 8 <= b.length) {
                    le.putLong(p, LONGS[random.nextInt(LONGS.length)]);
                }
            }
            case 4 -> b = Arrays.copyOf(b, at);
            case 5 -> {
                int length = 1 + random.nextInt(Math.min(64, b.length - at));
                int to = random.nextInt(b.length + 1);
                byte[] out = new byte[b.length + length];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, at, out, to, length);
                System.arraycopy(b, to, out, to + length, b.length - to);
                b = out;
            }
            case 6 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length);
                byte[] out = Arrays.copyOf(b, at + other.length - from);
                System.arraycopy(other, from, out, at, other.length - from);
                b = out;
            }
            default -> {
                int length = 1 + random.nextInt(Math.min(64, b.length - at));
                byte[] out = new byte[b.length - length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + length, out, at, b.length - at - length);
                b = out;
            }
        }
        return b;
    }
}
