package io.streamz4j.checkpoint.frame;

import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.frame.agg.StateBytes;
import net.openhft.chronicle.bytes.Bytes;

/**
 * How a frame snapshot writes its aggregation's state: a built-in reduction's or groupby's in
 * {@link StateBytes}' versioned form, or a user-defined aggregation's through a {@link Codec} the
 * user supplies for the state's type (Java serialization is never used). The codec form is a
 * presence byte (0: a null state) and the codec's bytes.
 *
 * <p>Thread safety: stateless apart from the codec, which keeps no per-call state (see
 * {@link Codec}).
 */
final class FrameStateForm {
    /** Null for the built-in form. */
    private final Codec<Object> codec;

    private FrameStateForm(Codec<Object> codec) {
        this.codec = codec;
    }

    /**
     * The built-in form; throws, naming {@code adapter} and {@code node}, unless {@code state} is a
     * built-in one.
     */
    static FrameStateForm builtIn(String adapter, Stream<?> node, Object state) {
        if (!StateBytes.supports(state)) {
            throw new IllegalArgumentException(adapter + ": parameter 'node' " + node + " keeps a "
                    + (state == null ? "null state" : state.getClass().getName()) + "; only the built-in reductions'"
                    + " and groupbys' states can be snapshotted without a codec: pass a Codec for it");
        }
        return new FrameStateForm(null);
    }

    /** The form of a user-defined aggregation's state, written with {@code stateCodec}. */
    @SuppressWarnings("unchecked")
    static FrameStateForm of(Codec<?> stateCodec) {
        return new FrameStateForm((Codec<Object>) stateCodec);
    }

    byte[] write(Object state) {
        if (codec == null) {
            return StateBytes.write(state);
        }
        Bytes<byte[]> bytes = Bytes.allocateElasticOnHeap();
        try {
            bytes.writeByte((byte) (state == null ? 0 : 1));
            if (state != null) {
                codec.write(state, bytes);
            }
            return bytes.toByteArray();
        } finally {
            bytes.releaseLast();
        }
    }

    /**
     * Reads a state {@link #write} made; {@code like} is the node's current state (the built-in
     * form checks the stored one has its shape). Throws IllegalArgumentException saying what is wrong.
     */
    Object read(Object like, byte[] stored) {
        if (codec == null) {
            return StateBytes.read(like, stored);
        }
        if (stored.length == 0) {
            throw new IllegalArgumentException("the state is empty, not one the " + codec.name() + " codec wrote");
        }
        if (stored[0] == 0) {
            return null;
        }
        Bytes<byte[]> in = Bytes.wrapForRead(stored);
        in.readSkip(1);
        Object state;
        try {
            state = codec.read(in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + codec.name() + " codec cannot read the state: " + e, e);
        }
        if (in.readRemaining() > 0) {
            throw new IllegalArgumentException(in.readRemaining() + " bytes follow the state the " + codec.name()
                    + " codec read");
        }
        return state;
    }
}
