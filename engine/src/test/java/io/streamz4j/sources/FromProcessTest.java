package io.streamz4j.sources;

import static io.streamz4j.sources.FromTextfileTest.assertParameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * from_process, with real processes run by {@code sh}: streamz's cases (which run Python; the
 * same output comes from the shell here), then the options, the threads, stopping and killing,
 * and bad input.
 */
class FromProcessTest {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String name = "process-test-" + RUNS.incrementAndGet();
    private final EventLoop loop = EventLoop.create(name);
    private Source<String> source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.destroy();
        }
        Waits.noThreadsNamed("streamz4j-loop-" + name);
        Waits.noThreadsNamed("streamz4j-" + name);
    }

    private Source<String> process(boolean withStderr, boolean withEnd, String... command) {
        source = Stream.fromProcess(List.of(command), withStderr, withEnd, false, loop);
        source.named(name);
        return source;
    }

    // mirrors streamz tests/test_sources.py::test_process
    @Test
    void test_process() {
        Source<String> s = process(false, true, "sh", "-c", "printf 0123");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> out.equals(List.of("0123")), () -> out);
        s.stop();
    }

    // mirrors streamz tests/test_sources.py::test_process_str
    @Test
    void test_process_str() {
        source = Stream.fromProcess("sh -c \"for i in 0 1 2 3; do echo $i; done\"");
        Source<String> s = source;
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> out.equals(List.of("0\n", "1\n", "2\n", "3\n")), () -> out);
        s.stop();
        s.destroy();
        Waits.noThreadsNamed("streamz4j-from_process-process");
        Waits.noThreadsNamed("streamz4j-loop-from_process");
    }

    // streamz4j: withEnd=false drops a last line that has no newline, as streamz's with_end=False.
    @Test
    void withoutEndALastPartialLineIsDropped() {
        Source<String> s = process(false, false, "sh", "-c", "echo a; printf b");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(s::isStopped, () -> out);
        Waits.noThreadsNamed("streamz4j-loop-" + name);
        assertEquals(List.of("a\n"), out);
    }

    // streamz4j: withStderr merges standard error into the lines (streamz: with_stderr).
    @Test
    void withStderrMergesStandardError() {
        Source<String> s = process(true, true, "sh", "-c", "echo out; echo err >&2; echo out2");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> out.size() == 3, () -> out);
        assertEquals(List.of("out\n", "err\n", "out2\n"), out);
    }

    // streamz4j: when the process ends, the source stops itself (streamz sets stopped once the
    // process has a return code) and lets go of the loop; a new start runs the command again.
    @Test
    void theSourceStopsWhenTheProcessEndsAndMayRunAgain() {
        Source<String> s = process(false, true, "sh", "-c", "echo x");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> s.isStopped() && out.size() == 1, () -> out);
        Waits.noThreadsNamed("streamz4j-loop-" + name);
        Waits.noThreadsNamed("streamz4j-" + name + "-process");

        s.start();
        Waits.until(() -> s.isStopped() && out.size() == 2, () -> out);
        assertEquals(List.of("x\n", "x\n"), out);
    }

    // streamz4j: lines are read on the thread streamz4j-<name>-process and emitted on the
    // pipeline's loop thread, in order, none lost, however many there are.
    @Test
    void linesAreEmittedOnTheLoopInOrder() {
        int lines = 50_000;
        Source<String> s = process(false, true, "seq", "1", Integer.toString(lines));
        List<String> out = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> collected = new ArrayList<>();
        s.sink(line -> {
            threads.add(Thread.currentThread().getName());
            collected.add(line);
            if (collected.size() == lines) {
                out.addAll(collected);
            }
        });
        s.start();
        Waits.until(() -> out.size() == lines, () -> collected.size());
        for (int i = 0; i < lines; i++) {
            assertEquals((i + 1) + "\n", out.get(i));
        }
        assertEquals(Set.of("streamz4j-loop-" + name), threads);
    }

    // streamz4j: stop() kills the process by its handle and ends the reader thread; the loop
    // thread ends once the lines already read are dealt with; no line comes after stop().
    @Test
    void stopKillsTheProcessAndEndsTheThreads() {
        Source<String> s = process(false, true, "sh", "-c", "echo $$; exec sleep 1000");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> out.size() == 1, () -> out);
        long pid = Long.parseLong(out.get(0).strip());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of("streamz4j-" + name + "-process"), Waits.threadsNamed("streamz4j-" + name + "-process"));

        s.stop();
        assertTrue(s.isStopped());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the process was killed");
        assertEquals(List.of(), Waits.threadsNamed("streamz4j-" + name + "-process"), "stop() waits for the reader");
        Waits.noThreadsNamed("streamz4j-loop-" + name);
    }

    // streamz4j: the processes the command started are killed too, so none keeps the output open.
    @Test
    void destroyKillsTheProcessesItStarted() {
        Source<String> s = process(false, true, "sh", "-c", "sleep 1000 & echo $!; wait");
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        Waits.until(() -> out.size() == 1, () -> out);
        long child = Long.parseLong(out.get(0).strip());
        assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));

        s.destroy();
        assertTrue(s.isStopped());
        Waits.until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), () -> "child alive");
        Waits.noThreadsNamed("streamz4j-" + name);
        Waits.noThreadsNamed("streamz4j-loop-" + name);
        assertThrows(IllegalStateException.class, s::start);
    }

    // streamz4j: stop() takes effect before the next line: lines read and handed to the loop but
    // not emitted yet are dropped. The sink holds the loop on the first line until the reader has
    // filled the loop's inbox (it then parks, waiting for room) and stop() has taken effect.
    @Test
    void linesNotEmittedAtStopAreDropped() throws InterruptedException {
        Source<String> s = process(false, true, "sh", "-c", "seq 1 100000; exec sleep 1000");
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(line -> {
            out.add(line);
            inSink.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        assertTrue(inSink.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        Thread reader = thread("streamz4j-" + name + "-process");
        Waits.until(() -> reader.getState() == Thread.State.TIMED_WAITING, reader::getState);

        Thread stopper = new Thread(s::stop, "stopper");
        stopper.start();
        Waits.until(() -> stopper.getState() == Thread.State.TIMED_WAITING, stopper::getState);
        assertTrue(s.isStopped());
        letGo.countDown();
        stopper.join(Waits.TIMEOUT.toMillis());
        assertFalse(stopper.isAlive());
        Waits.noThreadsNamed("streamz4j-loop-" + name);
        assertEquals(List.of("1\n"), out);
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    // streamz4j: a command that cannot run fails at start(), naming it; the source stays stopped.
    @Test
    void aMissingProgramFailsAtStart() {
        Source<String> s = process(false, true, "/no/such/program-streamz4j", "x");
        UncheckedIOException error = assertThrows(UncheckedIOException.class, s::start);
        assertTrue(error.getMessage().contains("/no/such/program-streamz4j"), error.getMessage());
        assertTrue(s.isStopped());
        assertFalse(loop.isRunning());
    }

    // streamz4j: bad arguments fail at construction, naming the parameter.
    @Test
    void badArgumentsFailAtConstruction() {
        assertParameter("command", () -> Stream.fromProcess((List<String>) null));
        assertParameter("command", () -> Stream.fromProcess((String) null));
        assertParameter("command", () -> Stream.fromProcess(List.of()));
        assertParameter("command", () -> Stream.fromProcess(java.util.Arrays.asList("echo", null)));
        assertParameter("command", () -> Stream.fromProcess("echo 'unclosed"));
        assertParameter("loop", () -> Stream.fromProcess(List.of("echo"), false, true, false, null));
    }
}
