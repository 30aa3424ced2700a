package io.streamz4j.transport.scatter.worker;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.RemoteFunction.Kind;
import io.streamz4j.transport.scatter.Worker;
import io.streamz4j.transport.scatter.wire.HeartbeatMessage;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.ProgramMessage;
import io.streamz4j.transport.scatter.wire.ProgramMessage.Step;
import io.streamz4j.transport.scatter.wire.Protocol;
import io.streamz4j.transport.scatter.wire.RejectMessage;
import io.streamz4j.transport.scatter.wire.RestoreMessage;
import io.streamz4j.transport.scatter.wire.ResultMessage;
import io.streamz4j.transport.scatter.wire.TaskMessage;
import io.streamz4j.transport.scatter.wire.WelcomeMessage;
import io.streamz4j.transport.scatter.wire.WireReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Worker main as a process, on a real embedded media driver in this JVM, driven through
 * the protocol by {@link CoordinatorStub}.
 */
class WorkerProcessTest {

    /** A RESULT of the stub's worker: its seq, values (or the error's class) and snapshot. */
    private record Result(long seq, List<Object> values, String error, Object state) {
    }

    private static Result awaitResult(CoordinatorStub stub, long seq) {
        ResultMessage result = new ResultMessage();
        byte[] bytes = stub.await(Protocol.RESULT, b -> result.wrap(b, 0, b.capacity()).seq() == seq,
                "RESULT " + seq);
        result.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        assertEquals(stub.workerUid, result.workerUid());
        if (result.status() == ResultMessage.ERROR) {
            return new Result(seq, List.of(), result.exceptionClass() + ": " + result.message(), null);
        }
        WireReader in = result.body(new WireReader());
        int count = in.readLength(1, "count");
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(stub.types.decode(in));
        }
        Object state = null;
        if (in.readByte("hasState") == 1) {
            state = List.of(stub.types.decode(in), stub.types.decode(in));
        }
        assertEquals(0, in.remaining());
        return new Result(seq, values, null, state);
    }

    private static void task(CoordinatorStub stub, int program, long seq, Object key, Object element) {
        stub.send(w -> TaskMessage.encode(w, stub.types, stub.workerUid, program, seq, 1, key, element));
    }

    private static long awaitRefusedAtLeast(CoordinatorStub stub, long count) {
        HeartbeatMessage heartbeat = new HeartbeatMessage();
        byte[] bytes = stub.await(Protocol.HEARTBEAT, b -> heartbeat.wrap(b, 0, b.capacity()).workerUid() == stub.workerUid
                && heartbeat.refused() >= count, "a HEARTBEAT counting " + count + " refused");
        return heartbeat.wrap(new UnsafeBuffer(bytes), 0, bytes.length).refused();
    }

    private static void welcome(CoordinatorStub stub) {
        stub.send(w -> WelcomeMessage.encode(w, stub.workerUid, 0));
        HeartbeatMessage heartbeat = new HeartbeatMessage();
        stub.await(Protocol.HEARTBEAT, b -> heartbeat.wrap(b, 0, b.capacity()).workerUid() == stub.workerUid,
                "a HEARTBEAT after WELCOME");
    }

    @Test
    void aWorkerRunsProgramsReportsErrorsAndRefusalsAndExitsZeroOnShutdown(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Process process = stub.startWorker(dir.resolve("worker.log"), stub.ipcWorker("--name", "w-one"));
            HelloMessage hello = stub.awaitHello(h -> true);
            assertEquals(process.pid(), hello.pid());
            assertEquals("w-one", hello.name());
            assertTrue(hello.functionNames().containsAll(List.of("t.inc", "t.odd", "t.sum", "t.fail7")),
                    hello.functionNames().toString());
            assertTrue(hello.workStreamId() > Protocol.WORK_STREAM_ID, "an IPC worker picks its own stream id");
            // not welcomed yet: it says HELLO again, with the same uid
            long uid = hello.workerUid();
            assertEquals(uid, stub.awaitHello(h -> true).workerUid());
            welcome(stub);

            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 1, List.of(new Step(Kind.MAP.code(), "t.inc"),
                    new Step(Kind.FILTER.code(), "t.odd"))));
            for (long i = 0; i < 6; i++) {
                task(stub, 1, i, null, i);
            }
            for (long i = 0; i < 6; i++) {
                Result result = awaitResult(stub, i);
                assertEquals(i % 2 == 0 ? List.of(i + 1) : List.of(), result.values(), "inc then odd of " + i);
                assertEquals(null, result.state(), "a stateless program sends no state");
            }

            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 2, List.of(new Step(Kind.MAP.code(), "t.fail7"))));
            task(stub, 2, 10, null, 7L);
            task(stub, 2, 11, null, 8L);
            assertEquals("java.lang.ArithmeticException: seven is refused", awaitResult(stub, 10).error());
            assertEquals(List.of(8L), awaitResult(stub, 11).values(), "the worker keeps going after an error");

            // garbage, a TASK for a program it was never sent, and an undecodable TASK: refused and counted
            byte[] garbage = new byte[40];
            new Random(7).nextBytes(garbage);
            stub.sendRaw(new UnsafeBuffer(garbage), garbage.length);
            task(stub, 99, 12, null, 1L);
            stub.send(w -> {
                w.header(Protocol.TASK, stub.workerUid).putInt(1).putLong(13).putInt(1);
                w.putByte((byte) 120).putByte((byte) 120);
            });
            assertTrue(awaitResult(stub, 13).error().startsWith("io.streamz4j.transport.scatter.RefusedMessageException"),
                    "an undecodable TASK is answered with an error, so its element is not left in flight");
            // an unknown type, a type only a worker sends, and a message for another uid
            stub.send(w -> w.header((byte) 99, stub.workerUid));
            stub.send(w -> w.header(Protocol.RESULT, stub.workerUid));
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid + 1, 3, List.of(new Step(Kind.MAP.code(), "t.inc"))));
            task(stub, 3, 14, null, 1L);
            awaitRefusedAtLeast(stub, 7);

            stub.send(w -> w.header(Protocol.SHUTDOWN, stub.workerUid));
            stub.await(Protocol.GOODBYE, b -> MessageHeader.workerUid(b, 0) == stub.workerUid, "GOODBYE");
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the worker exits after SHUTDOWN");
            assertEquals(0, process.exitValue(), Files.readString(dir.resolve("worker.log")));
        }
    }

    @Test
    void aStatefulProgramSendsEachKeysSnapshotAndARestoreResumesIt(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            stub.startWorker(dir.resolve("worker.log"), stub.ipcWorker());
            stub.awaitHello(h -> true);
            welcome(stub);
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 5, List.of(new Step(Kind.ACCUMULATE.code(), "t.sum"))));
            task(stub, 5, 0, "a", 1L);
            task(stub, 5, 1, "b", 10L);
            task(stub, 5, 2, "a", 2L);
            assertEquals(new Result(0, List.of(1L), null, List.of("a", List.of(List.of(1L)))), awaitResult(stub, 0));
            assertEquals(new Result(1, List.of(10L), null, List.of("b", List.of(List.of(10L)))), awaitResult(stub, 1));
            assertEquals(new Result(2, List.of(3L), null, List.of("a", List.of(List.of(3L)))), awaitResult(stub, 2));

            stub.send(w -> RestoreMessage.encode(w, stub.types, stub.workerUid, 5, "c", List.of(List.of(100L))));
            task(stub, 5, 3, "c", 5L);
            assertEquals(List.of(105L), awaitResult(stub, 3).values(), "a restored key resumes from its snapshot");
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sigtermSaysGoodbye(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Process process = stub.startWorker(dir.resolve("worker.log"), stub.ipcWorker());
            stub.awaitHello(h -> true);
            welcome(stub);
            process.destroy(); // SIGTERM
            stub.await(Protocol.GOODBYE, b -> MessageHeader.workerUid(b, 0) == stub.workerUid, "GOODBYE after SIGTERM");
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the worker exits after SIGTERM");
            assertEquals(143, process.exitValue(), "128 + SIGTERM: the JVM's exit on the signal, after the hook");
        }
    }

    /**
     * A worker given {@code --parent-pid} outlives neither that process (here a stand-in parent,
     * killed as a coordinator's JVM killed with SIGKILL would be, running no hook) nor starts
     * without it: it says GOODBYE and exits 0 both times.
     */
    @Test
    void aWorkerEndsWithItsParentProcess(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Process parent = new ProcessBuilder("sleep", "600").start();
            try {
                Process process = stub.startWorker(dir.resolve("worker.log"),
                        stub.ipcWorker("--parent-pid", Long.toString(parent.pid())));
                stub.awaitHello(h -> true);
                welcome(stub);
                assertTrue(process.isAlive(), "the worker runs while its parent does");
                parent.destroyForcibly().waitFor();
                stub.await(Protocol.GOODBYE, b -> MessageHeader.workerUid(b, 0) == stub.workerUid,
                        "GOODBYE once the parent is gone");
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the worker exits after its parent");
                assertEquals(0, process.exitValue(), Files.readString(dir.resolve("worker.log")));
            } finally {
                parent.destroyForcibly();
            }
            Process orphan = stub.startWorker(dir.resolve("orphan.log"),
                    stub.ipcWorker("--parent-pid", Long.toString(parent.pid())));
            assertTrue(orphan.waitFor(60, TimeUnit.SECONDS), "a worker whose parent is already gone does not stay");
            assertEquals(0, orphan.exitValue(), Files.readString(dir.resolve("orphan.log")));
        }
    }

    /**
     * A worker on UDP loopback with its own embedded driver (the several-hosts set-up) runs tasks,
     * and after SIGTERM leaves no driver directory in its temporary directory.
     */
    @Test
    void aUdpWorkerWithItsOwnDriverRunsTasksAndLeavesNoDirectoryAfterSigterm(@TempDir Path dir) throws Exception {
        String control = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        String work = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        Path workerTmp = Files.createDirectory(dir.resolve("tmp"));
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded(), control)) {
            Process process = stub.startWorker(dir.resolve("worker.log"), List.of("-Djava.io.tmpdir=" + workerTmp),
                    "--control-channel", control, "--work-channel", work, "--embedded-driver", "--heartbeat-ms", "50",
                    "--library", TestFunctions.class.getName());
            HelloMessage hello = stub.awaitHello(h -> true);
            assertEquals(work, hello.workChannel());
            assertEquals(Protocol.WORK_STREAM_ID, hello.workStreamId(), "UDP work streams are " + Protocol.WORK_STREAM_ID);
            welcome(stub);
            try (Stream<Path> files = Files.list(workerTmp)) {
                assertEquals(1L, files.filter(f -> f.getFileName().toString().startsWith("streamz4j-aeron-")).count(),
                        "the worker's driver lives in its java.io.tmpdir");
            }
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 1, List.of(new Step(Kind.MAP.code(), "t.inc"))));
            task(stub, 1, 0, null, 1L);
            assertEquals(List.of(2L), awaitResult(stub, 0).values());

            process.destroy(); // SIGTERM
            stub.await(Protocol.GOODBYE, b -> MessageHeader.workerUid(b, 0) == stub.workerUid, "GOODBYE after SIGTERM");
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the worker exits after SIGTERM");
            try (Stream<Path> files = Files.list(workerTmp)) {
                assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString)
                        .filter(f -> f.startsWith("streamz4j-aeron-")).toList(), "no driver directory is left behind");
            }
        }
    }

    @Test
    void aWorkerRejoinsARestartedDriverAsANewWorker(@TempDir Path dir) throws Exception {
        String aeronDir = new File(System.getProperty("java.io.tmpdir"), "streamz4j-restart-" + System.nanoTime()).getPath();
        long firstUid;
        Process process;
        CoordinatorStub first = new CoordinatorStub(AeronSetup.embedded(aeronDir));
        try {
            process = first.startWorker(dir.resolve("worker.log"), first.ipcWorker());
            firstUid = first.awaitHello(h -> true).workerUid();
            welcome(first);
        } catch (RuntimeException | Error | IOException e) {
            first.close();
            throw e;
        }
        first.setup.close(); // the driver goes away; the process stays
        try (CoordinatorStub second = new CoordinatorStub(AeronSetup.embedded(aeronDir))) {
            HelloMessage hello = second.awaitHello(h -> true);
            assertNotEquals(firstUid, hello.workerUid(), "a rejoining worker says HELLO under a new uid");
            assertEquals(process.pid(), hello.pid());
            welcome(second);
            second.send(w -> ProgramMessage.encode(w, second.workerUid, 1, List.of(new Step(Kind.MAP.code(), "t.inc"))));
            task(second, 1, 0, null, 41L);
            assertEquals(List.of(42L), awaitResult(second, 0).values());
        } finally {
            first.close(); // kills the process by pid
        }
        assertFalse(new File(aeronDir).exists());
    }

    @Test
    void framesTravelBothWaysAndTheWorkerReleasesWhatItHeld(@TempDir Path dir) throws Exception {
        Schema schema = Schema.builder().add("qty", ColumnType.LONG).build();
        try (BufferAllocator allocator = new RootAllocator();
                CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded(), new WireTypes(allocator))) {
            Path log = dir.resolve("worker.log");
            Process process = stub.startWorker(log, stub.ipcWorker());
            stub.awaitHello(h -> true);
            welcome(stub);
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 1, List.of(new Step(Kind.MAP.code(), "t.rows"))));
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 2, List.of(new Step(Kind.MAP.code(), "t.same"),
                    new Step(Kind.FLATTEN.code(), ""))));
            try (Frame three = Frame.fromRows(schema, List.of(new Object[] {1L}, new Object[] {2L}, new Object[] {3L}),
                    allocator)) {
                task(stub, 1, 0, null, three);
                assertEquals(List.of(3L), awaitResult(stub, 0).values());
                // the element is a list holding one frame twice; the results are that frame, twice
                task(stub, 2, 1, null, List.of(three, three));
                List<Object> back = awaitResult(stub, 1).values();
                assertEquals(2, back.size());
                for (Object frame : back) {
                    assertEquals(three.toRecords(), ((Frame) frame).toRecords());
                    ((Frame) frame).release();
                }
            }
            stub.send(w -> w.header(Protocol.SHUTDOWN, stub.workerUid));
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            String output = Files.readString(log);
            assertEquals(0, process.exitValue(), output);
            assertFalse(output.contains("frames still held"), "the worker released every frame it held: " + output);
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /**
     * A REJECT (a worker the coordinator declared dead, a clashing stream id) is answered by a
     * HELLO under a new uid; only {@link WorkerLoop#MAX_REJECTIONS} in a row end the process,
     * with status 3 and the reason in its log.
     */
    @Test
    void aRejectedWorkerJoinsAgainAndOnlyRepeatedRejectionsEndIt(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Path log = dir.resolve("worker.log");
            Process process = stub.startWorker(log, stub.ipcWorker());
            stub.awaitHello(h -> true);
            Set<Long> uids = new HashSet<>();
            for (int rejection = 1; rejection < WorkerLoop.MAX_REJECTIONS; rejection++) {
                uids.add(stub.workerUid);
                stub.send(w -> RejectMessage.encode(w, stub.workerUid, "declared dead: silent too long"));
                stub.awaitHello(h -> !uids.contains(h.workerUid()));
                assertTrue(process.isAlive(), "rejection " + rejection + " is answered by a new HELLO");
            }
            stub.send(w -> RejectMessage.encode(w, stub.workerUid, "stream id already taken"));
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(WorkerLoop.EXIT_REJECTED, process.exitValue());
            assertTrue(Files.readString(log).contains("stream id already taken"), Files.readString(log));
        }
    }

    /**
     * A coordinator that vanishes (its control subscription closed) while the driver stays: once
     * the worker has been unable to reach it for its timeout, it listens on a new stream (the old
     * one loses its subscriber, which is how the test sees it) and says HELLO under a new uid.
     */
    @Test
    void aWorkerWhoseCoordinatorVanishesSaysHelloAgainAsANewWorker(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Process process = stub.startWorker(dir.resolve("worker.log"), stub.ipcWorker());
            HelloMessage first = stub.awaitHello(h -> true);
            long firstUid = first.workerUid();
            int firstStream = first.workStreamId();
            welcome(stub);
            stub.control.close();
            long deadline = System.nanoTime() + CoordinatorStub.WAIT_NS;
            while (stub.work.isConnected()) {
                assertTrue(System.nanoTime() - deadline < 0, "the worker never left its first work stream");
                Thread.yield();
            }
            stub.resubscribe();
            HelloMessage again = stub.awaitHello(h -> h.workerUid() != firstUid);
            assertEquals(process.pid(), again.pid());
            assertNotEquals(firstStream, again.workStreamId());
            welcome(stub);
            stub.send(w -> ProgramMessage.encode(w, stub.workerUid, 1, List.of(new Step(Kind.MAP.code(), "t.inc"))));
            task(stub, 1, 0, null, 1L);
            assertEquals(List.of(2L), awaitResult(stub, 0).values());
        }
    }

    @Test
    void badArgumentsExitNonZeroWithAMessage(@TempDir Path dir) throws Exception {
        try (CoordinatorStub stub = new CoordinatorStub(AeronSetup.embedded())) {
            Path log = dir.resolve("worker.log");
            Process process = stub.startWorker(log, "--work-channel", "aeron:udp?endpoint=127.0.0.1:0");
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(Worker.EXIT_BAD_ARGUMENTS, process.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("the port must be 1..65535") && output.contains("usage:"), output);

            Process notALibrary = stub.startWorker(log, "--control-channel", "aeron:ipc", "--library", "java.lang.String");
            assertTrue(notALibrary.waitFor(60, TimeUnit.SECONDS));
            assertEquals(Worker.EXIT_BAD_ARGUMENTS, notALibrary.exitValue());
            assertTrue(Files.readString(log).contains("does not implement"), Files.readString(log));
        }
    }
}
