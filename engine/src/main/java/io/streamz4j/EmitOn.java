package io.streamz4j;

import java.util.List;

/**
 * Which upstreams of a combine_latest trigger an emission (streamz's {@code emit_on}): given as
 * the streams themselves, or as their positions among the joined streams (0 is the stream
 * {@code combineLatest} was called on).
 *
 * <p>Thread safety: immutable.
 */
public final class EmitOn {
    private final List<Stream<?>> streams;
    private final int[] indices;

    private EmitOn(List<Stream<?>> streams, int[] indices) {
        this.streams = streams;
        this.indices = indices;
    }

    /** Emit only when one of {@code streams} emits. */
    public static EmitOn streams(Stream<?>... streams) {
        for (Stream<?> s : streams) {
            Arguments.requireNonNull(s, "emitOn", "streams");
        }
        return new EmitOn(List.of(streams), null);
    }

    /** Emit only when one of the streams at these positions emits. */
    public static EmitOn indices(int... indices) {
        return new EmitOn(null, indices.clone());
    }

    /** The emitting streams among {@code joined}, the streams of the combine_latest in order. */
    public List<Stream<?>> resolve(List<Stream<?>> joined) {
        if (streams != null) {
            return streams;
        }
        Stream<?>[] picked = new Stream<?>[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= joined.size()) {
                throw new IllegalArgumentException("combineLatest: emitOn index " + indices[i]
                        + " is out of range for " + joined.size() + " streams");
            }
            picked[i] = joined.get(indices[i]);
        }
        return List.of(picked);
    }
}
