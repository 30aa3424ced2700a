package io.streamz4j.sources;

import static io.streamz4j.sources.FromTextfileTest.assertParameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.ManualClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * filenames: streamz's case, then globs, ordering, once-only emission and lifecycle. Polling runs
 * on a loop over a {@link ManualClock}, so each poll happens when the test moves the clock.
 */
class FilenamesTest extends ManualPollingTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path tmp;

    FilenamesTest() {
        super("filenames", INTERVAL);
    }

    private Source<String> filenames(String pathOrGlob) {
        source = Stream.filenames(pathOrGlob, INTERVAL, false, loop);
        return source;
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createFile(file);
    }

    // mirrors streamz tests/test_core.py::test_filenames
    @Test
    void test_filenames() throws IOException {
        Path fn = tmp.resolve("dir");
        Files.createDirectory(fn);
        touch(fn.resolve("a"));
        touch(fn.resolve("b"));

        Source<String> source = filenames(fn.toString());
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        source.start();

        Waits.until(() -> L.size() >= 2, () -> L);
        assertEquals(List.of(fn.resolve("a").toString(), fn.resolve("b").toString()), L);

        touch(fn.resolve("c"));
        nextPoll();
        assertEquals(List.of(fn.resolve("a").toString(), fn.resolve("b").toString(), fn.resolve("c").toString()), L);
    }

    // streamz4j: the new names of each poll come sorted (by code point, as Python sorts), and a
    // name is emitted once however many polls see it.
    @Test
    void newNamesComeSortedAndOnce() throws IOException {
        Path dir = tmp.resolve("d");
        for (String name : List.of("b10", "B", "a", "b9")) {
            touch(dir.resolve(name));
        }
        Source<String> source = filenames(dir.toString());
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(names(dir, "B", "a", "b10", "b9"), L);

        touch(dir.resolve("0"));
        touch(dir.resolve("c"));
        nextPoll();
        nextPoll();
        assertEquals(names(dir, "B", "a", "b10", "b9", "0", "c"), L);
    }

    // streamz4j: a glob, as Python's glob.glob reads it: only matching names, hidden files only
    // for a pattern that starts with a dot, and a directory given with a trailing slash.
    @Test
    void aGlobSelectsNames() throws IOException {
        Path dir = tmp.resolve("csv");
        touch(dir.resolve("a.csv"));
        touch(dir.resolve("b.txt"));
        touch(dir.resolve(".hidden.csv"));
        Source<String> source = filenames(dir + "/*.csv");
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(names(dir, "a.csv"), L);

        touch(dir.resolve("c.csv"));
        touch(dir.resolve("d.txt"));
        nextPoll();
        assertEquals(names(dir, "a.csv", "c.csv"), L);
        assertEquals(dir + "/*.csv", ((Filenames) source).pattern());
        assertEquals(dir + "/*", new Filenames(dir + "/", INTERVAL).pattern(), "streamz appends '*' to a directory");
    }

    // streamz4j: a directory that does not exist yet yields nothing, then its files once it does.
    @Test
    void aMissingDirectoryYieldsNothingUntilItExists() throws IOException {
        Path dir = tmp.resolve("later");
        Source<String> source = filenames(dir + "/*");
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        source.start();
        Waits.loopCaughtUp(loop);
        assertEquals(List.of(), L);

        touch(dir.resolve("x"));
        nextPoll();
        assertEquals(names(dir, "x"), L);
    }

    // streamz4j: stop() ends polling and releases the loop; start() resumes, and the names seen
    // before are not emitted again.
    @Test
    void stopAndRestart() throws IOException {
        Path dir = tmp.resolve("d");
        touch(dir.resolve("a"));
        Source<String> source = filenames(dir.toString());
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        source.start();
        Waits.loopCaughtUp(loop);
        source.stop();
        Waits.noThreadsNamed("streamz4j-loop-" + loopName);

        touch(dir.resolve("b"));
        source.start();
        Waits.until(() -> L.size() == 2, () -> L);
        assertEquals(names(dir, "a", "b"), L);

        source.destroy();
        assertTrue(source.isStopped());
        Waits.noThreadsNamed("streamz4j-loop-" + loopName);
    }

    // streamz4j: the plain form polls on a loop of its own.
    @Test
    void thePlainFormPollsOnItsOwnLoop() throws IOException {
        Path dir = tmp.resolve("plain");
        touch(dir.resolve("one"));
        Source<String> plain = Stream.filenames(dir.toString());
        List<String> L = new CopyOnWriteArrayList<>();
        plain.sink(L::add);
        try {
            plain.start();
            Waits.until(() -> L.size() == 1, () -> L);
            touch(dir.resolve("two"));
            Waits.until(() -> L.size() == 2, () -> L);
            assertEquals(names(dir, "one", "two"), L);
        } finally {
            plain.destroy();
        }
        Waits.noThreadsNamed("streamz4j-loop-filenames");
    }

    // streamz4j: start=true starts polling at once, as streamz's start=True does; the loop may
    // poll before the sink is wired, so the directory is empty until the loop has caught up.
    @Test
    void theStartFlagStartsAtOnce() throws IOException {
        Path dir = tmp.resolve("empty");
        Files.createDirectory(dir);
        source = Stream.filenames(dir.toString(), INTERVAL, true, loop);
        assertTrue(source.isStarted());
        List<String> L = new CopyOnWriteArrayList<>();
        source.sink(L::add);
        Waits.loopCaughtUp(loop); // the first poll has run (before the sink was seen, maybe): wiring is done
        touch(dir.resolve("f"));
        nextPoll();
        assertEquals(names(dir, "f"), L);
    }

    // streamz4j: bad arguments fail at construction, naming the parameter.
    @Test
    void badArgumentsFailAtConstruction() {
        assertParameter("pathOrGlob", () -> Stream.filenames(null));
        assertParameter("pollInterval", () -> Stream.filenames("x", null, false));
        assertParameter("pollInterval", () -> Stream.filenames("x", Duration.ofSeconds(-1), false));
        assertParameter("loop", () -> Stream.filenames("x", INTERVAL, false, null));
    }

    private static List<String> names(Path dir, String... names) {
        List<String> paths = new ArrayList<>();
        for (String name : names) {
            paths.add(dir + "/" + name);
        }
        return paths;
    }
}
