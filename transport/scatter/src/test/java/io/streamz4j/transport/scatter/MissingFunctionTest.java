package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.INC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that lacks one of a program's functions (it did not load the library) gets none of that
 * program's elements: they all go to the workers that have it, and nothing fails for it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MissingFunctionTest {

    @Test
    void aWorkerWithoutAProgramsFunctionGetsNoneOfItsElements() throws Exception {
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName())
                .workerTimeout(Duration.ofSeconds(10)));
                TestWorkers workers = new TestWorkers(cluster)) {
            workers.startOne(true);
            workers.startOne(false);
            assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)));
            Stream<Long> source = new Stream<>();
            List<Long> out = source.scatter().map(INC).buffer(8).gather().sinkToList();
            List<Long> expected = new ArrayList<>();
            for (long x = 0; x < 200; x++) {
                source.emit(x);
                expected.add(x + 1);
            }
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
            assertEquals(expected, out);
            List<WorkerMetrics> metrics = cluster.metrics();
            long lacking = metrics.stream().filter(m -> m.name().equals("coord-test-1")).findFirst().orElseThrow()
                    .elementsIn();
            long having = metrics.stream().filter(m -> m.name().equals("coord-test-0")).findFirst().orElseThrow()
                    .elementsIn();
            assertEquals(0, lacking, "the worker without the library took nothing: " + metrics);
            assertEquals(200, having);
            source.close();
        }
    }

    @Test
    void closingTheClusterFromTheAgentThreadIsRefused() throws Exception {
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName())
                .workerTimeout(Duration.ofSeconds(10)));
                TestWorkers workers = TestWorkers.start(cluster, 1)) {
            assertTrue(cluster.awaitWorkers(1, Duration.ofMinutes(2)));
            Stream<Long> source = new Stream<>();
            List<Throwable> refused = new ArrayList<>();
            source.scatter().map(INC).gather().sink(x -> refused.add(assertThrows(IllegalStateException.class,
                    cluster::close)));
            source.emit(1L);
            assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
            assertEquals(1, refused.size());
            assertTrue(refused.get(0).getMessage().contains("agent thread"), refused.get(0).getMessage());
            source.close();
        }
    }
}
