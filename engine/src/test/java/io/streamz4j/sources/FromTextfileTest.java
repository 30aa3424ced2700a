package io.streamz4j.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.ManualClock;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * from_textfile: streamz's cases, then what streamz leaves implicit (partial records, custom
 * delimiters, Python's newline translation, stop and restart, destroy, bad input). Polling runs on
 * a loop over a {@link ManualClock}: a new poll happens only when the test moves the clock past
 * the interval, so "nothing was read yet" is checked after the loop has caught up, not after a
 * sleep.
 */
class FromTextfileTest extends ManualPollingTest {
    private static final Duration INTERVAL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    FromTextfileTest() {
        super("textfile", INTERVAL);
    }

    private static void append(Path file, String text) throws IOException {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Source<String> textfile(Path file, String delimiter, boolean fromEnd) {
        source = Stream.fromTextfile(file, INTERVAL, delimiter, fromEnd, false, loop);
        return source;
    }

    // mirrors streamz tests/test_core.py::test_from_file
    @Test
    void test_from_file() throws IOException {
        Path fn = dir.resolve("data.json");
        append(fn, "{\"x\": 1, \"y\": 2}\n");
        append(fn, "{\"x\": 2, \"y\": 2}\n");
        append(fn, "{\"x\": 3, \"y\": 2}\n");

        ObjectMapper json = new ObjectMapper();
        Source<String> source = textfile(fn, "\n", false);
        List<Object> L = new CopyOnWriteArrayList<>();
        source.map(line -> {
            try {
                return json.readValue(line, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).pluck("x").sink(L::add);

        assertEquals(List.of(), L);

        source.start();
        Waits.until(() -> L.size() == 3, () -> L);
        assertEquals(List.of(1, 2, 3), L);
        // A poll that found text reads again at once (as streamz does): let that read find nothing
        // before the file grows, so the next lines wait for the poll interval.
        Waits.loopCaughtUp(loop);

        append(fn, "{\"x\": 4, \"y\": 2}\n");
        append(fn, "{\"x\": 5, \"y\": 2}\n");
        Waits.loopCaughtUp(loop);
        assertEquals(List.of(1, 2, 3), L, "nothing is read before the poll interval has passed");

        nextPoll();
        assertEquals(List.of(1, 2, 3, 4, 5), L);
    }

    // mirrors streamz tests/test_core.py::test_from_file_end
    @Test
    void test_from_file_end() throws IOException {
        Path fn = dir.resolve("log.txt");
        append(fn, "data1\n");

        Source<String> source = textfile(fn, "\n", true);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        assertEquals(List.of(), out);
        Waits.until(source::isStarted, () -> "started");
        Waits.loopCaughtUp(loop);
        assertEquals(List.of(), out, "what the file held before is skipped");

        append(fn, "data2\n");
        nextPoll();
        assertEquals(List.of("data2\n"), out);
    }

    // streamz4j: as streamz seeks in its constructor, fromEnd skips what the file held when the
    // source was built; what was written between then and start() is emitted.
    @Test
    void fromEndStartsAtTheEndTheFileHadWhenBuilt() throws IOException {
        Path fn = dir.resolve("log.txt");
        append(fn, "before\n");
        Source<String> source = textfile(fn, "\n", true);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        append(fn, "between\n");

        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of("between\n"), out);
    }

    // streamz4j: an element is everything up to and including the delimiter; a partial trailing
    // record is held until a later poll completes it.
    @Test
    void aPartialRecordIsKeptUntilItIsCompleted() throws IOException {
        Path fn = dir.resolve("records.txt");
        append(fn, "one;two;thr");
        Source<String> source = textfile(fn, ";", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of("one;", "two;"), out);

        append(fn, "ee");
        nextPoll();
        assertEquals(List.of("one;", "two;"), out, "still no delimiter after 'three'");

        append(fn, ";;four");
        nextPoll();
        assertEquals(List.of("one;", "two;", "three;", ";"), out);
    }

    // streamz4j: a delimiter of several characters, split across polls; a delimiter is matched
    // left to right without overlap, as Python's str.split does.
    @Test
    void aLongDelimiterMayArriveInPieces() throws IOException {
        Path fn = dir.resolve("records.txt");
        append(fn, "a<>b<");
        Source<String> source = textfile(fn, "<>", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of("a<>"), out);

        append(fn, "><><>");
        nextPoll();
        assertEquals(List.of("a<>", "b<>", "<>", "<>"), out);
    }

    // streamz4j: Python reads the file in text mode, whose universal newlines turn "\r\n" and "\r"
    // into "\n", a "\r" that ends a read included (checked against streamz 0.6.4).
    @Test
    void newlinesAreTranslatedAsPythonsTextModeDoes() throws IOException {
        Path fn = dir.resolve("crlf.txt");
        append(fn, "a\r\nb\rc\nd\r");
        Source<String> source = textfile(fn, "\n", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of("a\n", "b\n", "c\n", "d\n"), out);

        append(fn, "\ne\n");
        nextPoll();
        assertEquals(List.of("a\n", "b\n", "c\n", "d\n", "\n", "e\n"), out);
    }

    // streamz4j: UTF-8 text; a character whose bytes are cut by the end of a poll waits for them.
    @Test
    void aCharacterCutBetweenPollsIsDecodedWhole() throws IOException {
        Path fn = dir.resolve("utf8.txt");
        byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
        append(fn, new byte[] {'x', euro[0]});
        Source<String> source = textfile(fn, "\n", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of(), out);

        append(fn, new byte[] {euro[1], euro[2], euro[3]});
        nextPoll();
        assertEquals(List.of("x€\n"), out);
    }

    // streamz4j: stop() ends polling; start() resumes where the file was left, with the partial
    // record kept; the loop thread runs only while the source is started.
    @Test
    void stopEndsPollingAndStartResumes() throws IOException {
        Path fn = dir.resolve("lines.txt");
        append(fn, "1\n2");
        Source<String> source = textfile(fn, "\n", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of("1\n"), out);

        source.stop();
        assertTrue(source.isStopped());
        Waits.noThreadsNamed("streamz4j-loop-" + loopName);
        append(fn, "\n3\n");
        clock.advance(INTERVAL.multipliedBy(5));
        assertEquals(List.of("1\n"), out);

        source.start();
        Waits.until(() -> out.size() == 3, () -> out);
        assertEquals(List.of("1\n", "2\n", "3\n"), out);
    }

    // streamz4j: a node below that throws is logged and the source goes on with the next record.
    @Test
    void aFailingNodeBelowDoesNotStopPolling() throws IOException {
        Path fn = dir.resolve("lines.txt");
        append(fn, "1\nbad\n2\n");
        Source<String> source = textfile(fn, "\n", false);
        List<Integer> out = new CopyOnWriteArrayList<>();
        source.map(line -> Integer.parseInt(line.strip())).sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of(1, 2), out);

        append(fn, "3\n");
        nextPoll();
        assertEquals(List.of(1, 2, 3), out);
    }

    // streamz4j: destroy() stops polling, closes the file and lets the loop thread end.
    @Test
    void destroyClosesTheFileAndEndsTheLoopThread() throws IOException {
        Path fn = dir.resolve("lines.txt");
        append(fn, "1\n");
        Source<String> source = textfile(fn, "\n", false);
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertFalse(Waits.threadsNamed("streamz4j-loop-" + loopName).isEmpty(), "polling runs on the loop");

        source.destroy();
        assertTrue(source.isStopped());
        Waits.noThreadsNamed("streamz4j-loop-" + loopName);
        assertThrows(IllegalStateException.class, source::start);
        assertTrue(source.isStopped());
        assertEquals(List.of("1\n"), out);
    }

    // streamz4j: the plain form polls on a loop of its own, on the system clock.
    @Test
    void thePlainFormPollsOnItsOwnLoop() throws IOException {
        Path fn = dir.resolve("plain.txt");
        append(fn, "a\n");
        Source<String> plain = Stream.fromTextfile(fn);
        List<String> out = new CopyOnWriteArrayList<>();
        plain.sink(out::add);
        try {
            plain.start();
            Waits.until(() -> out.size() == 1, () -> out);
            append(fn, "b\n");
            Waits.until(() -> out.size() == 2, () -> out);
            assertEquals(List.of("a\n", "b\n"), out);
            assertTrue(Waits.threadsNamed("streamz4j-loop-from_textfile").size() >= 1);
        } finally {
            plain.destroy();
        }
        Waits.noThreadsNamed("streamz4j-loop-from_textfile");
        assertEquals(Duration.ofMillis(100), ((PollingSource<String>) plain).pollInterval());
    }

    // streamz4j: start=true starts polling at once, as streamz's start=True does; the loop may
    // poll before the sink is wired, so the file is empty until the loop has caught up.
    @Test
    void theStartFlagStartsAtOnce() throws IOException {
        Path fn = dir.resolve("empty.txt");
        append(fn, "");
        source = Stream.fromTextfile(fn, INTERVAL, "\n", false, true, loop);
        assertTrue(source.isStarted());
        assertFalse(source.isStopped());
        List<String> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        Waits.loopCaughtUp(loop); // the first poll has run (before the sink was seen, maybe): wiring is done
        append(fn, "x\n");
        nextPoll();
        assertEquals(List.of("x\n"), out);
    }

    // streamz4j: a file that does not exist fails at start(), naming it; the source stays stopped.
    @Test
    void aMissingFileFailsAtStartNamingIt() {
        Path missing = dir.resolve("missing.txt");
        Source<String> source = textfile(missing, "\n", false);
        UncheckedIOException error = assertThrows(UncheckedIOException.class, source::start);
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertInstanceOf(NoSuchFileException.class, error.getCause());
        assertTrue(source.isStopped());
        assertFalse(loop.isRunning(), "a source that did not start holds no loop");
    }

    // streamz4j: bad arguments fail at construction, naming the parameter.
    @Test
    void badArgumentsFailAtConstruction() {
        Path fn = dir.resolve("x.txt");
        assertParameter("file", () -> Stream.fromTextfile(null));
        assertParameter("pollInterval", () -> Stream.fromTextfile(fn, null, "\n", false, false));
        assertParameter("pollInterval", () -> Stream.fromTextfile(fn, Duration.ofMillis(-1), "\n", false, false));
        assertParameter("delimiter", () -> Stream.fromTextfile(fn, INTERVAL, null, false, false));
        assertParameter("delimiter", () -> Stream.fromTextfile(fn, INTERVAL, "", false, false));
        assertParameter("loop", () -> Stream.fromTextfile(fn, INTERVAL, "\n", false, false, null));
    }

    static void assertParameter(String parameter, Runnable construction) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(error.getMessage().contains("'" + parameter + "'"), error.getMessage());
    }
}
