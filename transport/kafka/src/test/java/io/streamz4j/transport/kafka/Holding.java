package io.streamz4j.transport.kafka;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A test sink that records every element and keeps the elements {@code hold} picks, the way a
 * buffering node does: it retains their reference counters, so they stay unfinished until
 * {@link #release} lets them go.
 *
 * <p>Thread safety: updated on the source's thread; {@link #seen()} and {@link #release} from any thread.
 */
final class Holding<T> extends Sink<T> {
    private final Predicate<? super T> hold;
    private final List<T> seen = new CopyOnWriteArrayList<>();
    private final Map<T, List<RefCounter>> held = new ConcurrentHashMap<>();

    Holding(Stream<? extends T> upstream, Predicate<? super T> hold) {
        super(null, upstream);
        this.hold = hold;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        T element = (T) x;
        if (hold.test(element)) {
            List<RefCounter> refs = new CopyOnWriteArrayList<>();
            for (Map<String, Object> m : metadata) {
                if (m.get(Metadata.REF) instanceof RefCounter ref) {
                    ref.retain();
                    refs.add(ref);
                }
            }
            held.put(element, refs);
        }
        accept(element);
    }

    @Override
    protected void accept(T x) {
        seen.add(x);
    }

    List<T> seen() {
        return seen;
    }

    /** Lets the held elements {@code which} picks go, releasing their counters (on this thread). */
    void release(Predicate<? super T> which) {
        held.keySet().removeIf(x -> {
            if (!which.test(x)) {
                return false;
            }
            held.get(x).forEach(RefCounter::release);
            return true;
        });
    }
}
