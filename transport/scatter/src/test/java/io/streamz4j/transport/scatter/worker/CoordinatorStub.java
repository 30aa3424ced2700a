package io.streamz4j.transport.scatter.worker;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.Protocol;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The coordinator's side of the protocol, as small as the worker tests need: a real embedded
 * media driver (or another's directory), the control subscription, one publication to the worker's
 * work stream once its HELLO names it, and a way to start the real {@code Worker} main as a process.
 *
 * <p>Thread safety: the test's thread only. It owns the driver and the processes it started, and
 * kills those by pid on close.
 */
final class CoordinatorStub implements AutoCloseable {
    /** How long a test waits for a worker JVM to answer; generous, since the machine is shared. */
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    final AeronSetup setup;
    final Aeron aeron;
    private final String controlChannel;
    Subscription control;
    final Deque<byte[]> received = new ArrayDeque<>();
    private final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) -> {
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        received.add(copy);
    });
    final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(256);
    final WireWriter writer = new WireWriter();
    final WireTypes types;
    private final List<Process> processes = new ArrayList<>();
    Publication work;
    long workerUid;

    CoordinatorStub(AeronSetup setup) {
        this(setup, "aeron:ipc", new WireTypes());
    }

    CoordinatorStub(AeronSetup setup, WireTypes types) {
        this(setup, "aeron:ipc", types);
    }

    CoordinatorStub(AeronSetup setup, String controlChannel) {
        this(setup, controlChannel, new WireTypes());
    }

    private CoordinatorStub(AeronSetup setup, String controlChannel, WireTypes types) {
        this.setup = setup;
        this.types = types;
        this.controlChannel = controlChannel;
        this.aeron = setup.connect();
        this.control = aeron.addSubscription(controlChannel, Protocol.CONTROL_STREAM_ID);
    }

    /** A new control subscription (after the test closed the first, as a vanished coordinator would). */
    void resubscribe() {
        control = aeron.addSubscription(controlChannel, Protocol.CONTROL_STREAM_ID);
    }

    /** The JVM flags of this test JVM that a worker JVM needs too (the project's --add-opens and the like). */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access")
                    || argument.startsWith("--sun-misc-unsafe") || argument.startsWith("-Dchronicle")) {
                flags.add(argument);
            }
        }
        return flags;
    }

    /** Starts {@code java <flags> -cp <this class path> Worker <arguments>}; its output goes to {@code log}. */
    Process startWorker(Path log, String... arguments) throws java.io.IOException {
        return startWorker(log, List.of(), arguments);
    }

    /** {@link #startWorker(Path, String...)} with more JVM flags. */
    Process startWorker(Path log, List<String> moreJvmFlags, String... arguments) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(moreJvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.streamz4j.transport.scatter.Worker");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    /** The standard arguments of an IPC worker on this stub's driver, plus {@code more}. */
    String[] ipcWorker(String... more) {
        List<String> arguments = new ArrayList<>(List.of("--control-channel", "aeron:ipc", "--aeron-dir",
                setup.aeronDirectoryName(), "--heartbeat-ms", "50", "--library", TestFunctions.class.getName()));
        arguments.addAll(List.of(more));
        return arguments.toArray(new String[0]);
    }

    /** Polls until a message of {@code type} that {@code accept} takes arrives; earlier others are dropped. */
    byte[] await(byte type, Predicate<UnsafeBuffer> accept, String what) {
        long deadline = System.nanoTime() + WAIT_NS;
        while (System.nanoTime() - deadline < 0) {
            while (!received.isEmpty()) {
                byte[] message = received.poll();
                UnsafeBuffer buffer = new UnsafeBuffer(message);
                if (message.length >= MessageHeader.LENGTH && MessageHeader.type(buffer, 0) == type
                        && accept.test(buffer)) {
                    return message;
                }
            }
            if (control.poll(assembler, 10) == 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        throw new AssertionError("no " + what + " within " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NS) + " s");
    }

    /** Waits for a HELLO, remembers its worker and adds the publication to its work stream. */
    HelloMessage awaitHello(Predicate<HelloMessage> accept) {
        HelloMessage hello = new HelloMessage();
        byte[] message = await(Protocol.HELLO, b -> accept.test(hello.wrap(b, 0, b.capacity())), "HELLO");
        hello.wrap(new UnsafeBuffer(message), 0, message.length);
        workerUid = hello.workerUid();
        if (work != null) {
            work.close();
        }
        work = aeron.addExclusivePublication(hello.workChannel(), hello.workStreamId());
        return hello;
    }

    /** Writes a message with {@code body} and offers it to the worker until it is taken. */
    void send(Consumer<WireWriter> body) {
        body.accept(writer.wrap(sendBuffer, 0));
        sendRaw(sendBuffer, writer.length());
    }

    void sendRaw(org.agrona.DirectBuffer buffer, int length) {
        long deadline = System.nanoTime() + WAIT_NS;
        while (work.offer(buffer, 0, length) < 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the worker's work stream took no message");
            }
            Thread.yield();
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        setup.close();
    }
}
