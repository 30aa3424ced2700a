package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown leaves nothing behind: after a scattered run, closing the cluster (which sends every
 * worker SHUTDOWN) and then the pool leaves no worker process (each exited by itself, status 0),
 * no media driver directory (the cluster's embedded one, and a standalone driver's), and no thread
 * of this JVM that was not there before the cluster started (but the JDK's process reaper, a
 * daemon that belongs to no cluster). The pool closed first works too:
 * SIGTERM, to which a worker answers GOODBYE and exits as signalled (143).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScatterShutdownTest {
    private static final int SIGTERM_STATUS = 128 + 15;
    private static final Duration JOIN = Duration.ofSeconds(60);
    /** The JDK's own: {@code Process} waits on its children in a cached pool that idles out after 60 s. */
    private static final String JDK_PROCESS_REAPER = "process reaper";

    @TempDir
    Path logs;

    @Test
    void closingTheClusterThenThePoolLeavesNoProcessNoDriverDirectoryAndNoThread() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<Long> pids;
        String driverDir;
        WorkerPool pool;
        try (Cluster cluster = Cluster.start(ClusterOptions.defaults().library(ScatterTestFunctions.class.getName()))) {
            pool = WorkerPool.start(cluster, WorkerPoolOptions.builder().library(ScatterTestFunctions.class.getName()).workers(2).logDirectory(logs).build());
            cluster.awaitWorkers(2, JOIN);
            pids = pool.pids();
            driverDir = cluster.aeronDirectory();
            assertTrue(Files.isDirectory(Path.of(driverDir)), "the embedded driver's directory while it runs");
            List<Long> inputs = ScatterRuns.inputs(7, 200);
            assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }),
                    pool.logTails(20));
        }
        pool.close();

        for (int i = 0; i < pids.size(); i++) {
            long pid = pids.get(i);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker pid " + pid + " gone");
            assertEquals(0, pool.exitCode(i), "worker " + i + " exited by itself after SHUTDOWN" + System.lineSeparator()
                    + pool.logTails(20));
        }
        assertFalse(Files.exists(Path.of(driverDir)), "embedded driver directory " + driverDir + " deleted");
        assertNoNewThreads(before);
    }

    @Test
    void closingThePoolFirstStopsTheWorkersWithSigtermAndAStandaloneDriverLeavesNothing() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        String driverDir = "/dev/shm/streamz4j-e2e-driver-" + UUID.randomUUID();
        List<Long> pids;
        long driverPid;
        WorkerPool pool;
        try (StandaloneDriver driver = StandaloneDriver.builder().aeronDir(driverDir)
                        .logFile(logs.resolve("driver.log")).start();
                Cluster cluster = Cluster.start(ClusterOptions.defaults().externalDriver(driverDir)
                        .library(ScatterTestFunctions.class.getName()))) {
            driverPid = driver.pid();
            pool = WorkerPool.start(cluster, WorkerPoolOptions.builder().library(ScatterTestFunctions.class.getName()).workers(2).logDirectory(logs).build());
            try (pool) {
                cluster.awaitWorkers(2, JOIN);
                pids = pool.pids();
                List<Long> inputs = ScatterRuns.inputs(8, 200);
                assertEquals(ScatterRuns.chainInProcess(inputs),
                        ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }), pool.logTails(20));
            }
            for (int i = 0; i < pids.size(); i++) {
                assertFalse(ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false));
                assertEquals(SIGTERM_STATUS, pool.exitCode(i), "worker " + i + " said GOODBYE and exited as signalled"
                        + System.lineSeparator() + pool.logTails(20));
            }
        }
        assertFalse(ProcessHandle.of(driverPid).map(ProcessHandle::isAlive).orElse(false), "driver process gone");
        assertFalse(Files.exists(Path.of(driverDir)), "standalone driver directory " + driverDir + " deleted");
        assertNoNewThreads(before);
    }

    /** Threads stop asynchronously after their runner is closed: waits a bounded while for them. */
    private static void assertNoNewThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = newThreads(before);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            left = newThreads(before);
        }
        assertTrue(left.isEmpty(), "threads left behind: " + left);
    }

    private static List<String> newThreads(Set<Thread> before) {
        return new ArrayList<>(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !t.getName().startsWith(JDK_PROCESS_REAPER))
                .map(Thread::getName).collect(Collectors.toList()));
    }
}
