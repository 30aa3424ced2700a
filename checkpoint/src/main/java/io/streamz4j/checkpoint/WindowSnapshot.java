package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.WindowContents;
import io.streamz4j.runtime.EventLoop;
import net.openhft.chronicle.bytes.Bytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Snapshots a {@code slidingWindow}, a {@code partition} (keyed or not, with or without a timeout)
 * or a {@code timedWindow}: the values it holds, each written with a codec for the window's element
 * type, so a restarted window emits what the uncrashed one would have.
 *
 * <p>Windows on a loop thread ({@code timedWindow}, a partition with a timeout) are read and
 * written on that thread: {@link #heldReferences} hands one task to the window's
 * {@link EventLoop} and the emitting thread waits for it; the task counts the references the
 * window holds <em>and</em> encodes its values, and {@link #snapshot()} returns those bytes, so
 * the count the source compares and the state it stores are the same instant's. Why that instant
 * is a consistent cut:
 * <ul>
 * <li>An element handed to the loop but not yet processed: the loop's inbox is first-in
 * first-out and the task is queued after every element the emitting thread handed over, so when
 * it runs the window has taken them all in. While in the inbox an element's reference is held by
 * the inbox (counted in the source's total); the window's own retain replaces it before the task
 * runs, so the total the source took before waiting still matches.
 * <li>A timer flush racing the capture: flushes run on the same thread as the task, so one comes
 * wholly before it (the elements left the window: done, or held downstream, where the count
 * sees them) or wholly after it (they are in the snapshot). A flush between the source's total
 * and the task only lowers what is held, so the counts differ and the cut is tried again later:
 * it errs towards no cut, never towards a cut that misses an element. A flush after the
 * capture but before the checkpoint is stored repeats its output after a crash (at-least-once).
 * Two loop windows are captured by separate tasks; an element moved from one to the other between
 * them is counted twice or not at all, and again the cut is refused.
 * </ul>
 * {@link #restore} puts the values back on the loop thread too, before the source starts
 * replaying; a restored timed partition starts its timeout afresh.
 *
 * <p>Format: group count, then per group its value count and per value its length (-1: null) and
 * the codec's bytes.
 *
 * <p>Thread safety: see {@link Snapshottable}; the state captured by {@link #heldReferences} is
 * written on the loop thread and read by the emitting thread after waiting for the task, which
 * orders the two.
 *
 * @param <T> the window's element type
 */
public final class WindowSnapshot<T> implements Snapshottable {
    /** How long to wait for the loop between checks that it still runs. */
    private static final long LOOP_CHECK_MILLIS = 1000;

    private final WindowContents window;
    private final Codec<T> valueCodec;
    /** The state encoded by the last {@link #heldReferences}, for the {@link #snapshot()} after it. */
    private byte[] captured;

    private WindowSnapshot(WindowContents window, Codec<T> valueCodec) {
        this.window = window;
        this.valueCodec = valueCodec;
    }

    /**
     * Snapshots {@code window}, which must be what {@code Stream.slidingWindow(...)},
     * {@code Stream.partition(...)} or {@code Stream.timedWindow(...)} returned, its values written
     * with {@code valueCodec}.
     */
    public static <T> WindowSnapshot<T> of(Stream<?> window, Codec<T> valueCodec) {
        Arguments.requireNonNull(window, "WindowSnapshot", "window");
        Arguments.requireNonNull(valueCodec, "WindowSnapshot", "valueCodec");
        if (!(window instanceof WindowContents contents)) {
            throw new IllegalArgumentException("WindowSnapshot: parameter 'window' must be a sliding_window,"
                    + " partition or timed_window node, got " + window);
        }
        return new WindowSnapshot<>(contents, valueCodec);
    }

    /** The state {@link #heldReferences} captured just before, else the window's state now. */
    @Override
    public byte[] snapshot() {
        byte[] state = captured;
        captured = null;
        return state != null ? state : onWindowThread(this::encode);
    }

    @SuppressWarnings("unchecked")
    private byte[] encode() {
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
            onWindowThread(() -> {
                window.restoreHeld(groups);
                return null;
            });
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

    /**
     * Counts the held references; for a window on a loop, in the task that also captures the state
     * that goes with them. A window on the emitting thread cannot change before {@link #snapshot()}
     * reads it, so it is encoded only then, for a cut that holds.
     */
    @Override
    public int heldReferences(Predicate<RefCounter> ofThisSource) {
        if (window.windowLoop() == null) {
            return HeldReferences.count(window.heldMetadata(), ofThisSource);
        }
        int[] held = new int[1];
        captured = onWindowThread(() -> {
            held[0] = HeldReferences.count(window.heldMetadata(), ofThisSource);
            return encode();
        });
        return held[0];
    }

    /**
     * Runs {@code work} on the window's thread: here when that is this thread, else as a task on
     * its loop, waiting for it (the loop runs tasks in the order handed over). A loop that stops
     * before running it fails the wait instead of hanging it.
     */
    private <R> R onWindowThread(Supplier<R> work) {
        EventLoop loop = window.windowLoop();
        if (loop == null || loop.inLoopThread()) {
            return work.get();
        }
        CompletableFuture<R> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        while (true) {
            try {
                return done.get(LOOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!loop.isRunning()) {
                    throw new IllegalStateException("WindowSnapshot: the loop " + loop.name() + " of " + window
                            + " stopped (was the window destroyed?), so its state cannot be read", e);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw (Error) e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("WindowSnapshot: interrupted while waiting for " + window, e);
            }
        }
    }
}
