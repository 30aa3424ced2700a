package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
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

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.HOLD;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's failover with keyed state: a worker killed (SIGKILL) while it holds elements
 * of its keys has them resent to the survivor after a RESTORE of each key's newest state, so the
 * keyed accumulate's results equal a per-key local accumulate, each once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeyedFailoverTest {

    private static long inFlight(Cluster cluster, int worker) {
        return cluster.metrics().get(worker).inFlight();
    }

    @Test
    void aKilledWorkersKeysMoveToTheSurvivorWithTheirNewestState() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 40);
        Files.deleteIfExists(CoordinatorTestFunctions.holdFile(id));
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults()
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
}
