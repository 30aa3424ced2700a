package io.streamz4j.time;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.core.KeyedHold;
import io.streamz4j.core.NodeContents;
import io.streamz4j.core.PartitionUnique.Keep;
import io.streamz4j.runtime.EventLoop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code timed_window_unique}: every {@code interval} emits a tuple of the elements with
 * distinct keys that arrived since the last emission, keeping the first or the last of those
 * sharing a key, in the order the kept elements arrived; an empty tuple when none did.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread; the window,
 * the key function and everything below this node run on the loop thread. Holds the references of
 * the kept elements until they are emitted; those of a dropped repeat are released at once. Its
 * {@link NodeContents} are the kept elements, one group in the order of their keys, read and
 * restored on the loop thread; restored ones are keyed again with the key function and go out at
 * the next tick.
 */
public final class TimedWindowUnique<T> extends LoopNode<List<T>> implements NodeContents {
    private final Function<? super T, ?> key;
    private final KeyedHold held;

    public TimedWindowUnique(Stream<? extends T> upstream, Duration interval, Function<? super T, ?> key, Keep keep) {
        super(checked(upstream, interval, key, keep), interval, "timed_window_unique");
        this.key = key;
        this.held = new KeyedHold(keep);
        everyInterval(this::tick);
    }

    private static Stream<?> checked(Stream<?> upstream, Duration interval, Function<?, ?> key, Keep keep) {
        Intervals.periodNanos(interval, "timed_window_unique", "interval");
        Arguments.requireNonNull(key, "timed_window_unique", "key");
        Arguments.requireNonNull(keep, "timed_window_unique", "keep");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> md) {
        held.offer(applyUserFunction(key, (T) x), x, md);
    }

    private void tick() {
        held.drainTo(this::emitHeld);
    }

    @Override
    protected void flushHeld() {
        if (held.size() > 0) {
            tick();
        }
    }

    @Override
    protected long dropHeld() {
        return held.releaseAll();
    }

    @Override
    public List<List<Object>> heldValues() {
        return held.heldValues();
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return held.heldMetadata();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreHeld(List<List<Object>> groups) {
        held.restore(this, groups, Integer.MAX_VALUE, x -> key.apply((T) x));
    }

    @Override
    public EventLoop contentsLoop() {
        return loop;
    }

    @Override
    protected String kind() {
        return "timed_window_unique";
    }

}
