package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.core.WindowContents;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code timed_window}: every {@code interval} emits a list of the elements that arrived
 * since the last emission, an empty list when none did. As in streamz, the first list goes out as
 * soon as the loop runs, and each next one {@code interval} after the previous emission finished.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread; the window
 * and everything below this node run on the loop thread. Holds the references of the elements in
 * the window until it is emitted; elements put back by {@link #restoreHeld} (on the loop thread)
 * hold none, so their list releases only the others'.
 */
public final class TimedWindow<T> extends LoopNode<List<T>> implements WindowContents {
    private final Held window = new Held();

    public TimedWindow(Stream<? extends T> upstream, Duration interval) {
        super(checked(upstream, interval), interval, "timed_window");
        everyInterval(this::tick);
    }

    private static <S extends Stream<?>> S checked(S upstream, Duration interval) {
        Intervals.periodNanos(interval, "timed_window", "interval");
        return upstream;
    }

    @Override
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        window.add(x, metadata);
    }

    private void tick() {
        List<Object> contents = Collections.unmodifiableList(Arrays.asList(window.valuesArray()));
        List<Map<String, Object>> metadata = window.allMetadata();
        window.clear();
        emitHeld(contents, metadata);
    }

    /** Emits the current window now, if it holds anything (an empty one would carry nothing). */
    @Override
    protected void flushHeld() {
        if (!window.isEmpty()) {
            tick();
        }
    }

    @Override
    protected long dropHeld() {
        return window.releaseAll();
    }

    @Override
    public List<List<Object>> heldValues() {
        return window.isEmpty() ? List.of() : List.of(new ArrayList<>(Arrays.asList(window.valuesArray())));
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return window.allMetadata();
    }

    /** Puts {@code groups} (at most one) in the window, to go out with the next list. */
    @Override
    public void restoreHeld(List<List<Object>> groups) {
        window.restoreOneGroup(this, groups, Integer.MAX_VALUE);
    }

    @Override
    public EventLoop contentsLoop() {
        return loop;
    }

    @Override
    protected String kind() {
        return "timed_window";
    }

}
