package io.streamz4j.sinks;

import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.List;

/**
 * streamz's {@code sink_to_list}: appends every element to a list the caller reads.
 *
 * <p>Thread safety: appends on the thread that emits into its upstream; read the list from that
 * thread, or after emitting has finished.
 */
public final class ListSink<T> extends Sink<T> {
    private final List<T> list = new ArrayList<>();

    public ListSink(Stream<? extends T> upstream) {
        super(null, upstream);
    }

    /** The list the elements are appended to. */
    public List<T> list() {
        return list;
    }

    @Override
    protected void accept(T x) {
        list.add(x);
    }

    @Override
    protected String kind() {
        return "sink_to_list";
    }
}
