package io.streamz4j.checkpoint;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, damaged entries, codec failures and a full disk, on real journals in temporary directories. */
class JournalFaultsTest {

    private static long cycleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }

    private static long journalFor(Retention retention, Path dir) throws IOException {
        return cycleFilesAfterFiveSeconds(dir, retention, source -> source.sink(x -> { }));
    }

    /**
     * Runs the pipeline {@code build} makes on a source rolling its journal every second of a
     * settable clock: three elements a second for five seconds, checkpointing after each. Returns
     * how many cycle files are left.
     */
    static long cycleFilesAfterFiveSeconds(Path dir, Retention retention, Consumer<JournaledSource<Long>> build)
            throws IOException {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).rollCycle(TestRollCycles.TEST_SECONDLY)
                .timeProvider(clock).retention(retention).build()) {
            build.accept(source);
            source.start();
            for (long second = 0; second < 5; second++) {
                for (long i = 0; i < 3; i++) {
                    source.emit(second * 3 + i);
                    source.checkpoint();
                }
                clock.advanceMillis(1000);
            }
            return cycleFiles(dir);
        }
    }

    @Test
    void retentionDeletesCyclesWhollyBelowTheCheckpoint(@TempDir Path tmp) throws IOException {
        assertEquals(5, journalFor(Retention.keepAll(), tmp.resolve("all")), "one file per second, all kept");
        assertEquals(1, journalFor(Retention.deleteBelowCheckpoint(0), tmp.resolve("none")),
                "only the checkpoint's own cycle is left");
        assertEquals(3, journalFor(Retention.deleteBelowCheckpoint(2), tmp.resolve("two")),
                "the checkpoint's cycle and two below it");
    }

    /** Journals three strings, all held in flight (so all replay), and damages the middle one. */
    private static void journalWithADamagedMiddleEntry(Path dir) throws IOException {
        try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                .checkpointInterval(Duration.ZERO).build()) {
            source.partition(10).sink(x -> { }); // holds all three: none is checkpointed
            source.start();
            source.emit("alpha");
            source.emit("beta-damaged-marker");
            source.emit("gamma");
        }
        damage(dir, "beta-damaged-marker");
    }

    /**
     * By default a damaged entry inside the replay range is not lost: its bytes go to the
     * dead-letter journal, counted and logged, and the replay goes on past it; the checkpoint
     * then passes it, so a second restart does not dead-letter it again.
     */
    @Test
    void aDamagedEntryInTheReplayRangeIsDeadLetteredWithItsBytesAndTheReplayGoesOn(@TempDir Path dir)
            throws IOException {
        journalWithADamagedMiddleEntry(dir);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                .checkpointInterval(Duration.ZERO).build()) {
            List<String> seen = source.sinkToList();
            source.start();
            assertEquals(List.of("alpha", "gamma"), seen);
            assertEquals(1, source.damagedEntryCount());
            assertEquals(1, source.deadLetteredCount());
            List<DeadLetter<String>> letters = source.deadLetters();
            assertEquals(1, letters.size());
            DeadLetter<String> letter = letters.get(0);
            assertEquals(DeadLetter.Kind.DAMAGED, letter.kind());
            assertEquals(null, letter.value(), "a damaged entry has no value to trust");
            String raw = new String(letter.raw(), StandardCharsets.ISO_8859_1);
            assertTrue(raw.contains("-damaged-marker") && !raw.contains("beta-damaged-marker"),
                    "the entry's bytes as found, the flipped byte included: " + raw);
            assertThrows(IllegalArgumentException.class, () -> source.reEmit(letter));
            source.emit("delta");
            assertEquals(List.of("alpha", "gamma", "delta"), seen);
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("is damaged") && logged.contains("index 0x") && logged.contains("dead-letter"),
                logged);
        try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                .checkpointInterval(Duration.ZERO).build()) {
            List<String> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(), seen, "the checkpoint passed everything, the damaged entry included");
            assertEquals(0, source.damagedEntryCount());
            assertEquals(1, source.deadLetters().size());
        }
    }

    /**
     * Under the stop policy start() refuses, naming the journal and the entry, at every start;
     * nothing is skipped or moved until the policy is changed.
     */
    @Test
    void aDamagedEntryInTheReplayRangeStopsTheStartUnderTheStopPolicy(@TempDir Path dir) throws IOException {
        journalWithADamagedMiddleEntry(dir);
        List<String> before = List.of("alpha");
        for (int attempt = 0; attempt < 2; attempt++) {
            try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                    .checkpointInterval(Duration.ZERO).damagedEntries(DamagedEntryPolicy.STOP).build()) {
                List<String> seen = source.sinkToList();
                JournalException e = assertThrows(JournalException.class, source::start);
                assertTrue(e.getMessage().contains("index 0x") && e.getMessage().contains(dir.toString())
                        && e.getMessage().contains("damaged"), e.getMessage());
                assertEquals(before, seen, "the replay stopped at the damaged entry");
                assertEquals(1, source.damagedEntryCount());
                assertEquals(List.of(), source.deadLetters());
            }
            before = List.of(); // alpha was done, so the first stopped start's close checkpointed it
        }
        try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                .checkpointInterval(Duration.ZERO).damagedEntries(DamagedEntryPolicy.DEAD_LETTER).build()) {
            List<String> seen = source.sinkToList();
            source.start();
            assertEquals(List.of("gamma"), seen);
            assertEquals(1, source.deadLetters().size());
        }
    }

    /** Flips a byte of {@code marker} in whichever journal file holds it. */
    private static void damage(Path dir, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (int at = 0; at + needle.length <= content.length; at++) {
                    if (java.util.Arrays.equals(content, at, at + needle.length, needle, 0, needle.length)) {
                        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                            raf.seek(at + 3);
                            raf.write(content[at + 3] ^ 0x20);
                        }
                        return;
                    }
                }
            }
        }
        throw new AssertionError(marker + " is in no journal file");
    }

    @Test
    void aCodecFailureOnWriteNamesTheIndexAndEmitsNothing(@TempDir Path dir) {
        Codec<String> picky = Codec.of("picky", (s, out) -> {
            if (s.equals("bad")) {
                throw new IllegalStateException("cannot encode " + s);
            }
            Codecs.STRING.write(s, out);
        }, Codecs.STRING::read);
        try (JournaledSource<String> source = JournaledSource.builder(dir, picky)
                .checkpointInterval(Duration.ZERO).build()) {
            List<String> seen = source.sinkToList();
            source.start();
            source.emit("good");
            CodecException e = assertThrows(CodecException.class, () -> source.emit("bad"));
            assertTrue(e.getMessage().contains("index 0x" + Long.toHexString(e.index())), e.getMessage());
            assertTrue(e.getMessage().contains("picky"), e.getMessage());
            source.emit("fine");
            assertEquals(List.of("good", "fine"), seen);
        }
    }

    @Test
    void aCodecFailureOnReplayNamesTheIndex(@TempDir Path dir) {
        try (JournaledSource<String> source = JournaledSource.builder(dir, Codecs.STRING)
                .checkpointInterval(Duration.ZERO).build()) {
            source.partition(5).sink(x -> { });
            source.start();
            source.emit("kept in flight");
        }
        Codec<String> broken = Codec.of("broken", Codecs.STRING::write, in -> {
            throw new IllegalStateException("unreadable");
        });
        try (JournaledSource<String> source = JournaledSource.builder(dir, broken)
                .checkpointInterval(Duration.ZERO).build()) {
            CodecException e = assertThrows(CodecException.class, source::start);
            assertTrue(e.getMessage().contains("index 0x" + Long.toHexString(e.index()))
                    && e.getMessage().contains("failed to read"), e.getMessage());
        }
    }

    @Test
    void aFullDiskSurfacesToTheEmitter(@TempDir Path dir) {
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).minFreeDiskBytes(Long.MAX_VALUE).build()) {
            List<Long> seen = source.sinkToList();
            source.start();
            JournalFullException e = assertThrows(JournalFullException.class, () -> source.emit(1L));
            assertTrue(e.getMessage().contains("disk full") && e.getMessage().contains(dir.toString()), e.getMessage());
            assertEquals(List.of(), seen, "an element that was not journaled is not emitted");
        }
    }

    @Test
    void everyBuiltInCodecRoundTrips(@TempDir Path dir) {
        roundTrip(dir.resolve("s"), Codecs.STRING, "héllo, wörld");
        roundTrip(dir.resolve("l"), Codecs.LONG, Long.MIN_VALUE);
        roundTrip(dir.resolve("i"), Codecs.INTEGER, -42);
        roundTrip(dir.resolve("h"), Codecs.SHORT, (short) 7);
        roundTrip(dir.resolve("y"), Codecs.BYTE, (byte) -3);
        roundTrip(dir.resolve("d"), Codecs.DOUBLE, Math.PI);
        roundTrip(dir.resolve("f"), Codecs.FLOAT, 2.5f);
        roundTrip(dir.resolve("c"), Codecs.forClass(Character.class), 'ß');
        roundTrip(dir.resolve("z"), Codecs.BOOLEAN, true);
        byte[] bytes = {1, 2, 3, -1};
        assertArrayEquals(bytes, roundTrip(dir.resolve("b"), Codecs.BYTES, bytes));
        Codec<List<Integer>> viaBytes = Codecs.viaBytes("pair", p -> new byte[] {p.get(0).byteValue(),
                p.get(1).byteValue()}, b -> List.of((int) b[0], (int) b[1]));
        roundTrip(dir.resolve("v"), viaBytes, List.of(4, 5));
    }

    /** Journals {@code value}, restarts, and returns what the replay emitted. */
    private static <T> T roundTrip(Path dir, Codec<T> codec, T value) {
        try (JournaledSource<T> source = JournaledSource.builder(dir, codec).checkpointInterval(Duration.ZERO).build()) {
            source.partition(2).sink(x -> { }); // keeps it in flight, so it replays
            source.start();
            source.emit(value);
        }
        try (JournaledSource<T> source = JournaledSource.builder(dir, codec).checkpointInterval(Duration.ZERO).build()) {
            List<T> seen = source.sinkToList();
            source.start();
            assertEquals(1, seen.size());
            if (!(value instanceof byte[])) {
                assertEquals(value, seen.get(0), codec.name());
            }
            return seen.get(0);
        }
    }
}
