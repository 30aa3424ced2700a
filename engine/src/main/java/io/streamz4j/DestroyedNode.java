package io.streamz4j;

import java.util.List;
import java.util.Map;

/**
 * What a destroyed node emits into: it refuses every element with an IllegalStateException naming
 * the destroyed node, so that emitting into a destroyed pipeline fails the same way whatever is
 * below it (a buffer, a timed window, nothing), instead of handing the element to a ring or loop
 * that will never deliver it. Set as the destroyed node's direct downstream, it costs the emit
 * path nothing: the check is the call the node makes anyway.
 *
 * <p>Thread safety: immutable; throws on whichever thread emits.
 */
final class DestroyedNode extends Stream<Object> {
    private final Stream<?> destroyed;

    DestroyedNode(Stream<?> destroyed) {
        super("destroyed");
        this.destroyed = destroyed;
    }

    static IllegalStateException emittedInto(Stream<?> node) {
        return new IllegalStateException(node + " was destroyed: the element was not accepted");
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        throw emittedInto(destroyed);
    }
}
