package io.streamz4j.checkpoint.frame;

import io.streamz4j.Arguments;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.HeldReferences;
import io.streamz4j.checkpoint.Snapshottable;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.StateBytes;
import io.streamz4j.frame.window.WindowAggregate;
import io.streamz4j.frame.window.WindowState;
import org.apache.arrow.memory.BufferAllocator;

import java.util.function.Predicate;

/**
 * Snapshots an aggregation over a frame window ({@code df.window(n).x.mean()},
 * {@code df.window(Duration).groupby("name").x.sum()}, a {@link WindowAggregate}): the window's
 * frames in Arrow IPC form and the aggregation's state in {@link StateBytes}' form (a user-defined
 * aggregation's through a {@link Codec} for its state), streamz's {@code {'dfs': ..., 'state': ...}}
 * ({@link WindowState}).
 *
 * <p>Why both rather than only the frames, re-fed into a fresh aggregation on restore: the live
 * state is the sum of every frame that entered minus every frame that left, and floating-point
 * subtraction leaves residue a fresh sum of the retained rows does not have, so re-feeding would
 * give results that differ from an uncrashed run in the last bits. Storing the state keeps them
 * identical; the frames are needed as well, because rows leaving later are taken back out of the
 * state. A frame part of whose rows already left is stored as the rows still in the window, which
 * leave in the same order and groupings as they would have.
 *
 * <p>The window retains its frames' Arrow memory and, while any of an element's rows is in it, the
 * element's references (an element is done only once it has left every node), so an element
 * still in a window that is not snapshotted holds the checkpoint back and is replayed after a
 * restart; {@link #heldReferences} counts those references, which lets the checkpoint pass them
 * once the snapshot, holding their rows, carries them across a restart. Restored frames hold no
 * references (the checkpoint covers them) and are made from {@code allocator}; the window releases
 * them as their rows leave or when it is destroyed. Late rows a span window dropped
 * ({@code droppedRows()}) are not part of the snapshot.
 *
 * <p>Format: a version byte, a kind byte ('W'), the frame count, each frame's IPC length and bytes, then the state's
 * length and bytes. A stored state of another schema, shape or version, or cut short, is refused at
 * restore with an {@link IllegalArgumentException} naming the node, and nothing is left allocated.
 *
 * <p>Thread safety: see {@link Snapshottable}.
 */
public final class FrameWindowSnapshot implements Snapshottable {
    private static final byte VERSION = 1;
    private static final byte KIND = 'W';
    private final WindowAggregate<Object, ?> node;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final FrameStateForm form;

    private FrameWindowSnapshot(WindowAggregate<Object, ?> node, Schema schema, BufferAllocator allocator,
            FrameStateForm form) {
        this.node = node;
        this.schema = schema;
        this.allocator = allocator;
        this.form = form;
    }

    /**
     * Snapshots {@code node}, a built-in reduction or groupby over a window of a DataFrame whose
     * frames are of {@code schema} (the DataFrame's, also for a window of one column); frames are
     * written and restored through {@code allocator}.
     */
    public static FrameWindowSnapshot of(Stream<?> node, Schema schema, BufferAllocator allocator) {
        WindowAggregate<Object, ?> window = window(node, schema, allocator);
        return new FrameWindowSnapshot(window, schema, allocator,
                FrameStateForm.builtIn("FrameWindowSnapshot", node, window.state()));
    }

    /**
     * As {@link #of(Stream, Schema, BufferAllocator)} for any aggregation over a frame window,
     * built-in or user-defined ({@code df.window(n).aggregate(myAggregation)}), its state of type
     * {@code S} written with {@code stateCodec}.
     */
    public static <S> FrameWindowSnapshot of(Stream<?> node, Schema schema, BufferAllocator allocator,
            Codec<S> stateCodec) {
        Arguments.requireNonNull(stateCodec, "FrameWindowSnapshot", "stateCodec");
        return new FrameWindowSnapshot(window(node, schema, allocator), schema, allocator,
                FrameStateForm.of(stateCodec));
    }

    @SuppressWarnings("unchecked")
    private static WindowAggregate<Object, ?> window(Stream<?> node, Schema schema, BufferAllocator allocator) {
        Arguments.requireNonNull(node, "FrameWindowSnapshot", "node");
        Arguments.requireNonNull(schema, "FrameWindowSnapshot", "schema");
        Arguments.requireNonNull(allocator, "FrameWindowSnapshot", "allocator");
        if (!(node instanceof WindowAggregate<?, ?> window)) {
            throw new IllegalArgumentException("FrameWindowSnapshot: parameter 'node' must be an aggregation over"
                    + " a frame window (df.window(n).x.mean(), ...), got " + node);
        }
        return (WindowAggregate<Object, ?>) window;
    }

    @Override
    public int heldReferences(Predicate<RefCounter> ofThisSource) {
        return HeldReferences.count(node.heldMetadata(), ofThisSource);
    }

    @Override
    public Stream<?> node() {
        return node;
    }

    @Override
    public byte[] snapshot() {
        WindowState<Object> saved = node.snapshot();
        try {
            return FrameBlocks.write(VERSION, KIND, out -> {
                FrameBlocks.writeFrames(saved.frames(), allocator, out);
                FrameBlocks.writeBlock(form.write(saved.state()), out);
            });
        } finally {
            saved.release();
        }
    }

    @Override
    public void restore(byte[] state) {
        FrameBlocks.read(state, VERSION, KIND, "window snapshot", (in, frames) -> {
            FrameBlocks.readFrames(in, schema, allocator, frames);
            Object aggregation = form.read(node.state(), FrameBlocks.readBlock(in));
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes follow the state");
            }
            node.restore(new WindowState<>(frames, aggregation));
        }, this::failure);
    }

    private IllegalArgumentException failure(String why, Exception cause) {
        return new IllegalArgumentException("FrameWindowSnapshot: the stored window of " + node
                + " cannot be restored: " + why, cause);
    }
}
