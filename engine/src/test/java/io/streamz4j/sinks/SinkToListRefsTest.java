package io.streamz4j.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * {@code sinkToList()} keeps the elements it lists usable: it retains their kept-alive references
 * (what keeps a frame's memory), releases each exactly once when the element leaves the list, and
 * lets go of all of them when the sink is destroyed; references that only track processing (a
 * checkpoint's) are not held, as in streamz, whose sink_to_list holds none.
 */
class SinkToListRefsTest {

    /** One element's kept-alive counter and how often its release callback ran. */
    private record Kept(RefCounter ref, AtomicInteger freed) {
        static Kept emit(Stream<Integer> source, Integer x) {
            AtomicInteger freed = new AtomicInteger();
            RefCounter ref = RefCounter.keepingAlive(x, 1, freed::incrementAndGet);
            source.emit(x, Metadata.withRef(ref));
            ref.release(); // the emitter's own reference
            return new Kept(ref, freed);
        }

        boolean alive() {
            return ref.count() == 1 && freed.get() == 0;
        }

        boolean releasedOnce() {
            return ref.count() == 0 && freed.get() == 1;
        }
    }

    @Test
    void listedElementsStayAliveUntilTheyLeaveTheListEachReleasedOnce() {
        Stream<Integer> source = new Stream<>();
        List<Integer> list = source.sinkToList();
        List<Kept> kept = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            kept.add(Kept.emit(source, i));
        }
        assertTrue(kept.stream().allMatch(Kept::alive), "every listed element is kept alive after its emit");

        assertEquals(0, list.remove(0));
        assertTrue(kept.get(0).releasedOnce());
        list.set(0, 100); // replaces 1
        assertTrue(kept.get(1).releasedOnce());
        list.removeIf(x -> x == 2);
        assertTrue(kept.get(2).releasedOnce());
        list.sort(Comparator.reverseOrder()); // [100, 5, 4, 3]: sorting keeps each one's reference
        assertEquals(List.of(100, 5, 4, 3), list);
        assertTrue(kept.get(3).alive() && kept.get(4).alive() && kept.get(5).alive());
        list.subList(1, 2).clear(); // drops 5
        assertTrue(kept.get(5).releasedOnce());
        assertTrue(kept.get(3).alive() && kept.get(4).alive());

        list.clear();
        assertTrue(kept.stream().allMatch(Kept::releasedOnce), "clear released the rest, once each");
        source.destroy();
        assertTrue(kept.stream().allMatch(Kept::releasedOnce), "destroy after clear releases nothing twice");
    }

    @Test
    void destroyingTheSinkLetsGoOfTheKeptElementsAndKeepsPlainOnes() {
        Stream<Integer> source = new Stream<>();
        List<Integer> list = source.sinkToList();
        source.emit(-1);
        Kept a = Kept.emit(source, 1);
        source.emit(-2);
        Kept b = Kept.emit(source, 2);

        source.destroy();
        source.destroy();

        assertTrue(a.releasedOnce() && b.releasedOnce());
        assertEquals(List.of(-1, -2), list, "the elements it kept alive left the list; plain ones stay, as in streamz");
    }

    @Test
    void aTupleOfKeptElementsIsKeptAliveButAValueDerivedFromOneIsNot() {
        Stream<Integer> source = new Stream<>();
        List<List<Integer>> pairs = source.partition(2).sinkToList();
        List<Integer> derived = source.map(x -> x + 1000).sinkToList();
        Kept a = Kept.emit(source, 1);
        Kept b = Kept.emit(source, 2);

        assertEquals(List.of(1001, 1002), derived);
        assertEquals(List.of(List.of(1, 2)), pairs);
        assertTrue(a.alive() && b.alive(), "the listed pair holds both; the derived values hold neither");
        pairs.clear();
        assertTrue(a.releasedOnce() && b.releasedOnce());
        assertEquals(List.of(1001, 1002), derived);
        source.destroy();
        assertEquals(List.of(1001, 1002), derived, "nothing in it was kept alive, so destroy takes nothing out");
    }

    @Test
    void aCountingReferenceIsNotHeldSoACheckpointIsNotHeldBack() {
        // mirrors what streamz's sink_to_list does with metadata: nothing
        Stream<Integer> source = new Stream<>();
        List<Integer> list = source.sinkToList();
        AtomicInteger done = new AtomicInteger();
        RefCounter ref = new RefCounter(0, done::incrementAndGet);
        source.emit(1, Metadata.withRef(ref));
        assertEquals(List.of(1), list);
        assertEquals(0, ref.count());
        assertEquals(1, done.get(), "the element counts as fully processed once the sink has it");
    }
}
