package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.WindowContents;
import net.openhft.chronicle.bytes.Bytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Snapshots a {@code slidingWindow} or an untimed {@code partition} (keyed or not): the values it
 * holds, each written with a codec for the window's element type, so a restarted window emits
 * what the uncrashed one would have. Windows that run on a loop thread ({@code timedWindow}, a
 * partition with a timeout) cannot be snapshotted between emits and are refused.
 *
 * <p>Format: group count, then per group its value count and per value its length (-1: null) and
 * the codec's bytes.
 *
 * <p>Thread safety: see {@link Snapshottable}.
 *
 * @param <T> the window's element type
 */
public final class WindowSnapshot<T> implements Snapshottable {
    private final WindowContents window;
    private final Codec<T> valueCodec;

    private WindowSnapshot(WindowContents window, Codec<T> valueCodec) {
        this.window = window;
        this.valueCodec = valueCodec;
    }

    /**
     * Snapshots {@code window}, which must be what {@code Stream.slidingWindow(...)} or an untimed
     * {@code Stream.partition(...)} returned, its values written with {@code valueCodec}.
     */
    public static <T> WindowSnapshot<T> of(Stream<?> window, Codec<T> valueCodec) {
        Arguments.requireNonNull(window, "WindowSnapshot", "window");
        Arguments.requireNonNull(valueCodec, "WindowSnapshot", "valueCodec");
        if (!(window instanceof WindowContents contents)) {
            throw new IllegalArgumentException("WindowSnapshot: parameter 'window' must be a sliding_window or"
                    + " partition node, got " + window);
        }
        if (!contents.runsOnEmittingThread()) {
            throw new IllegalArgumentException("WindowSnapshot: parameter 'window' " + window + " runs on a loop"
                    + " thread (it has a timeout), so it cannot be snapshotted between emits");
        }
        return new WindowSnapshot<>(contents, valueCodec);
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] snapshot() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            List<List<Object>> groups = window.heldValues();
            out.writeInt(groups.size());
            for (List<Object> group : groups) {
                out.writeInt(group.size());
                for (Object value : group) {
                    if (value == null) {
                        out.writeInt(-1);
                        continue;
                    }
                    scratch.clear();
                    valueCodec.write((T) value, scratch);
                    byte[] encoded = scratch.toByteArray();
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        } finally {
            scratch.releaseLast();
        }
        return buffer.toByteArray();
    }

    @Override
    public void restore(byte[] state) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        try {
            int groupCount = in.readInt();
            List<List<Object>> groups = new ArrayList<>(groupCount);
            for (int g = 0; g < groupCount; g++) {
                int size = in.readInt();
                List<Object> group = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    int length = in.readInt();
                    group.add(length < 0 ? null : valueCodec.read(Bytes.wrapForRead(readExactly(in, length))));
                }
                groups.add(group);
            }
            window.restoreHeld(groups);
        } catch (IOException e) {
            throw new IllegalArgumentException("WindowSnapshot: the state of " + window
                    + " is truncated or not a window snapshot", e);
        }
    }

    private static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public int heldReferences(Predicate<RefCounter> ofThisSource) {
        int held = 0;
        for (Map<String, Object> entry : window.heldMetadata()) {
            if (entry != null && entry.get(Metadata.REF) instanceof RefCounter ref && ofThisSource.test(ref)) {
                held++;
            }
        }
        return held;
    }
}
