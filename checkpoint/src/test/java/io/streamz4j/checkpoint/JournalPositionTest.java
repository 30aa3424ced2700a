package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every element of a journaled source carries its journal index in its metadata, whichever way it
 * was emitted (plain, with the user's metadata, replayed), and a window's output carries those of
 * its elements: what a sink needs to drop replays it has already written. Checked against the
 * journal itself read with Chronicle ({@link JournalProbe}).
 */
class JournalPositionTest {

    private static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).build();
    }

    /** A node recording, during update, each element's value and the journal index its metadata carries. */
    private static final class IndexProbe extends Stream<Object> {
        final List<Object> values = new ArrayList<>();
        final List<Long> indexes = new ArrayList<>();
        final List<List<Map<String, Object>>> metadata = new ArrayList<>();

        IndexProbe(Stream<?> upstream) {
            super("probe", upstream);
        }

        @Override
        public void update(Object x, Stream<?> who, List<Map<String, Object>> md) {
            values.add(x);
            indexes.add(JournalPosition.highestIndex(md));
            metadata.add(md);
        }
    }

    @Test
    void eachElementCarriesTheJournalIndexItWasWrittenAt(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IndexProbe probe = Stream.build(() -> new IndexProbe(source));
            source.start();
            for (long x = 100; x < 110; x++) {
                source.emit(x);
            }
            source.emit(110L, List.of(Map.of("topic", "a"))); // the user's metadata first, then the journal's
            assertEquals(11, probe.indexes.size());
            for (int i = 0; i < probe.indexes.size(); i++) {
                long index = probe.indexes.get(i);
                assertEquals(probe.values.get(i), JournalProbe.valueAt(dir, index, -1),
                        "the index in the metadata is where the journal holds element " + probe.values.get(i));
                if (i > 0) {
                    assertEquals(probe.indexes.get(i - 1) + 1, index, "consecutive entries of one cycle");
                }
            }
            List<Map<String, Object>> withUsers = probe.metadata.get(10);
            assertEquals(2, withUsers.size());
            assertEquals("a", withUsers.get(0).get("topic"));
            assertInstanceOf(RefCounter.class, withUsers.get(1).get(Metadata.REF));
            assertInstanceOf(JournalPosition.class, withUsers.get(1).get(JournalPosition.KEY));
        }
    }

    @Test
    void replayedElementsCarryTheirOriginalIndex(@TempDir Path dir) {
        List<Long> first;
        try (JournaledSource<Long> source = open(dir)) {
            IndexProbe probe = Stream.build(() -> new IndexProbe(source));
            source.partition(4).sink(x -> { }); // holds 4 and 5 at the end: they replay
            source.start();
            for (long x = 0; x < 6; x++) {
                source.emit(x);
            }
            first = new ArrayList<>(probe.indexes);
        }
        try (JournaledSource<Long> source = open(dir)) {
            IndexProbe probe = Stream.build(() -> new IndexProbe(source));
            source.start();
            assertEquals(List.of(4L, 5L), probe.values);
            assertEquals(first.subList(4, 6), probe.indexes);
        }
    }

    /**
     * A window's output carries the metadata of every element in it: the highest index is its
     * newest element's. Metadata from elsewhere, or none, has no index.
     */
    @Test
    void aWindowsOutputCarriesItsNewestElementsIndex(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IndexProbe elements = Stream.build(() -> new IndexProbe(source));
            IndexProbe windows = Stream.build(() -> new IndexProbe(source.slidingWindow(3)));
            source.start();
            for (long x = 0; x < 5; x++) {
                source.emit(x);
            }
            assertEquals(elements.indexes, windows.indexes);
            assertEquals(3, windows.metadata.get(4).size(), "the window of 2, 3, 4 carries three maps");
        }
        assertEquals(-1, JournalPosition.highestIndex(Metadata.NONE));
        assertEquals(-1, JournalPosition.highestIndex(null));
        assertEquals(-1, JournalPosition.highestIndex(List.of(Map.of(Metadata.REF, new RefCounter()))));
    }

    /**
     * The position lives in the ring slot, as the counter does, so carrying it allocates nothing:
     * once an element is done its slot, with the same metadata map, carries a later element.
     */
    @Test
    void theMetadataMapIsTheSlotsOwnAndIsReusedOnceTheElementIsDone(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IndexProbe probe = Stream.build(() -> new IndexProbe(source));
            source.start();
            int elements = 3 * 1024;
            for (long x = 0; x < elements; x++) {
                source.emit(x);
            }
            Map<String, Object> first = probe.metadata.get(0).get(0);
            Map<String, Object> again = probe.metadata.get(1024).get(0);
            assertSame(first, again, "the slot of element 0 carries element 1024: nothing new was made");
            JournalPosition position = (JournalPosition) first.get(JournalPosition.KEY);
            assertEquals(probe.indexes.get(2 * 1024), position.index(), "the slot now holds element 2048");
        }
    }
}
