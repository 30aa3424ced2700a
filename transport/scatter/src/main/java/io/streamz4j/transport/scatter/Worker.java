package io.streamz4j.transport.scatter;

import io.streamz4j.transport.scatter.worker.WorkerLoop;
import io.streamz4j.transport.scatter.worker.WorkerOptions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker process: runs the scattered steps of pipelines for a coordinator (a {@code Cluster}
 * in the pipeline's process). Its command line:
 * <pre>
 * java &lt;jvm flags&gt; -cp &lt;class path&gt; io.streamz4j.transport.scatter.Worker --control-channel &lt;channel&gt;
 *     [--work-channel &lt;channel&gt;] [--aeron-dir &lt;dir&gt; | --embedded-driver] [--library &lt;class&gt;]...
 *     [--idle backoff|sleeping|yielding|busy-spin] [--heartbeat-ms 100] [--name &lt;text&gt;]
 *     [--parent-pid &lt;pid&gt;]
 * </pre>
 * (each option is described in {@link WorkerOptions}). The class path must hold the same function
 * libraries as the coordinator's: functions travel by name. The JVM flags are the project's
 * ({@code --add-opens}/{@code --add-exports} that Agrona, Aeron, Chronicle and Arrow need).
 *
 * <p>Exit codes: 0 after a SHUTDOWN from the coordinator, or once the {@code --parent-pid}
 * process is gone (it says GOODBYE first); after SIGTERM the worker says GOODBYE
 * and the JVM exits as signalled (143); 2 for bad arguments or a library that cannot be loaded
 * (with a message on standard error); 3 when the coordinator rejected it three times in a row (after
 * one rejection it joins again as a new worker); 1 on an unexpected
 * failure.
 *
 * <p>Thread safety: {@link #main} runs the worker's loop on the main thread; the SIGTERM hook runs
 * on the JVM's shutdown thread, and the parent's exit is noticed on a JDK thread: both only ask
 * the loop to stop (the hook waits for its GOODBYE).
 */
public final class Worker {
    public static final int EXIT_BAD_ARGUMENTS = 2;
    public static final int EXIT_FAILED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How long the SIGTERM hook waits for the loop's GOODBYE (a reconnect may hold it up to the driver timeout). */
    private static final long STOP_WAIT_MS = AeronSetup.DRIVER_TIMEOUT_MS + 2_000;

    private Worker() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(WorkerOptions.USAGE);
            return;
        }
        WorkerOptions options;
        FunctionTable table;
        try {
            options = WorkerOptions.parse(args);
            table = FunctionTable.load(Worker.class.getClassLoader(), options.libraries());
        } catch (IllegalArgumentException e) {
            System.err.println("streamz4j worker: " + e.getMessage());
            System.err.println(WorkerOptions.USAGE);
            System.exit(EXIT_BAD_ARGUMENTS);
            return;
        }
        System.exit(run(options, table));
    }

    /**
     * Runs the loop until it ends, then closes the driver (deleting an embedded one's directory).
     * A SIGTERM hook stops the loop and waits until all is closed, so a signalled worker leaves
     * nothing behind either; the exit that follows a signal then just waits for the JVM to end.
     */
    private static int run(WorkerOptions options, FunctionTable table) {
        CountDownLatch closed = new CountDownLatch(1);
        BufferAllocator frames = new RootAllocator();
        try (AeronSetup setup = options.embeddedDriver() ? AeronSetup.embedded()
                : AeronSetup.external(options.aeronDir())) {
            WorkerLoop loop = new WorkerLoop(options, setup, table, new WireTypes(frames));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                loop.stop();
                try {
                    closed.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "streamz4j-worker-stop"));
            stopWhenParentEnds(options, loop);
            LOG.info("{}: {} functions {}", options.name(), table.size(), table.names());
            return loop.run();
        } catch (RuntimeException e) {
            LOG.error("{}: failed", options.name(), e);
            return EXIT_FAILED;
        } finally {
            closeQuietly(frames, options);
            closed.countDown();
        }
    }

    /**
     * Stops the loop once the {@code --parent-pid} process has ended; at once if it is not there
     * (it died before this worker started).
     */
    private static void stopWhenParentEnds(WorkerOptions options, WorkerLoop loop) {
        if (options.parentPid() == WorkerOptions.NO_PARENT) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(options.parentPid());
        if (parent.isEmpty()) {
            LOG.warn("{}: parent process {} is gone: stopping", options.name(), options.parentPid());
            loop.stop();
            return;
        }
        parent.get().onExit().thenRun(() -> {
            LOG.warn("{}: parent process {} ended: stopping", options.name(), options.parentPid());
            loop.stop();
        });
    }

    /**
     * Closes the frame allocator; frames a program kept (unreleased accumulate states) are logged,
     * not made the exit's failure: the process is ending, and its memory with it.
     */
    private static void closeQuietly(BufferAllocator frames, WorkerOptions options) {
        try {
            frames.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: frames still held at exit: {}", options.name(), e.getMessage());
        }
    }
}
