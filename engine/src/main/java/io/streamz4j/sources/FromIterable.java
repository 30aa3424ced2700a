package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.Source;


/**
 * streamz's {@code from_iterable}: emits every item of an iterable once started.
 *
 * <p>Thread safety: {@link #start()} emits on the calling thread and returns when the items run
 * out or {@link #stop()} is called.
 */
public final class FromIterable<T> extends Source<T> {
    private final Iterable<? extends T> items;

    public FromIterable(Iterable<? extends T> items) {
        this.items = Arguments.requireNonNull(items, "from_iterable", "items");
    }

    @Override
    protected void run() {
        for (T item : items) {
            if (isStopped()) {
                return;
            }
            emit(item);
        }
    }

    @Override
    protected String kind() {
        return "from_iterable";
    }
}
