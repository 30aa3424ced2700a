package io.streamz4j.transport.scatter;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.NAP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A function that runs far longer than the coordinator's worker timeout does not make its worker
 * look dead: the worker's keepalive thread heartbeats while the function runs, so the element is
 * neither resent nor lost and the worker stays (streamz on Dask: a long task is just a long task).
 */
// on its own thread: without the keepalive every worker is turned away, and emit waits for one
// for ever (a producer's wait is not interruptible, as nothing accepted may be dropped)
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowFunctionTest {

    @Test
    void aFunctionSlowerThanTheWorkerTimeoutKeepsItsWorkerAlive() throws Exception {
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName())
                .workerTimeout(Duration.ofMillis(500)));
                TestWorkers workers = TestWorkers.start(cluster, 2)) {
            assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)), "two workers should join");
            List<Integer> joined = cluster.workers();
            Stream<Long> source = new Stream<>();
            List<Long> out = source.scatter().map(NAP).buffer(4).gather().sinkToList();
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 25; i++) {
                source.emit(i);
                expected.add(i);
            }
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)), "every result should come back");
            assertEquals(expected, out);
            assertEquals(joined, cluster.workers(), "the same workers, none declared dead");
            assertEquals(0, cluster.metrics().stream().mapToLong(WorkerMetrics::resends).sum(), "nothing resent");
            source.close();
        }
    }
}
