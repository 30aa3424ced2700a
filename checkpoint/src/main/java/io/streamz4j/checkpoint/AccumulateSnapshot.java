package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.core.Accumulate;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Snapshots an {@code accumulate} node's running state through a codec for the state's type.
 *
 * <p>Thread safety: see {@link Snapshottable}.
 *
 * @param <S> the accumulator's state type
 */
public final class AccumulateSnapshot<S> implements Snapshottable {
    private final Accumulate<?> node;
    private final Codec<S> stateCodec;

    private AccumulateSnapshot(Accumulate<?> node, Codec<S> stateCodec) {
        this.node = node;
        this.stateCodec = stateCodec;
    }

    /**
     * Snapshots {@code node}, which must be what {@code Stream.accumulate(...)} returned, its state
     * written with {@code stateCodec}.
     */
    public static <S> AccumulateSnapshot<S> of(Stream<?> node, Codec<S> stateCodec) {
        Arguments.requireNonNull(node, "AccumulateSnapshot", "node");
        Arguments.requireNonNull(stateCodec, "AccumulateSnapshot", "stateCodec");
        if (!(node instanceof Accumulate<?> accumulate)) {
            throw new IllegalArgumentException("AccumulateSnapshot: parameter 'node' must be an accumulate"
                    + " node, got " + node);
        }
        return new AccumulateSnapshot<>(accumulate, stateCodec);
    }

    @Override
    public Stream<?> node() {
        return node;
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] snapshot() {
        Object state = node.state();
        if (state == null) {
            return new byte[0];
        }
        Bytes<byte[]> bytes = Bytes.allocateElasticOnHeap();
        try {
            stateCodec.write((S) state, bytes);
            return bytes.toByteArray();
        } finally {
            bytes.releaseLast();
        }
    }

    @Override
    public void restore(byte[] state) {
        if (state.length == 0) {
            return;
        }
        Bytes<byte[]> bytes = Bytes.wrapForRead(state);
        node.restoreState(stateCodec.read(bytes));
    }
}
