package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;

import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.LoopCalls;
import io.streamz4j.runtime.internal.Receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code partition}: emits a tuple of every {@code n} consecutive elements, or, with a
 * key function, of every {@code n} elements sharing a key. With a timeout, a partition also goes
 * out, however short, once {@code timeout} has passed since its first element arrived; a
 * partition filled first cancels its timer.
 *
 * <p>Thread safety: without a timeout, runs on the thread that emits into its upstream. With one,
 * {@link #update} may be called from the producer thread, and the partitions, timers and
 * everything below this node run on the pipeline's loop thread. Retains the references of the
 * elements it holds and releases them once their tuple has been emitted; elements put back by
 * {@link #restoreHeld} hold none, so their tuple releases only the others'. Destroyed, it drops the
 * partial partitions (counted); closing its pipeline emits a timed partition's partial partitions
 * first, as their timeouts would have.
 */
public final class Partition<T> extends Stream<List<T>> implements Receiver, WindowContents {
    private static final long NO_TIMER = -1;

    private final int n;
    private final Function<? super T, ?> key;
    private final long timeoutNanos;
    /** The loop that runs the timeouts; null without a timeout. */
    private final EventLoop loop;
    /** The buffer when there is no key: the common case needs no map lookup. */
    private Group single;
    private final Map<Object, Group> byKey = new HashMap<>();

    /** Partitions of {@code n}, keyed when {@code key} is not null, timed when {@code timeout} is not null. */
    public Partition(Stream<? extends T> upstream, int n, Function<? super T, ?> key, Duration timeout) {
        super(null, checked(upstream, n, timeout));
        this.n = n;
        this.key = key;
        this.single = new Group(n);
        if (timeout == null) {
            this.timeoutNanos = 0;
            this.loop = null;
        } else {
            this.timeoutNanos = timeout.toNanos();
            this.loop = pipelineLoop();
            loop.acquire();
        }
    }

    /** Rejects a size that holds nothing before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, int n, Duration timeout) {
        Arguments.requirePositive(n, "partition", "n");
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("partition: parameter 'timeout' must not be negative, got " + timeout);
        }
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (loop != null && !loop.inLoopThread()) {
            loop.post(this, x, who, metadata);
            return;
        }
        receive(x, who, metadata);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Group group = single;
        if (key != null) {
            Object k = applyUserFunction(key, (T) x);
            group = byKey.computeIfAbsent(k, unused -> new Group(n));
        }
        Metadata.retain(metadata, 1);
        group.add(x, metadata);
        if (group.size == n) {
            cancelTimer(group);
            flush(group);
        } else if (group.size == 1 && loop != null) {
            group.timer = loop.schedule(loop.clock().nanoTime() + timeoutNanos, group.onTimeout);
        }
    }

    private void timedOut(Group group) {
        group.timer = NO_TIMER;
        if (group.size > 0 && !isDestroyed()) {
            flush(group);
        }
    }

    private void flush(Group group) {
        Tuple<Object> tuple = Tuple.wrap(group.size == n ? group.items : Arrays.copyOf(group.items, group.size));
        List<Map<String, Object>> metadata = group.metadata == null ? Metadata.NONE : group.metadata;
        group.reset(n);
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(tuple, this, metadata);
        } else {
            emitDownstream(tuple, metadata);
        }
        Metadata.release(metadata, 1);
    }

    @Override
    public List<List<Object>> heldValues() {
        List<List<Object>> groups = new ArrayList<>();
        for (Group group : groups()) {
            if (group.size > 0) {
                groups.add(new ArrayList<>(Arrays.asList(group.items).subList(0, group.size)));
            }
        }
        return groups;
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        List<Map<String, Object>> held = new ArrayList<>();
        for (Group group : groups()) {
            if (group.metadata != null) {
                held.addAll(group.metadata);
            }
        }
        return held;
    }

    private Iterable<Group> groups() {
        return key == null ? List.of(single) : byKey.values();
    }

    /**
     * Restores the held groups; on a timed partition (call it on the loop thread) each restored
     * group's timeout starts afresh now, since when its first element arrived before the restart
     * is not kept: a restored partition goes out at most one timeout late, never early.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void restoreHeld(List<List<Object>> groups) {
        Arguments.requireNonNull(groups, kind(), "groups");
        if (key == null && groups.size() > 1) {
            throw new IllegalArgumentException(this + ": an unkeyed partition restores at most one group, got "
                    + groups.size());
        }
        for (List<Object> group : groups) {
            if (group.isEmpty() || group.size() >= n) {
                throw new IllegalArgumentException(this + ": each restored group must hold 1 to " + (n - 1)
                        + " values, got " + group.size());
            }
        }
        for (Group group : groups()) {
            cancelTimer(group);
        }
        single.reset(n);
        byKey.clear();
        for (List<Object> values : groups) {
            Group group = key == null ? single
                    : byKey.computeIfAbsent(applyUserFunction(key, (T) values.get(0)), unused -> new Group(n));
            for (Object value : values) {
                group.add(value, Metadata.NONE);
            }
            if (loop != null) {
                group.timer = loop.schedule(loop.clock().nanoTime() + timeoutNanos, group.onTimeout);
            }
        }
    }

    private void cancelTimer(Group group) {
        if (group.timer != NO_TIMER) {
            loop.cancel(group.timer);
            group.timer = NO_TIMER;
        }
    }

    @Override
    public EventLoop contentsLoop() {
        return loop != null ? loop : runningLoop();
    }

    @Override
    protected Object downstreamDomain() {
        return loop != null ? loop : super.downstreamDomain();
    }

    /**
     * Releases the partial partitions, counting their elements as dropped, and cancels their
     * timers; on the loop thread when timed.
     */
    @Override
    protected long releaseHeld() {
        long[] dropped = {0};
        Runnable drop = () -> {
            for (Group group : groups()) {
                if (loop != null) {
                    cancelTimer(group);
                }
                dropped[0] += group.size;
                Metadata.release(group.metadata == null ? Metadata.NONE : group.metadata, 1);
                group.reset(n);
            }
            byKey.clear();
        };
        if (loop == null) {
            drop.run();
        } else {
            LoopCalls.runAndWait(loop, this + " letting go of what it holds", drop);
        }
        return dropped[0];
    }

    /** A timed partition emits its partial partitions now, as their timeouts would have; a count one keeps them. */
    @Override
    protected void flushOnClose() {
        if (loop != null) {
            LoopCalls.runAndWait(loop, this + " flushing", () -> {
                List<Group> groups = new ArrayList<>(); // a copy: what flush emits may re-enter this node
                groups().forEach(groups::add);
                for (Group group : groups) {
                    if (group.size > 0) {
                        cancelTimer(group);
                        flush(group);
                    }
                }
            });
        }
    }

    @Override
    protected void onDestroy() {
        if (loop != null) {
            loop.release();
        }
    }

    @Override
    protected String kind() {
        return "partition";
    }

    @Override
    protected String parameter() {
        return Integer.toString(n);
    }

    @Override
    public String graphShape() {
        return "diamond";
    }

    /** The elements gathered towards one tuple; its array becomes the tuple, without a copy. */
    private final class Group {
        Object[] items;
        int size;
        long timer = NO_TIMER;
        final Runnable onTimeout = () -> timedOut(this);
        List<Map<String, Object>> metadata;

        Group(int n) {
            reset(n);
        }

        void add(Object x, List<Map<String, Object>> meta) {
            items[size++] = x;
            if (meta != Metadata.NONE) {
                if (metadata == null) {
                    metadata = new ArrayList<>();
                }
                metadata.addAll(meta);
            }
        }

        void reset(int n) {
            items = new Object[n];
            size = 0;
            metadata = null;
        }
    }
}
