package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's process handling, with real worker JVMs and no coordinator (each worker on a media
 * driver of its own, announcing itself to a UDP address nobody reads): the command line it builds,
 * SIGKILL, a restart in the same place, a late start, and a close that leaves no process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolTest {
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final int SIGTERM_STATUS = 128 + 15;

    @TempDir
    Path logs;

    @Test
    void startsKillsRestartsAddsAndStopsWorkerProcesses() {
        WorkerPoolOptions options = WorkerPoolOptions.builder().workers(2)
                .controlChannel("aeron:udp?endpoint=127.0.0.1:" + freeUdpPort()).embeddedDriver()
                .udpWorkChannels("127.0.0.1").idleStrategy("sleeping").heartbeatInterval(Duration.ofMillis(50))
                .library(ScatterTestFunctions.class.getName()).namePrefix("w").logDirectory(logs).build();
        List<Long> all;
        WorkerPool pool = WorkerPool.start(options);
        try (pool) {
            assertEquals(2, pool.size());
            List<Long> first = pool.pids();
            for (int i = 0; i < 2; i++) {
                List<String> args = arguments(first.get(i));
                assertTrue(args.containsAll(WorkerPoolOptions.projectJvmFlags()), "the project's flags: " + args);
                assertEquals(List.of(WorkerPool.WORKER_MAIN, "--control-channel", options.controlChannel(),
                        "--work-channel", pool.workChannel(i), "--embedded-driver",
                        "--library", ScatterTestFunctions.class.getName(), "--idle", "sleeping",
                        "--heartbeat-ms", "50", "--name", "w-" + i,
                        "--parent-pid", Long.toString(ProcessHandle.current().pid())),
                        args.subList(args.indexOf(WorkerPool.WORKER_MAIN), args.size()));
            }
            assertNotEquals(pool.workChannel(0), pool.workChannel(1), "a port of its own each");

            pool.kill(0);
            assertFalse(alive(first.get(0)), "SIGKILLed worker gone when kill returns");
            assertEquals(SIGKILL_STATUS, pool.exitCode(0));
            assertTrue(pool.isAlive(1), "the other one untouched");
            assertThrows(IllegalStateException.class, () -> pool.restart(1), "a live worker is not restarted");

            String killedChannel = pool.workChannel(0);
            pool.restart(0);
            assertTrue(alive(pool.pids().get(0)) && !pool.pids().get(0).equals(first.get(0)));
            assertNotEquals(killedChannel, pool.workChannel(0), "a restarted worker listens on a new port");
            assertEquals(2, pool.startOne(), "a late worker takes the next index");
            assertTrue(alive(pool.pids().get(2)));
            assertTrue(Files.exists(logs.resolve("w-0.log")) && Files.exists(logs.resolve("w-2.log")));
            assertThrows(IllegalArgumentException.class, () -> pool.kill(3));
            all = List.of(first.get(0), first.get(1), pool.pids().get(0), pool.pids().get(2));
            awaitRunning(pool);
        }
        for (long pid : all) {
            assertFalse(alive(pid), "pid " + pid + " gone after close");
        }
        for (int i = 0; i < pool.size(); i++) {
            assertEquals(SIGTERM_STATUS, pool.exitCode(i), "worker " + i + " says GOODBYE and exits as signalled on SIGTERM" + System.lineSeparator()
                    + pool.logTails(20));
        }
        assertThrows(IllegalStateException.class, pool::startOne, "a closed pool starts nothing");
    }

    @Test
    void aWorkerThatCannotStartExitsAndItsLogSaysWhy() {
        WorkerPoolOptions options = WorkerPoolOptions.builder().workers(1)
                .controlChannel("aeron:udp?endpoint=127.0.0.1:" + freeUdpPort()).embeddedDriver()
                .udpWorkChannels("127.0.0.1").library("com.example.NoSuchLibrary").logDirectory(logs).build();
        try (WorkerPool pool = WorkerPool.start(options)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pool.isAlive(0)) {
                assertTrue(System.nanoTime() - deadline < 0, "a worker with a missing library exits");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertNotEquals(0, pool.exitCode(0), "a bad argument is a non-zero exit");
            assertTrue(pool.logTails(20).contains("com.example.NoSuchLibrary"), pool.logTails(20));
        }
    }

    /** A pool given no log directory makes a temporary one and deletes it when it closes. */
    @Test
    void aLogDirectoryThePoolMadeIsGoneAfterClose() {
        WorkerPoolOptions options = WorkerPoolOptions.builder().workers(1)
                .controlChannel("aeron:udp?endpoint=127.0.0.1:" + freeUdpPort()).embeddedDriver()
                .udpWorkChannels("127.0.0.1").library(ScatterTestFunctions.class.getName()).build();
        Path made;
        try (WorkerPool pool = WorkerPool.start(options)) {
            made = pool.logDirectory();
            assertTrue(Files.isDirectory(made), "the pool's own log directory while it runs");
        }
        assertFalse(Files.exists(made), "deleted on close: " + made);
    }

    @Test
    void withoutACoordinatorTheOptionsMustNameTheControlChannelAndADriver() {
        assertThrows(IllegalArgumentException.class, () -> WorkerPool.start(WorkerPoolOptions.workers(1)));
        assertThrows(IllegalArgumentException.class, () -> WorkerPool.start(
                WorkerPoolOptions.builder().controlChannel("aeron:udp?endpoint=127.0.0.1:40999").build()));
    }

    /** A worker that died early would make the close look right for the wrong reason. */
    private static void awaitRunning(WorkerPool pool) {
        for (int i = 0; i < pool.size(); i++) {
            assertTrue(pool.isAlive(i), "worker " + i + " runs" + System.lineSeparator() + pool.logTails(20));
        }
    }

    /** Linux's record of the command line (ProcessHandle.Info gives none for one this long). */
    private static List<String> cmdline(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process's command line once it has exec'd java (a fork shows its parent's for a moment). */
    private static List<String> arguments(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> args = cmdline(pid);
            if (args.contains(WorkerPool.WORKER_MAIN)) {
                return args;
            }
            assertTrue(System.nanoTime() - deadline < 0, "pid " + pid + " runs the worker: " + args);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
