package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The hook a source that replays at start uses to learn of nodes wired below it too late:
 * {@link Source#connectedAfterStart} is called for every node connected below a started source,
 * however it is connected, and throwing from it leaves nothing connected.
 */
class SourceConnectedAfterStartTest {

    /** A source that emits nothing, records what was connected below it late, and refuses when told. */
    private static final class Watching extends Source<Integer> {
        final List<Stream<?>> late = new ArrayList<>();
        boolean refuse;

        @Override
        protected void launch() {
        }

        @Override
        protected void run() {
        }

        @Override
        protected void connectedAfterStart(Stream<?> node) {
            if (refuse) {
                throw new IllegalStateException("refused " + node);
            }
            late.add(node);
        }
    }

    @Test
    void everyWayOfConnectingBelowAStartedSourceIsAnnounced() {
        Watching source = new Watching();
        Stream<Integer> early = source.map(x -> x);
        assertEquals(List.of(), source.late, "nothing is announced before start()");
        source.start();
        Stream<Integer> operator = early.filter(x -> x > 0);
        Stream<Integer> connected = new Stream<>();
        operator.connect(connected);
        Stream<Integer> other = new Stream<>();
        Stream<?> join = other.zip(early);
        other.map(x -> x); // not below the source
        assertEquals(List.of(operator, connected, join), source.late);
    }

    @Test
    void aRefusalLeavesTheNodeConnectedToNone() {
        Watching source = new Watching();
        Stream<Integer> early = source.map(x -> x);
        source.start();
        source.refuse = true;
        Stream<Integer> other = new Stream<>();
        assertThrows(IllegalStateException.class, () -> other.zip(early));
        assertEquals(List.of(), other.downstreams(), "the join's first upstream was not connected either");
        assertEquals(List.of(), early.downstreams());
        assertThrows(IllegalStateException.class, () -> early.connect(new Stream<>()));
        assertEquals(List.of(), early.downstreams());
    }
}
