package io.streamz4j.transport.scatter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The coordinator side of {@link MultiHostScatterTest}, a process of its own because a JVM cannot
 * move into a network namespace: the test starts it with {@code ip netns exec s4j-coord java ...}.
 * It runs a cluster on 10.77.0.1 (embedded driver, UDP control channel), starts a standalone
 * driver and two workers in {@code s4j-workers} (10.77.0.2, UDP work channels), and runs the
 * test's pipelines: the chain with worker 0 SIGKILLed mid-stream, the keyed sum with worker 1
 * SIGKILLed mid-stream after worker 0 was restarted, and the chain again with both restarted. It
 * prints each run's gathered results ({@code RESULT <run> <values>}) for the test to compare with
 * its in-process runs, the pids it started ({@code PIDS ...}), and exits 0 after closing
 * everything (the cluster, the pool, the driver), 1 on any failure.
 *
 * <p>Arguments: the log directory, the first control port, the first work port.
 *
 * <p>Thread safety: main's thread only.
 */
public final class MultiHostCoordinatorMain {
    static final long CHAIN_SEED = 61;
    static final long KEYED_SEED = 62;
    static final long AFTER_RESTARTS_SEED = 63;
    static final int ELEMENTS = 300;
    private static final Duration JOIN = Duration.ofSeconds(90);

    private MultiHostCoordinatorMain() {
    }

    public static void main(String[] args) {
        Path logs = Path.of(args[0]);
        String controlChannel = "aeron:udp?endpoint=" + NetworkNamespaces.COORDINATOR_ADDRESS + ":" + args[1];
        int firstWorkPort = Integer.parseInt(args[2]);
        List<String> inWorkerNamespace = NetworkNamespaces.exec(NetworkNamespaces.WORKER_NS);
        StringBuilder pids = new StringBuilder("PIDS");
        try (StandaloneDriver driver = StandaloneDriver.builder()
                        .aeronDir("/dev/shm/streamz4j-netns-" + UUID.randomUUID())
                        .launcherPrefix(inWorkerNamespace).logFile(logs.resolve("workers-driver.log")).start();
                Cluster cluster = Cluster.start(ClusterOptions.defaults().controlChannel(controlChannel)
                        .library(ScatterTestFunctions.class.getName()));
                WorkerPool pool = WorkerPool.start(cluster, WorkerPoolOptions.builder().library(ScatterTestFunctions.class.getName()).workers(2)
                        .launcherPrefix(inWorkerNamespace).aeronDir(driver.aeronDir())
                        .udpWorkChannels(NetworkNamespaces.WORKER_ADDRESS, firstWorkPort).logDirectory(logs).build())) {
            pids.append(' ').append(driver.pid());
            pool.pids().forEach(pid -> pids.append(' ').append(pid));
            awaitLive(cluster, pool, 2);

            print("chain-kill", ScatterRuns.chainScattered(cluster, ScatterRuns.inputs(CHAIN_SEED, ELEMENTS), 8, i -> {
                if (i == ELEMENTS / 3) {
                    pool.kill(0);
                }
            }));
            pool.restart(0);
            pids.append(' ').append(pool.pids().get(0));
            awaitLive(cluster, pool, 2);

            print("keyed-kill", ScatterRuns.keyedSumScattered(cluster, ScatterRuns.inputs(KEYED_SEED, ELEMENTS), 8, i -> {
                if (i == ELEMENTS / 2) {
                    pool.kill(1);
                }
            }));
            pool.restart(1);
            pids.append(' ').append(pool.pids().get(1));
            awaitLive(cluster, pool, 2);

            print("after-restarts", ScatterRuns.chainScattered(cluster,
                    ScatterRuns.inputs(AFTER_RESTARTS_SEED, ELEMENTS), 8, i -> { }));
            for (long pid : pool.pids()) {
                WorkerMetrics m = cluster.metrics().stream().filter(w -> w.pid() == pid).reduce((a, b) -> b)
                        .orElseThrow();
                System.out.println("WORKER " + pid + " live=" + m.live() + " in=" + m.elementsIn());
            }
            System.out.println("RESENDS " + ScatterRuns.total(cluster, WorkerMetrics::resends));
        } catch (Throwable e) {
            System.out.println(pids);
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println(pids);
        System.exit(0);
    }

    private static void print(String run, List<Object> results) {
        System.out.println("RESULT " + run + " " + results.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    private static void awaitLive(Cluster cluster, WorkerPool pool, int n) {
        long deadline = System.nanoTime() + JOIN.toNanos();
        while (cluster.metrics().stream().filter(m -> m.live() && pool.pids().contains((long) m.pid())).count() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(n + " workers not live within " + JOIN + ": " + cluster.metrics()
                        + System.lineSeparator() + pool.logTails(30));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
