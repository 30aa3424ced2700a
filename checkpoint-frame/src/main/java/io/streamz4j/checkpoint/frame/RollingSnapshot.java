package io.streamz4j.checkpoint.frame;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.RefCounter;
import io.streamz4j.checkpoint.HeldReferences;
import io.streamz4j.checkpoint.Snapshottable;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.rolling.RollingNode;
import io.streamz4j.frame.rolling.RollingState;
import org.apache.arrow.memory.BufferAllocator;

import java.util.function.Predicate;

/**
 * Snapshots a rolling aggregation ({@code df.rolling(1000).withState().x.mean()}, a
 * {@link RollingNode}): the rows a later row's window can still reach, in Arrow IPC form. Every
 * rolling statistic is a function of those rows alone, so a restored node replays them into its
 * running structures and its next results are those of an uncrashed one (order statistics and
 * counts exactly, sums within the rounding of a replay, as {@code Rolling.start} gives).
 *
 * <p>The node, built {@code withState()}, holds the references of the elements whose rows some
 * later window reaches; an element still in reach of a node that is not snapshotted holds the
 * checkpoint back and is replayed after a restart, while {@link #heldReferences} lets the
 * checkpoint pass those the snapshot carries. Restored rows hold no references.
 *
 * <p>Format: a version byte, a kind byte ('R'), the frame count, each frame's IPC length and
 * bytes. A stored state of another schema or version, or cut short, is refused at restore with an
 * {@link IllegalArgumentException} naming the node, and nothing is left allocated.
 *
 * <p>Thread safety: see {@link Snapshottable}.
 */
public final class RollingSnapshot implements Snapshottable {
    private static final byte VERSION = 1;
    private static final byte KIND = 'R';
    private final RollingNode node;
    private final Schema schema;
    private final BufferAllocator allocator;

    private RollingSnapshot(RollingNode node, Schema schema, BufferAllocator allocator) {
        this.node = node;
        this.schema = schema;
        this.allocator = allocator;
    }

    /**
     * Snapshots the rolling aggregation behind {@code rolled} (what a {@code Rolling} built with
     * {@code withState()} returned), whose input frames are of {@code schema} (the rolled
     * DataFrame's own); frames are written and restored through {@code allocator}.
     */
    public static RollingSnapshot of(DataFrame rolled, Schema schema, BufferAllocator allocator) {
        Arguments.requireNonNull(rolled, "RollingSnapshot", "rolled");
        Arguments.requireNonNull(schema, "RollingSnapshot", "schema");
        Arguments.requireNonNull(allocator, "RollingSnapshot", "allocator");
        RollingNode node = RollingNode.of(rolled);
        // refused now, when the pipeline is built, rather than at the first checkpoint
        node.requireKeptState();
        return new RollingSnapshot(node, schema, allocator);
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
        RollingState saved = node.snapshot();
        try {
            return FrameBlocks.write(VERSION, KIND, out -> FrameBlocks.writeFrames(saved.frames(), allocator, out));
        } finally {
            saved.release();
        }
    }

    @Override
    public void restore(byte[] state) {
        FrameBlocks.read(state, VERSION, KIND, "rolling snapshot", (in, frames) -> {
            FrameBlocks.readFrames(in, schema, allocator, frames);
            node.restore(new RollingState(frames));
        }, this::failure);
    }

    private IllegalArgumentException failure(String why, Exception cause) {
        return new IllegalArgumentException("RollingSnapshot: the stored rolling state of " + node
                + " cannot be restored: " + why, cause);
    }
}
