package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exactly-once file sink across restarts. A crash is simulated as in {@link WindowSnapshotTest}:
 * after a run the checkpoint file is put back as it was stored earlier, which is what a process
 * killed before its next checkpoint leaves, so the restart replays elements whose lines are
 * already in the file; the file itself is damaged as a crash would leave it (a torn last line, a
 * last line lost). {@link CrashTest} kills a real process.
 */
class ExactlyOnceFileSinkTest {

    /** Failing fast, so what the sink refuses reaches the emitter instead of the dead-letter journal. */
    private static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO)
                .failurePolicy(FailurePolicy.failFast()).build();
    }

    /** What a crash did to the sink's file. */
    private interface Damage {
        void apply(Path out) throws IOException;
    }

    /** Wires the pipeline under test between a source and the sink writing {@code out}. */
    private interface Pipeline extends BiConsumer<JournaledSource<Long>, Path> {
    }

    private static final Pipeline TIMES_TEN = (source, out) ->
            ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x)).build(source.map(x -> x * 10), source);

    /** Two lines for each element (two branches joined): the sink tells the second apart from the first. */
    private static final Pipeline TWO_EACH = (source, out) ->
            ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x))
                    .build(source.map(x -> x * 10).union(source.map(x -> x * 10 + 1)), source);

    /** Two lines for each element through a flatten, which passes the element's metadata with its last item only. */
    private static final Pipeline TWO_EACH_FLATTENED = (source, out) ->
            ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x))
                    .build(source.map(x -> List.of(x * 10, x * 10 + 1)).<Long>flatten(), source);

    /** A snapshotted partition of three in between: a line for each group, tagged with its newest element. */
    private static final Pipeline GROUPS_OF_THREE = (source, out) -> {
        Stream<List<Long>> groups = source.partition(3);
        source.snapshot("groups", WindowSnapshot.of(groups, Codecs.LONG));
        ExactlyOnceFileSink.builder(out, (List<Long> g) -> g.toString()).build(groups, source);
    };

    /**
     * Emits 1..crashAt, storing a checkpoint after {@code checkpointAt} only, then "crashes": puts
     * that checkpoint back, and lets {@code damage} do to the file what the crash did. Restarts
     * (replaying checkpointAt+1..crashAt) and emits on to {@code total}. Returns how many replayed.
     */
    private static long crashAndRestart(Path tmp, Pipeline pipeline, long checkpointAt, long crashAt, long total,
                                        Damage damage) throws IOException {
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("out.txt");
        byte[] checkpoint;
        try (JournaledSource<Long> source = open(dir)) {
            pipeline.accept(source, out);
            source.start();
            for (long x = 1; x <= checkpointAt; x++) {
                source.emit(x);
                source.checkpoint(); // with snapshots a cut is taken at the emit after a checkpoint
            }
            checkpoint = Files.readAllBytes(dir.resolve(CheckpointFile.NAME));
            for (long x = checkpointAt + 1; x <= crashAt; x++) {
                source.emit(x);
            }
        }
        Files.write(dir.resolve(CheckpointFile.NAME), checkpoint);
        Files.deleteIfExists(dir.resolve(CheckpointFile.PREVIOUS));
        damage.apply(out);
        try (JournaledSource<Long> source = open(dir)) {
            pipeline.accept(source, out);
            source.start();
            long replayed = source.metrics().replayedAtStart();
            for (long x = crashAt + 1; x <= total; x++) {
                source.emit(x);
            }
            return replayed;
        }
    }

    private static void nothing(Path out) {
    }

    private static List<String> timesTen(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(x -> Long.toString(x * 10)).toList();
    }

    @Test
    void replayedElementsWhoseLinesAreWrittenAreDropped(@TempDir Path tmp) throws IOException {
        assertEquals(5, crashAndRestart(tmp, TIMES_TEN, 5, 10, 12, ExactlyOnceFileSinkTest::nothing));
        assertEquals(timesTen(1, 12), ExactlyOnceFileSink.readTexts(tmp.resolve("out.txt")));
    }

    @Test
    void aTornLastLineIsCutOffAndWrittenAgain(@TempDir Path tmp) throws IOException {
        assertEquals(5, crashAndRestart(tmp, TIMES_TEN, 5, 10, 12, out -> {
            truncate(out, size(out) - 2); // "…\t100\n" loses "0\n": element 10's line is torn
        }));
        assertEquals(timesTen(1, 12), ExactlyOnceFileSink.readTexts(tmp.resolve("out.txt")));
    }

    /** A line the disk never got (a power cut before the file was forced) is written again. */
    @Test
    void linesLostFromTheEndAreWrittenAgain(@TempDir Path tmp) throws IOException {
        crashAndRestart(tmp, TIMES_TEN, 5, 10, 12, out -> {
            dropLastLines(out, 3);
        });
        assertEquals(timesTen(1, 12), ExactlyOnceFileSink.readTexts(tmp.resolve("out.txt")));
    }

    /**
     * Two lines for one element, each tagged (union), or only the last (flatten): a crash between
     * them is resumed between them.
     */
    @Test
    void severalLinesOfOneElementAreToldApart(@TempDir Path tmp) throws IOException {
        for (Pipeline pipeline : List.of(TWO_EACH, TWO_EACH_FLATTENED)) {
            Path run = Files.createDirectories(tmp.resolve(pipeline == TWO_EACH ? "union" : "flatten"));
            crashAndRestart(run, pipeline, 3, 6, 8, out -> {
                dropLastLines(out, 1); // element 6 wrote "60" but not "61"
            });
            if (pipeline == TWO_EACH_FLATTENED) {
                List<String> lines = Files.readAllLines(run.resolve("out.txt"));
                assertTrue(lines.get(0).equals("----------------\t10") && lines.get(1).matches("[0-9a-f]{16}\t11"),
                        "the first item untagged, the last tagged: " + lines);
            }
            List<String> expected = new ArrayList<>();
            for (long x = 1; x <= 8; x++) {
                expected.add(Long.toString(x * 10));
                expected.add(Long.toString(x * 10 + 1));
            }
            assertEquals(expected, ExactlyOnceFileSink.readTexts(run.resolve("out.txt")), run.toString());
        }
    }

    @Test
    void aSnapshottedWindowInBetweenWritesEachGroupOnce(@TempDir Path tmp) throws IOException {
        crashAndRestart(tmp, GROUPS_OF_THREE, 4, 10, 12, ExactlyOnceFileSinkTest::nothing);
        assertEquals(List.of("(1, 2, 3)", "(4, 5, 6)", "(7, 8, 9)", "(10, 11, 12)"),
                ExactlyOnceFileSink.readTexts(tmp.resolve("out.txt")));
    }

    /**
     * A start whose replay fails halfway (a node throws on a replayed element, once) leaves the
     * file as it was; the next start counts the file again and the lines are still written once.
     */
    @Test
    void aStartThatFailsHalfwayIsStartedAgain(@TempDir Path tmp) throws IOException {
        boolean[] thrown = {false};
        Pipeline failsOnceOnEight = (source, out) -> ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x))
                .build(source.map(x -> {
                    if (x == 8 && !thrown[0]) {
                        thrown[0] = true;
                        throw new IllegalStateException("once");
                    }
                    return x * 10;
                }), source);
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("out.txt");
        byte[] checkpoint;
        try (JournaledSource<Long> source = open(dir)) {
            TIMES_TEN.accept(source, out);
            source.start();
            for (long x = 1; x <= 5; x++) {
                source.emit(x);
            }
            source.checkpoint();
            checkpoint = Files.readAllBytes(dir.resolve(CheckpointFile.NAME));
            for (long x = 6; x <= 10; x++) {
                source.emit(x);
            }
        }
        Files.write(dir.resolve(CheckpointFile.NAME), checkpoint);
        Files.deleteIfExists(dir.resolve(CheckpointFile.PREVIOUS));
        try (JournaledSource<Long> source = open(dir)) {
            failsOnceOnEight.accept(source, out);
            ElementFailedException failed = assertThrows(ElementFailedException.class, source::start,
                    "the replay of 8 throws");
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertTrue(thrown[0]);
            source.start();
            source.emit(11L);
        }
        assertEquals(timesTen(1, 11), ExactlyOnceFileSink.readTexts(out));
    }

    /** An element whose metadata a node dropped is written untagged. */
    @Test
    void anElementWithoutAJournalIndexIsWrittenUntagged(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.txt");
        try (JournaledSource<Long> source = open(tmp.resolve("journal"))) {
            Stream<Long> dropsMetadata = new Stream<>("drops", source) {
                @Override
                public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
                    emit((Long) x, Metadata.NONE);
                }
            };
            ExactlyOnceFileSink.builder(out, (Long x) -> "x" + x).build(dropsMetadata, source);
            source.start();
            source.emit(1L);
        }
        assertEquals("----------------\tx1\n", Files.readString(out));
    }

    @Test
    void badArgumentsAreRefusedNamingTheParameter(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.txt");
        Function<Long, String> text = x -> Long.toString(x);
        assertMessage("'file'", () -> ExactlyOnceFileSink.builder(null, text));
        assertMessage("'toText'", () -> ExactlyOnceFileSink.builder(out, null));
        assertMessage("'file'", () -> ExactlyOnceFileSink.builder(tmp, text));
        try (JournaledSource<Long> source = open(tmp.resolve("journal"))) {
            assertMessage("'upstream'", () -> ExactlyOnceFileSink.builder(out, text).build(null, source));
            assertMessage("'source'", () -> ExactlyOnceFileSink.builder(out, text).build(source, null));
            assertMessage("'name'", () -> ExactlyOnceFileSink.builder(out, text).name(null));
            ExactlyOnceFileSink.builder(out, (Long x) -> "two\nlines").build(source, source);
            source.start();
            assertMessage("one line", () -> source.emit(1L));
            assertMessage("'source'", () -> ExactlyOnceFileSink.builder(tmp.resolve("late.txt"), text)
                    .build(source, source));
        }
        try (JournaledSource<Long> source = open(tmp.resolve("journal3"))) {
            ExactlyOnceFileSink.builder(tmp.resolve("null.txt"), (Long x) -> null).build(source, source);
            source.start();
            assertMessage("null", () -> source.emit(1L));
        }
        Files.writeString(out, "not a sink's line\n");
        try (JournaledSource<Long> source = open(tmp.resolve("journal2"))) {
            JournalException foreign = assertThrows(JournalException.class,
                    () -> ExactlyOnceFileSink.builder(out, text).build(source, source));
            assertTrue(foreign.getMessage().contains(out.toString()), foreign.getMessage());
        }
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should name " + expected);
    }

    private static long size(Path file) throws IOException {
        return Files.size(file);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void dropLastLines(Path file, int lines) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int end = content.length();
        for (int i = 0; i < lines; i++) {
            end = content.lastIndexOf('\n', end - 2) + 1;
        }
        truncate(file, content.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
    }
}
