package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.aeron.Publication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over UDP on loopback, the workers on a standalone media driver of their own (the
 * layout of a second host): the coordinator's control channel and each worker's work channel are
 * UDP unicast endpoints on 127.0.0.1, started once for the class. Garbage written straight onto a
 * worker's work channel and onto the coordinator's control channel (by a raw Aeron publication) is
 * refused and counted, and the pipeline goes on right; the workers' driver SIGKILLed and started
 * again on the same directory is rejoined by the same worker processes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScatterOverUdpTest {
    private static final Duration JOIN = Duration.ofSeconds(60);
    private static final int CONTROL_STREAM = 1001;
    private static final int WORK_STREAM = 2001;

    @TempDir
    static Path logs;
    private static StandaloneDriver workersDriver;
    private static Cluster cluster;
    private static WorkerPool pool;
    private static String controlChannel;

    @BeforeAll
    static void start() {
        workersDriver = StandaloneDriver.builder().aeronDir("/dev/shm/streamz4j-e2e-udp-" + UUID.randomUUID())
                .logFile(logs.resolve("driver.log")).start();
        controlChannel = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        cluster = Cluster.start(ClusterOptions.defaults().controlChannel(controlChannel)
                .library(ScatterTestFunctions.class.getName()));
        pool = WorkerPool.start(cluster, WorkerPoolOptions.builder().library(ScatterTestFunctions.class.getName()).workers(2).aeronDir(workersDriver.aeronDir())
                .udpWorkChannels("127.0.0.1").logDirectory(logs).build());
        cluster.awaitWorkers(2, JOIN);
    }

    @AfterAll
    static void stop() {
        try (StandaloneDriver driver = workersDriver; WorkerPool workers = pool; Cluster coordinator = cluster) {
            // closed in reverse: the cluster (SHUTDOWN to the workers), the pool, then the driver
        }
    }

    @Test
    void resultsOverUdpEqualTheInProcessRunThroughAWorkerKill() {
        List<Long> inputs = ScatterRuns.inputs(51, 400);
        assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> {
            if (i == 150) {
                pool.kill(0);
            }
        }), pool.logTails(20));
        pool.restart(0);
        awaitLiveWorkers(2);
        assertEquals(ScatterRuns.keyedSumInProcess(inputs), ScatterRuns.keyedSumScattered(cluster, inputs, 8, i -> { }),
                pool.logTails(20));
    }

    @Test
    void garbageOnAWorksChannelAndOnTheControlChannelIsRefusedAndCounted() {
        long refusedByWorkers = ScatterRuns.total(cluster, WorkerMetrics::refused);
        long refusedByCoordinator = cluster.refusedMessages();
        List<byte[]> garbage = garbage();
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(workersDriver.aeronDir()))) {
            sendAll(aeron, pool.workChannel(1), WORK_STREAM, garbage);
            sendAll(aeron, controlChannel, CONTROL_STREAM, garbage);
        }
        await(() -> ScatterRuns.total(cluster, WorkerMetrics::refused) >= refusedByWorkers + garbage.size(),
                "the worker refused and counted the garbage (reported in its heartbeats): " + cluster.metrics());
        await(() -> cluster.refusedMessages() >= refusedByCoordinator + garbage.size(),
                "the coordinator refused and counted the garbage: " + cluster.refusedMessages());

        List<Long> inputs = ScatterRuns.inputs(52, 300);
        assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }),
                "the pipeline runs on after the garbage" + System.lineSeparator() + pool.logTails(20));
    }

    @Test
    void aRestartedStandaloneDriverIsRejoinedByItsWorkers() {
        List<Long> pids = pool.pids();
        int lastIdBefore = cluster.metrics().stream().mapToInt(WorkerMetrics::id).max().orElse(-1);
        workersDriver.kill();
        workersDriver.restart();
        // each process rejoins as a new worker (a new uid, so a new id), the same process
        await(() -> pids.stream().allMatch(pid -> rejoined(pid, lastIdBefore) != null),
                "every worker process rejoined after the driver restart: " + cluster.metrics()
                        + System.lineSeparator() + pool.logTails(30));

        List<Long> inputs = ScatterRuns.inputs(53, 300);
        assertEquals(ScatterRuns.chainInProcess(inputs), ScatterRuns.chainScattered(cluster, inputs, 8, i -> { }),
                pool.logTails(30));
        assertEquals(pids, pool.pids(), "the same worker processes reconnected, none was restarted");
        for (long pid : pids) {
            WorkerMetrics rejoined = rejoined(pid, lastIdBefore);
            assertTrue(rejoined != null && rejoined.elementsIn() > 0, "worker pid " + pid + " took work after rejoining: "
                    + cluster.metrics());
        }
    }

    /** The live incarnation of process {@code pid} that joined after worker id {@code lastIdBefore}, or null. */
    private static WorkerMetrics rejoined(long pid, int lastIdBefore) {
        return cluster.metrics().stream().filter(m -> m.pid() == pid && m.live() && m.id() > lastIdBefore)
                .findFirst().orElse(null);
    }

    /**
     * Messages no worker or coordinator may decode, whoever they claim to be for: shorter than a
     * header, an unknown type, an unknown protocol version.
     */
    private static List<byte[]> garbage() {
        UnsafeBuffer unknownType = header(99);
        UnsafeBuffer badVersion = header(11);
        badVersion.putByte(1, (byte) 77);
        return List.of(new byte[] {1, 1, 0}, unknownType.byteArray(), badVersion.byteArray());
    }

    private static UnsafeBuffer header(int type) {
        UnsafeBuffer header = new UnsafeBuffer(new byte[12]);
        header.putByte(0, (byte) type);
        header.putByte(1, (byte) 1);
        header.putLong(4, 0x5eed_dead_beefL, ByteOrder.LITTLE_ENDIAN);
        return header;
    }

    private static void sendAll(Aeron aeron, String channel, int streamId, List<byte[]> messages) {
        try (Publication publication = aeron.addPublication(channel, streamId)) {
            await(publication::isConnected, "a raw publication connected to " + channel);
            for (byte[] message : messages) {
                UnsafeBuffer buffer = new UnsafeBuffer(message);
                await(() -> publication.offer(buffer, 0, message.length) > 0, "garbage offered to " + channel);
            }
        }
    }

    private static void awaitLiveWorkers(int n) {
        await(() -> cluster.metrics().stream().filter(WorkerMetrics::live).count() >= n
                        && cluster.metrics().stream().filter(WorkerMetrics::live)
                                .allMatch(m -> pool.pids().contains((long) m.pid())),
                n + " live workers, all of them the pool's current processes" + System.lineSeparator()
                        + pool.logTails(30));
    }

    private static void await(BooleanSupplier condition, String what) {
        ScatterRuns.await(JOIN, condition, () -> what);
    }

    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
