package io.streamz4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;
import io.streamz4j.runtime.Invoker;
import io.streamz4j.runtime.Threads;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journaled source's checkpoint thread, like the pipeline's other threads, comes from the
 * {@link Threads} it is given; with an {@link Invoker} there is none, and the invoker's duty cycles
 * store the checkpoints. (Chronicle's own housekeeping threads are the library's, not the
 * engine's: only {@code streamz4j-} threads are compared.)
 */
class CheckpointThreadsTest {

    private static Set<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("streamz4j-")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theCheckpointThreadIsMadeByTheGivenFactory(@TempDir Path dir) {
        Set<Thread> made = ConcurrentHashMap.newKeySet();
        Threads threads = Threads.factory(work -> {
            Thread thread = new Thread(work);
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        });
        Set<String> before = engineThreads();
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG).name("ckpt-fac")
                .threads(threads).checkpointInterval(Duration.ofMillis(1)).build()) {
            Stream<Long> buffered = source.buffer(2);
            buffered.sink(seen::add);
            source.start();
            for (long i = 0; i < 5; i++) {
                source.emit(i);
            }
            DrainWait.until(() -> seen.size() == 5);
            long last = source.metrics().lastJournaledIndex();
            DrainWait.until(() -> source.metrics().checkpointIndex() == last);
            assertEquals(last, source.metrics().checkpointIndex(), "the checkpoint thread stored the checkpoint");
            Set<String> names = made.stream().map(Thread::getName).collect(Collectors.toSet());
            assertTrue(names.contains("streamz4j-ckpt-fac-checkpoint"), names::toString);
            assertTrue(names.stream().anyMatch(n -> n.startsWith("streamz4j-ckpt-fac-buffer-")), names::toString);
            Set<String> started = engineThreads();
            started.removeAll(before);
            assertTrue(names.containsAll(started), () -> "engine threads not made by the factory: " + started);
        }
        DrainWait.until(() -> made.stream().noneMatch(Thread::isAlive));
        assertTrue(made.stream().noneMatch(Thread::isAlive), "the source's threads ended when it closed");
    }

    @Test
    void withAnInvokerTheInvokingThreadStoresCheckpointsAndNoEngineThreadStarts(@TempDir Path dir) {
        Set<String> before = engineThreads();
        Invoker invoker = new Invoker("ckpt");
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG).name("ckpt-inv")
                .threads(Threads.invokedBy(invoker)).checkpointInterval(Duration.ofMillis(1)).build()) {
            source.buffer(2).sink(seen::add);
            source.start();
            invoker.start();
            for (long i = 0; i < 5; i++) {
                source.emit(i); // a full buffer: this thread delivers what it waits for
            }
            long last = source.metrics().lastJournaledIndex();
            DrainWait.until(() -> {
                invoker.invoke();
                return seen.size() == 5 && source.metrics().checkpointIndex() == last;
            });
            assertEquals(5, seen.size());
            assertEquals(last, source.metrics().checkpointIndex(), "the invoker's duty cycles stored the checkpoint");
            assertEquals(Set.of(), difference(engineThreads(), before), "no engine thread was started");
            assertEquals(2, invoker.workCount(), "the buffer's ring and the checkpoints");
        }
        assertEquals(0, invoker.workCount(), "closing the source took its work out of the invoker");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen);
        invoker.close();
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> left = new TreeSet<>(a);
        left.removeAll(b);
        return left;
    }
}
