package io.streamz4j.sinks;

import io.streamz4j.Metadata;
import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * streamz's {@code sink_to_list}: appends every element to a list the caller reads. An element
 * whose metadata carries references that keep it usable (a frame's) is kept usable while it is in
 * the list: the list retains those references and releases them when the element leaves it
 * ({@code remove}, {@code clear}, ...), or when this sink is destroyed or its pipeline closed,
 * which takes such elements out of the list. Other references (a checkpoint's) are not held, so a
 * list at the end of a pipeline does not hold a checkpoint back.
 *
 * <p>Thread safety: appends on the thread that emits into its upstream; read the list from that
 * thread, or after emitting has finished. Retains the kept-alive references of listed elements.
 */
public final class ListSink<T> extends Sink<T> {
    private final KeptList<T> list = new KeptList<>();

    public ListSink(Stream<? extends T> upstream) {
        super(null, upstream);
    }

    /** The list the elements are appended to. */
    public List<T> list() {
        return list;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        list.append((T) x, metadata);
    }

    @Override
    protected void accept(T x) {
        list.append(x, Metadata.NONE);
    }

    /** Lets go of the elements kept alive; they were delivered, so none counts as dropped. */
    @Override
    protected long releaseHeld() {
        list.releaseKept();
        return 0;
    }

    @Override
    protected String kind() {
        return "sink_to_list";
    }
}
