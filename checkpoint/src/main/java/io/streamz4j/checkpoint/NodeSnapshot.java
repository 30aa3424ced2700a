package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.NodeContents;
import net.openhft.chronicle.bytes.Bytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Snapshots any node that exposes its {@link NodeContents}: the values it holds, each written with
 * a codec, so a restarted node emits what the uncrashed one would have. The nodes that do:
 * {@code unique} (its seen keys: the codec writes keys), {@code latest}, {@code combine_latest},
 * {@code zip}, {@code zip_latest}, {@code collect}, {@code partition_unique},
 * {@code timed_window_unique} and the windows ({@code sliding_window}, {@code partition},
 * {@code timed_window}; see {@link WindowSnapshot}). A join's values are of each upstream's type:
 * give a codec that writes all of them.
 *
 * <p>A node on a loop thread ({@code timed_window}, {@code timed_window_unique}, a partition with a
 * timeout) is read and written on that thread: {@link #heldReferences} hands one task to the node's
 * loop and the emitting thread waits for it; the task counts the references the node holds
 * <em>and</em> encodes its values, and {@link #snapshot()} returns those bytes, so the count the
 * source compares and the state it stores are the same instant's. Why that instant is a
 * consistent cut:
 * <ul>
 * <li>An element handed to the loop but not yet processed: the loop's inbox is first-in
 * first-out and the task is queued after every element the emitting thread handed over, so when
 * it runs the node has taken them all in. While in the inbox an element's reference is held by
 * the inbox (counted in the source's total); the node's own retain replaces it before the task
 * runs, so the total the source took before waiting still matches.
 * <li>A timer flush racing the capture: flushes run on the same thread as the task, so one comes
 * wholly before it (the elements left the node: done, or held downstream, where the count
 * sees them) or wholly after it (they are in the snapshot). A flush between the source's total
 * and the task only lowers what is held, so the counts differ and the cut is tried again later:
 * it errs towards no cut, never towards a cut that misses an element. A flush after the
 * capture but before the checkpoint is stored repeats its output after a crash (at-least-once).
 * Two loop nodes are captured by separate tasks; an element moved from one to the other between
 * them is counted twice or not at all, and again the cut is refused.
 * </ul>
 * {@link #restore} puts the values back on the loop thread too, before the source starts
 * replaying; a restored timed partition starts its timeout afresh. A join whose upstreams run on
 * different threads runs on a ring's thread, which no task reaches: snapshot it only when its
 * upstreams share the emitting thread.
 *
 * <p>Format: group count, then per group its value count and per value its length (-1: null) and
 * the codec's bytes.
 *
 * <p>Thread safety: see {@link Snapshottable}; the state captured by {@link #heldReferences} is
 * written on the loop thread and read by the emitting thread after waiting for the task, which
 * orders the two.
 *
 * @param <T> the type of the node's values
 */
public final class NodeSnapshot<T> implements Snapshottable {
    private final Stream<?> node;
    private final NodeContents contents;
    private final Codec<T> valueCodec;
    /** The state encoded by the last {@link #heldReferences}, for the {@link #snapshot()} after it. */
    private byte[] captured;

    private NodeSnapshot(Stream<?> node, NodeContents contents, Codec<T> valueCodec) {
        this.node = node;
        this.contents = contents;
        this.valueCodec = valueCodec;
    }

    /**
     * Snapshots {@code node}, which must expose its {@link NodeContents} (see the class comment),
     * its values written with {@code valueCodec}.
     */
    public static <T> NodeSnapshot<T> of(Stream<?> node, Codec<T> valueCodec) {
        return of("NodeSnapshot", node, valueCodec);
    }

    /** {@link #of(Stream, Codec)} for {@code caller}, which names itself in the errors. */
    static <T> NodeSnapshot<T> of(String caller, Stream<?> node, Codec<T> valueCodec) {
        Arguments.requireNonNull(node, caller, "node");
        Arguments.requireNonNull(valueCodec, caller, "valueCodec");
        if (!(node instanceof NodeContents contents)) {
            throw new IllegalArgumentException(caller + ": parameter 'node' must be a node that exposes what it"
                    + " holds (unique, latest, combine_latest, zip, zip_latest, collect, partition_unique,"
                    + " timed_window_unique, a window), got " + node);
        }
        return new NodeSnapshot<>(node, contents, valueCodec);
    }

    @Override
    public Stream<?> node() {
        return node;
    }

    /** The state {@link #heldReferences} captured just before, else the node's state now. */
    @Override
    public byte[] snapshot() {
        byte[] state = captured;
        captured = null;
        return state != null ? state : onNodeThread(this::encode);
    }

    @SuppressWarnings("unchecked")
    private byte[] encode() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Bytes<byte[]> scratch = Bytes.allocateElasticOnHeap();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            List<List<Object>> groups = contents.heldValues();
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
            onNodeThread(() -> {
                contents.restoreHeld(groups);
                return null;
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("NodeSnapshot: the state of " + node
                    + " is truncated or not a node snapshot", e);
        }
    }

    private static byte[] readExactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /**
     * Counts the held references; for a node on a loop, in the task that also captures the state
     * that goes with them. A node on the emitting thread cannot change before {@link #snapshot()}
     * reads it, so it is encoded only then, for a cut that holds.
     */
    @Override
    public int heldReferences(Predicate<RefCounter> ofThisSource) {
        if (contents.contentsLoop() == null) {
            return HeldReferences.count(contents.heldMetadata(), ofThisSource);
        }
        int[] held = new int[1];
        captured = onNodeThread(() -> {
            held[0] = HeldReferences.count(contents.heldMetadata(), ofThisSource);
            return encode();
        });
        return held[0];
    }

    private <R> R onNodeThread(Supplier<R> work) {
        return NodeThread.call(contents, "NodeSnapshot", work);
    }
}
