package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on one host: a cluster with its embedded media driver and three real worker JVMs on
 * IPC, started once for the class. Every scattered run is compared, element for element and in
 * order, with the same pipeline run in this process ({@link ScatterRuns}): after a worker is
 * SIGKILLed at a seeded random point mid-stream (nothing lost, nothing twice), with keyed state
 * that has to move to a survivor, with a worker that joins later, and with a killed worker
 * restarted. Each test leaves three live workers behind for the next.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScatterFailureTest {
    private static final int WORKERS = 3;
    private static final Duration JOIN = Duration.ofSeconds(60);

    @TempDir
    static Path logs;
    private static Cluster cluster;
    private static WorkerPool pool;

    @BeforeAll
    static void startClusterAndWorkers() {
        cluster = Cluster.start(ClusterOptions.defaults().library(ScatterTestFunctions.class.getName()));
        pool = WorkerPool.start(cluster, WorkerPoolOptions.builder().library(ScatterTestFunctions.class.getName()).workers(WORKERS).logDirectory(logs).build());
        cluster.awaitWorkers(WORKERS, JOIN);
    }

    @AfterAll
    static void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    @Test
    void resultsEqualTheInProcessRunElementForElement() {
        List<Long> inputs = ScatterRuns.inputs(1, 500);
        assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }),
                pool.logTails(20));
        assertEquals(ScatterRuns.keyedSumInProcess(inputs), ScatterRuns.keyedSumScattered(cluster, inputs, 8, i -> { }),
                pool.logTails(20));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void aWorkerSigkilledAtARandomPointLosesNothingAndDuplicatesNothing(long seed) {
        Random random = new Random(seed);
        List<Long> inputs = ScatterRuns.inputs(seed, 400);
        int killAt = 20 + random.nextInt(inputs.size() - 40);
        int victim = random.nextInt(WORKERS);
        long resendsBefore = ScatterRuns.total(cluster, WorkerMetrics::resends);

        List<Object> gathered = ScatterRuns.chainScattered(cluster, inputs, 8, i -> {
            if (i == killAt) {
                pool.kill(victim);
            }
        });

        assertEquals(ScatterRuns.chainInProcess(inputs), gathered,
                "worker " + victim + " killed before element " + killAt + System.lineSeparator() + pool.logTails(20));
        assertTrue(ScatterRuns.total(cluster, WorkerMetrics::resends) > resendsBefore,
                "the killed worker had elements in flight, resent to the survivors: " + cluster.metrics());
        replace(victim);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23})
    void keyedStateMovesToASurvivorWhenItsWorkerIsSigkilled(long seed) {
        Random random = new Random(seed);
        List<Long> inputs = ScatterRuns.inputs(seed, 300);
        int killAt = 50 + random.nextInt(inputs.size() - 100);
        int victim = random.nextInt(WORKERS);
        long victimPid = pool.pids().get(victim);

        List<Object> gathered = ScatterRuns.keyedSumScattered(cluster, inputs, 8, i -> {
            if (i == killAt) {
                pool.kill(victim);
            }
        });

        // the running sums after the kill are right only if each moved key's state came along
        assertEquals(ScatterRuns.keyedSumInProcess(inputs), gathered,
                "worker " + victim + " killed before element " + killAt + System.lineSeparator() + pool.logTails(20));
        assertTrue(metricsOf(victimPid).elementsIn() > 0, "the killed worker held keys: " + metricsOf(victimPid));
        replace(victim);
    }

    @Test
    void aWorkerThatJoinsLaterTakesWork() {
        List<Long> inputs = ScatterRuns.inputs(31, 400);
        int[] late = {-1};
        List<Object> gathered = ScatterRuns.chainScattered(cluster, inputs, 8, i -> {
            if (i == 100) {
                late[0] = pool.startOne();
                awaitLive(pool.pids().get(late[0]));
            }
        });

        assertEquals(ScatterRuns.chainInProcess(inputs), gathered, pool.logTails(20));
        WorkerMetrics joined = metricsOf(pool.pids().get(late[0]));
        assertTrue(joined.elementsIn() > 0 && joined.elementsOut() > 0, "the late worker took work: " + joined);
        pool.kill(late[0]);
    }

    @Test
    void aRestartedWorkerRejoinsAndTakesWork() {
        long killed = pool.pids().get(1);
        pool.kill(1);
        replace(1);
        long restarted = pool.pids().get(1);

        List<Long> inputs = ScatterRuns.inputs(41, 400);
        assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }),
                pool.logTails(20));
        WorkerMetrics rejoined = metricsOf(restarted);
        assertTrue(rejoined.live() && rejoined.elementsIn() > 0, "the restarted worker took work: " + rejoined);
        ScatterRuns.await(JOIN, () -> !metricsOf(killed).live(),
                () -> "the killed incarnation is dead to the cluster: " + metricsOf(killed));
    }

    /** A new process in a killed worker's place, joined before the next test. */
    private static void replace(int index) {
        pool.restart(index);
        awaitLive(pool.pids().get(index));
    }

    private static void awaitLive(long pid) {
        ScatterRuns.await(JOIN, () -> cluster.metrics().stream().anyMatch(m -> m.pid() == pid && m.live()),
                () -> "worker pid " + pid + " joined" + System.lineSeparator() + pool.logTails(30));
    }

    private static WorkerMetrics metricsOf(long pid) {
        return cluster.metrics().stream().filter(m -> m.pid() == pid).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no metrics for pid " + pid + ": " + cluster.metrics()));
    }
}
