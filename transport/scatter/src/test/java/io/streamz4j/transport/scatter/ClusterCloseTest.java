package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a cluster leaves nothing behind: the results in flight are gathered first (streamz's
 * gather could leave results behind at the end), the workers are told to shut down and exit, and
 * the agent thread, the Aeron client and the embedded driver are gone with its directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterCloseTest {

    private static List<String> threadsNamed(String... parts) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            for (String prefix : parts) {
                if (thread.isAlive() && thread.getName().contains(prefix)) {
                    names.add(thread.getName());
                }
            }
        }
        return names;
    }

    @Test
    void closeGathersWhatIsInFlightThenStopsWorkersThreadsDriverAndDirectory() throws Exception {
        Cluster cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName())
                .workerTimeout(Duration.ofSeconds(10)));
        File aeronDir = new File(cluster.aeronDirectory());
        try (TestWorkers workers = TestWorkers.start(cluster, 1)) {
            try {
                assertTrue(cluster.awaitWorkers(1, Duration.ofMinutes(2)));
                assertTrue(aeronDir.isDirectory());
                assertEquals(List.of(cluster.name()), threadsNamed(cluster.name()));
                Stream<Long> source = new Stream<>();
                List<Long> out = source.scatter().map(SLOW).buffer(64).gather().sinkToList();
                List<Long> expected = new ArrayList<>();
                for (long x = 0; x < 200; x++) {
                    source.emit(x);
                    expected.add(x);
                }
                // up to 64 elements are still on the worker: close waits for them
                cluster.close();
                assertEquals(expected, out);
            } finally {
                cluster.close();
            }
            Process worker = workers.processes().get(0);
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker exits on SHUTDOWN");
            assertEquals(0, worker.exitValue());
        }
        assertEquals(List.of(), threadsNamed(cluster.name(), "aeron", "driver", "conductor", "sender", "receiver"));
        assertFalse(aeronDir.exists(), "the embedded driver's directory is deleted");
    }
}
