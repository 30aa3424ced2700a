package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.RemoteFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.ADD;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.EVEN;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.FAIL_ON_SEVENS;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.HOLD;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.INC;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.MAX;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.PAIR;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.REPEAT;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SLOW;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scattered pipelines on a real embedded media driver and two real worker processes, compared
 * element for element with the same pipeline run locally (streamz's test_dask.py cases:
 * scatter-map-gather, buffer, accumulate, starmap, filter, flatten, errors).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScatterGatherEndToEndTest {
    private static Cluster cluster;
    private static TestWorkers workers;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName())
                .workerTimeout(Duration.ofSeconds(10)));
        workers = TestWorkers.start(cluster, 2);
        assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)), "two workers should join");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
            if (workers != null) {
                assertTrue(workers.awaitExit(30), "workers exit on SHUTDOWN");
            }
        } finally {
            if (workers != null) {
                workers.close();
            }
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    /** Runs {@code build} on a local source and on a scattered one fed the same elements; returns both outputs. */
    private static <R> void assertSameAsLocal(List<Long> input, Function<Stream<Long>, Stream<R>> local,
            Function<ScatteredStream<Long>, Stream<R>> scattered) {
        Stream<Long> localSource = new Stream<>();
        List<R> expected = local.apply(localSource).sinkToList();
        Stream<Long> remoteSource = new Stream<>();
        List<R> actual = scattered.apply(cluster.scatter(remoteSource)).sinkToList();
        for (Long x : input) {
            localSource.emit(x);
            remoteSource.emit(x);
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)), "every result should come back");
        assertEquals(expected, actual);
        remoteSource.close();
    }

    @Test
    void scatterMapBufferGatherEqualsTheLocalRun() {
        // streamz test_dask.py::test_scatter_gather, with buffer as in test_buffer
        Stream<Long> localSource = new Stream<>();
        List<Long> expected = localSource.map(INC).buffer(8).gather().sinkToList();
        Stream<Long> source = new Stream<>();
        List<Long> out = source.scatter().map(INC).buffer(8).gather().sinkToList();
        for (long i = 0; i < 2_000; i++) {
            localSource.emit(i);
            source.emit(i);
        }
        localSource.close();
        source.close(); // waits for what is in flight
        assertEquals(2_000, out.size());
        assertEquals(expected, out);
        long sent = cluster.metrics().stream().mapToLong(WorkerMetrics::elementsIn).sum();
        assertTrue(sent >= 2_000, "metrics count the elements sent: " + cluster.metrics());
    }

    @Test
    void destroyingThePipelineDeliversWhatIsInFlightFirstAsABufferDoes() {
        Stream<Long> source = new Stream<>();
        @SuppressWarnings("unchecked")
        ScatterNode<Long> scatter = (ScatterNode<Long>) source.scatter();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        scatter.map(SLOW).buffer(64).gather().sink(out::add);
        for (long x = 0; x < 200; x++) {
            source.emit(x);
        }
        source.destroy(); // up to 64 still on the workers
        assertEquals(range(0, 200), out);
        assertEquals(0, scatter.droppedOnDestroy());
        assertTrue(scatter.isDestroyed());
    }

    @Test
    void bothWorkersTakeWork() {
        List<WorkerMetrics> before = cluster.metrics();
        assertSameAsLocal(range(0, 1_000), s -> s.map(SLOW), s -> s.map(SLOW).buffer(16).gather());
        List<WorkerMetrics> after = cluster.metrics();
        for (int i = 0; i < 2; i++) {
            assertTrue(after.get(i).elementsOut() > before.get(i).elementsOut(), "worker " + i + " took none: " + after);
            assertTrue(after.get(i).p50Nanos() > 0 && after.get(i).p999Nanos() >= after.get(i).p50Nanos(),
                    "round trips are recorded: " + after.get(i));
        }
    }

    @Test
    void filterStarmapFlattenChainEqualsTheLocalRun() {
        // streamz test_dask.py::test_starmap and test_flatten, chained with a filter
        assertSameAsLocal(range(0, 500),
                s -> s.map(PAIR).starmapN(ADD).filter(EVEN).map(REPEAT).<Long>flatten(),
                s -> s.map(PAIR).starmapN(ADD).filter(EVEN).map(REPEAT).<Long>flatten().buffer(32).gather());
    }

    @Test
    void aChainWithoutStepsAndStepsAroundAnAccumulateEqualTheLocalRun() {
        assertSameAsLocal(range(0, 300), s -> s, ScatteredStream::gather);
        assertSameAsLocal(range(0, 300),
                s -> s.filter(EVEN).accumulate(SUM, 0L).map(INC).map(REPEAT).<Long>flatten(),
                s -> s.filter(EVEN).accumulate(SUM, 0L).map(INC).map(REPEAT).<Long>flatten().gather());
    }

    @Test
    void unkeyedAccumulateSeesEveryElementInOrder() {
        // streamz test_dask.py::test_accumulate: one state, as a local accumulate has
        assertSameAsLocal(range(0, 500), s -> s.accumulate(SUM, 0L), s -> s.accumulate(SUM, 0L).buffer(8).gather());
        assertSameAsLocal(range(0, 300).stream().map(x -> (x * 37) % 101).toList(),
                s -> s.accumulate(MAX), s -> s.accumulate(MAX).gather());
    }

    @Test
    void keyedAccumulateEqualsAPerKeyLocalAccumulate() {
        Stream<Long> source = new Stream<>();
        List<Long> out = cluster.scatter(source, (Long x) -> x % 5).accumulate(SUM, 0L).buffer(16).gather()
                .sinkToList();
        Map<Long, Long> states = new HashMap<>();
        List<Long> expected = new ArrayList<>();
        for (long x = 0; x < 1_000; x++) {
            source.emit(x);
            expected.add(states.merge(x % 5, x, Long::sum));
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        assertEquals(expected, out);
        source.close();
    }

    @Test
    void aFailingElementReachesTheErrorHandlerOnceAndIsNotRetried() {
        Stream<Long> source = new Stream<>();
        List<Long> out = source.scatter().map(FAIL_ON_SEVENS).buffer(8).gather().sinkToList();
        List<Object> failed = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        source.onPipelineError((node, element, error) -> {
            failed.add(element);
            errors.add(error);
        });
        long sentBefore = cluster.metrics().stream().mapToLong(WorkerMetrics::elementsIn).sum();
        long resendsBefore = cluster.metrics().stream().mapToLong(WorkerMetrics::resends).sum();
        long errorsBefore = cluster.metrics().stream().mapToLong(WorkerMetrics::errors).sum();
        for (long x = 0; x < 100; x++) {
            source.emit(x);
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        List<Long> sevens = range(0, 100).stream().filter(x -> x % 7 == 0).toList();
        assertEquals(range(0, 100).stream().filter(x -> x % 7 != 0).toList(), out);
        assertEquals(sevens, failed, "each failing element reported once, in scatter order");
        for (Throwable error : errors) {
            RemoteFailureException remote = (RemoteFailureException) error;
            assertEquals(ArithmeticException.class.getName(), remote.remoteClass());
            assertTrue(remote.getMessage().contains("multiple of seven"), remote.getMessage());
        }
        assertEquals(100, cluster.metrics().stream().mapToLong(WorkerMetrics::elementsIn).sum() - sentBefore,
                "no element was sent twice");
        assertEquals(resendsBefore, cluster.metrics().stream().mapToLong(WorkerMetrics::resends).sum());
        assertEquals(sevens.size(), cluster.metrics().stream().mapToLong(WorkerMetrics::errors).sum() - errorsBefore);
        source.close();
    }

    @Test
    void aNodeBelowGatherThatThrowsIsReportedOnceAndTheRestStillArrive() {
        Stream<Long> source = new Stream<>();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        List<Object> failed = Collections.synchronizedList(new ArrayList<>());
        source.scatter().map(INC).gather().sink(x -> {
            if (x == 5L) {
                throw new IllegalStateException("sink refuses 5");
            }
            out.add(x);
        });
        source.onPipelineError((node, element, error) -> failed.add(element));
        for (long x = 0; x < 10; x++) {
            source.emit(x);
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        assertEquals(List.of(5L), failed, "reported once, by the sink, on the agent thread");
        assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L), out);
        source.close();
    }

    @Test
    void theProducerWaitsWhileNAreInFlightAndNothingIsDropped() {
        int n = 4;
        Stream<Long> source = new Stream<>();
        AtomicLong gathered = new AtomicLong();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        @SuppressWarnings("unchecked")
        ScatterNode<Long> scatter = (ScatterNode<Long>) source.scatter();
        scatter.map(SLOW).buffer(n).gather().sink(x -> {
            out.add(x);
            gathered.incrementAndGet();
        });
        long maxInFlight = 0;
        for (long x = 0; x < 300; x++) {
            source.emit(x);
            long inFlight = x + 1 - gathered.get();
            maxInFlight = Math.max(maxInFlight, inFlight);
            assertTrue(inFlight <= n, "at most " + n + " in flight, saw " + inFlight);
            assertTrue(scatter.inFlight() <= n, "the node counts at most " + n + ": " + scatter.inFlight());
        }
        assertTrue(scatter.awaitDrained(Duration.ofMinutes(1)));
        assertEquals(range(0, 300), out, "nothing dropped, in scatter order");
        assertEquals(0, scatter.inFlight());
        source.close();
    }

    @Test
    void aWarmProducerAllocatesNothingPerElement() {
        // the emitting thread's path: claim a slot, pick a worker, encode into the slot, offer
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Long[] values = new Long[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000_000L + i;
        }
        Stream<Long> source = new Stream<>();
        AtomicLong gathered = new AtomicLong();
        source.scatter().map(INC).buffer(64).gather().sink(x -> gathered.incrementAndGet());
        for (int round = 0; round < 20; round++) {
            for (Long value : values) {
                source.emit(value);
            }
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int round = 0; round < 20; round++) {
            for (Long value : values) {
                source.emit(value);
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        assertEquals(40_000, gathered.get());
        assertTrue(allocated < 20_000, "20000 elements scattered allocated " + allocated + " bytes");
        source.close();
    }

    @Test
    void aFullPublicationHoldsTheProducerBackAndNothingIsDropped() {
        // 400 elements of 64 KiB to workers taking 5 ms each: more than a publication's window
        // (half its 16 MiB term) piles up per worker, so offers meet BACK_PRESSURED and wait
        Stream<byte[]> source = new Stream<>();
        @SuppressWarnings("unchecked")
        ScatterNode<byte[]> scatter = (ScatterNode<byte[]>) source.scatter();
        List<Long> out = scatter.map(CoordinatorTestFunctions.SLOW_LENGTH).buffer(512).gather().sinkToList();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] element = new byte[65_536 + i];
            element[i] = (byte) i;
            source.emit(element);
            expected.add((long) element.length);
        }
        assertTrue(scatter.awaitDrained(Duration.ofMinutes(2)));
        assertTrue(scatter.offersRetried() > 0, "the publications should have pushed back");
        assertEquals(expected, out, "every element once, in order, none dropped");
        source.close();
    }

    @Test
    void scatterOrderHoldsLaterResultsBehindASlowElement() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        Stream<Long> source = new Stream<>();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        source.scatter().map(HOLD).buffer(16).gather().sink(out::add);
        long takenBefore = cluster.metrics().stream().mapToLong(WorkerMetrics::elementsOut).sum();
        source.emit(-id);
        for (long x = 1; x < 10; x++) {
            source.emit(x);
        }
        try {
            // element 1 went to the other worker (the held one had one in flight): its result is in
            while (cluster.metrics().stream().mapToLong(WorkerMetrics::elementsOut).sum() - takenBefore < 1) {
                LockSupport.parkNanos(1_000_000);
            }
            assertEquals(List.of(), out, "nothing leaves gather before the first element's result");
        } finally {
            Files.createFile(CoordinatorTestFunctions.holdFile(id));
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        List<Long> expected = new ArrayList<>(List.of(-id));
        expected.addAll(range(1, 10));
        assertEquals(expected, out);
        source.close();
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
    }

    @Test
    void completionOrderLetsLaterResultsPassASlowElement() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        Stream<Long> source = new Stream<>();
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        ((ScatteredStream<Long>) source.scatter()).map(HOLD).buffer(16).gather(GatherOrder.COMPLETION_ORDER)
                .sink(out::add);
        source.emit(-id);
        for (long x = 1; x < 10; x++) {
            source.emit(x);
        }
        try {
            // element 1 went to the other worker (the held one had one in flight), so it passes
            while (out.isEmpty()) {
                LockSupport.parkNanos(1_000_000);
            }
            assertNotEquals(-id, out.get(0));
        } finally {
            Files.createFile(CoordinatorTestFunctions.holdFile(id));
        }
        assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
        List<Long> sorted = new ArrayList<>(out);
        Collections.sort(sorted);
        List<Long> expected = new ArrayList<>(List.of(-id));
        expected.addAll(range(1, 10));
        assertEquals(expected, sorted, "every result once");
        source.close();
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
    }
}
