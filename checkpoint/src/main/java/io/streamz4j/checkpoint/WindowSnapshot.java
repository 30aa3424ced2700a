package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.WindowContents;

import java.util.function.Predicate;

/**
 * Snapshots a {@code slidingWindow}, a {@code partition} (keyed or not, with or without a timeout)
 * or a {@code timedWindow}: the values it holds, each written with a codec for the window's element
 * type, so a restarted window emits what the uncrashed one would have. A {@link NodeSnapshot} that
 * accepts windows only; how a window on a loop thread is read at a consistent cut, and the format,
 * are described there.
 *
 * <p>Thread safety: see {@link Snapshottable} and {@link NodeSnapshot}.
 *
 * @param <T> the window's element type
 */
public final class WindowSnapshot<T> implements Snapshottable {
    private final NodeSnapshot<T> contents;

    private WindowSnapshot(NodeSnapshot<T> contents) {
        this.contents = contents;
    }

    /**
     * Snapshots {@code window}, which must be what {@code Stream.slidingWindow(...)},
     * {@code Stream.partition(...)} or {@code Stream.timedWindow(...)} returned, its values written
     * with {@code valueCodec}.
     */
    public static <T> WindowSnapshot<T> of(Stream<?> window, Codec<T> valueCodec) {
        Arguments.requireNonNull(window, "WindowSnapshot", "window");
        if (!(window instanceof WindowContents)) {
            throw new IllegalArgumentException("WindowSnapshot: parameter 'window' must be a sliding_window,"
                    + " partition or timed_window node, got " + window);
        }
        return new WindowSnapshot<>(NodeSnapshot.of("WindowSnapshot", window, valueCodec));
    }

    @Override
    public Stream<?> node() {
        return contents.node();
    }

    @Override
    public byte[] snapshot() {
        return contents.snapshot();
    }

    @Override
    public void restore(byte[] state) {
        contents.restore(state);
    }

    @Override
    public int heldReferences(Predicate<RefCounter> ofThisSource) {
        return contents.heldReferences(ofThisSource);
    }
}
