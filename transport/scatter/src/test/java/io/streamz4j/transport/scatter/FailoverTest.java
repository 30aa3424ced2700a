package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.ElementLostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.HOLD;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's failover: a worker killed (SIGKILL) while it holds elements of its keys has
 * them resent to the survivor after a RESTORE of each key's newest state, so the keyed
 * accumulate's results equal a per-key local accumulate, each once; and an element that has used
 * up its attempts goes to the error handler as lost instead of being sent again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverTest {

    private static long inFlight(Cluster cluster, int worker) {
        return cluster.metrics().get(worker).inFlight();
    }

    @Test
    void aKilledWorkersKeysMoveToTheSurvivorWithTheirNewestState() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 40);
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().workerTimeout(Duration.ofSeconds(5))
                .library(CoordinatorTestFunctions.class.getName()));
                TestWorkers workers = TestWorkers.start(cluster, 2)) {
            assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)));
            Stream<Long> source = new Stream<>();
            List<Long> out = Collections.synchronizedList(new ArrayList<>());
            cluster.scatter(source, (Long x) -> Math.floorMod(x, 4L)).map(HOLD).accumulate(SUM, 0L).buffer(64)
                    .gather().sink(out::add);
            List<Long> input = new ArrayList<>();
            for (long x = 0; x < 40; x++) {
                input.add(x);
                source.emit(x);
            }
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
            // a held element, then more of every key: those of the held worker's keys queue behind it
            input.add(-id);
            source.emit(-id);
            int holder = inFlight(cluster, 0) == 1 ? 0 : 1;
            assertEquals(1, inFlight(cluster, holder), "the held element is on one worker: " + cluster.metrics());
            for (long x = 40; x < 80; x++) {
                input.add(x);
                source.emit(x);
            }
            ProcessHandle.of(cluster.metrics().get(holder).pid()).orElseThrow().destroyForcibly();
            Files.createFile(CoordinatorTestFunctions.holdFile(id));
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)), "the dead worker's elements came back");

            Map<Long, Long> states = new HashMap<>();
            List<Long> expected = new ArrayList<>();
            for (Long x : input) {
                expected.add(states.merge(Math.floorMod(x, 4L), x, Long::sum));
            }
            assertEquals(expected, out);
            WorkerMetrics survivor = cluster.metrics().get(1 - holder);
            assertTrue(survivor.resends() > 0, "the survivor took the dead worker's elements: " + cluster.metrics());
            assertEquals(List.of(1 - holder), cluster.workers());
            source.close();
        } finally {
            Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        }
    }

    @Test
    void anElementWhoseWorkersDiedWithItMaxAttemptsTimesIsReportedLostNotResent() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 40);
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().maxAttempts(1)
                .workerTimeout(Duration.ofSeconds(5))
                .library(CoordinatorTestFunctions.class.getName()));
                TestWorkers workers = TestWorkers.start(cluster, 2)) {
            assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)));
            Stream<Long> source = new Stream<>();
            List<Long> out = Collections.synchronizedList(new ArrayList<>());
            List<Object> failed = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            source.scatter().map(HOLD).gather().sink(out::add);
            source.onPipelineError((node, element, error) -> {
                failed.add(element);
                errors.add(error);
            });
            source.emit(-id);
            int holder = inFlight(cluster, 0) == 1 ? 0 : 1;
            assertEquals(1, inFlight(cluster, holder), "the held element is on one worker: " + cluster.metrics());
            ProcessHandle.of(cluster.metrics().get(holder).pid()).orElseThrow().destroyForcibly();
            // sent after the death is seen, the others go to the survivor (sent to the dead one
            // before, they would be lost too: one attempt each)
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (cluster.workers().size() > 1) {
                assertTrue(System.nanoTime() < deadline, "the killed worker should be declared dead");
                LockSupport.parkNanos(1_000_000);
            }
            for (long x = 1; x <= 20; x++) {
                source.emit(x);
            }
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
            assertEquals(List.of(-id), failed, "the element is reported once, with itself");
            ElementLostException lost = assertInstanceOf(ElementLostException.class, errors.get(0));
            assertEquals(1, lost.attempts());
            assertEquals(range(1, 21), out, "the others all arrive, in order");
            assertEquals(0, cluster.metrics().get(1 - holder).resends(), "a lost element is not sent again");
            source.close();
        } finally {
            Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        }
    }

    @Test
    void aWorkerStalledPastTheTimeoutIsReplacedAndItsLateResultsAreIgnored() throws Exception {
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().workerTimeout(Duration.ofSeconds(5))
                .library(CoordinatorTestFunctions.class.getName()));
                TestWorkers workers = TestWorkers.start(cluster, 2)) {
            assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)));
            Stream<Long> source = new Stream<>();
            List<Long> out = Collections.synchronizedList(new ArrayList<>());
            source.scatter().map(CoordinatorTestFunctions.SLOW).buffer(32).gather().sink(out::add);
            for (long x = 0; x < 100; x++) {
                source.emit(x);
            }
            long stalled = cluster.metrics().get(0).pid();
            signal("-STOP", stalled);
            try {
                for (long x = 100; x < 300; x++) {
                    source.emit(x);
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (cluster.workers().size() > 1) {
                    assertTrue(System.nanoTime() < deadline, "the stalled worker should be declared dead");
                    LockSupport.parkNanos(1_000_000);
                }
            } finally {
                signal("-CONT", stalled);
            }
            // resumed, it finishes what it held and keeps sending under its old uid: all of it is ignored
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
            assertEquals(range(0, 300), out, "every result once, in order");
            assertFalse(cluster.workers().contains(0), "a worker declared dead never comes back as itself");
            assertTrue(!cluster.metrics().get(0).live() && cluster.metrics().get(1).resends() > 0,
                    cluster.metrics().toString());
            // then it comes back: told it was declared dead (REJECT), or timed out by the driver,
            // it joins again as a new worker, so a stall costs a resend and not a worker
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (cluster.metrics().stream().noneMatch(m -> m.pid() == stalled && m.live() && m.id() != 0)) {
                assertTrue(System.nanoTime() < deadline, "the resumed worker did not join anew: " + cluster.metrics());
                LockSupport.parkNanos(1_000_000);
            }
            source.close();
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor());
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long x = from; x < to; x++) {
            values.add(x);
        }
        return values;
    }
}
