package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.core.PartitionUnique.Keep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * the kept elements until they are emitted; those of a dropped repeat are released at once.
 */
public final class TimedWindowUnique<T> extends LoopNode<List<T>> {
    private final Function<? super T, ?> key;
    private final Keep keep;
    private final LinkedHashMap<Object, Object> values = new LinkedHashMap<>();
    private final LinkedHashMap<Object, List<Map<String, Object>>> metadata = new LinkedHashMap<>();

    public TimedWindowUnique(Stream<? extends T> upstream, Duration interval, Function<? super T, ?> key, Keep keep) {
        super(checked(upstream, key, keep), interval, "timed_window_unique");
        this.key = key;
        this.keep = keep;
        everyInterval(this::tick);
    }

    private static Stream<?> checked(Stream<?> upstream, Function<?, ?> key, Keep keep) {
        io.streamz4j.Arguments.requireNonNull(key, "timed_window_unique", "key");
        io.streamz4j.Arguments.requireNonNull(keep, "timed_window_unique", "keep");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> md) {
        Object k = applyUserFunction(key, (T) x);
        if (keep == Keep.LAST || !values.containsKey(k)) {
            values.remove(k);
            Metadata.release(metadata.remove(k), 1);
            values.put(k, x);
            metadata.put(k, md);
            Metadata.retain(md, 1);
        }
    }

    private void tick() {
        Tuple<Object> contents = Tuple.wrap(values.values().toArray());
        List<Map<String, Object>> combined = Metadata.flatten(new ArrayList<>(metadata.values()));
        values.clear();
        metadata.clear();
        emitHeld(contents, combined);
    }

    @Override
    protected String kind() {
        return "timed_window_unique";
    }

}
