package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * streamz's {@code filter}: passes on only the elements that satisfy a predicate.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class Filter<T> extends Stream<T> {
    private final Predicate<? super T> predicate;

    public Filter(Stream<? extends T> upstream, Predicate<? super T> predicate) {
        super(null, checked(upstream, predicate));
        this.predicate = predicate;
    }

    /** Rejects a null predicate before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, Predicate<?> predicate) {
        Arguments.requireNonNull(predicate, "filter", "predicate");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        boolean pass;
        try {
            pass = predicate.test((T) x);
        } catch (RuntimeException | Error e) {
            reportFailure(x, e);
            throw e;
        }
        if (pass) {
            Stream<?> next = soleDownstream(metadata);
            if (next != null) {
                next.update(x, this, metadata);
            } else {
                emitDownstream(x, metadata);
            }
        }
    }

    @Override
    protected String kind() {
        return "filter";
    }
}
