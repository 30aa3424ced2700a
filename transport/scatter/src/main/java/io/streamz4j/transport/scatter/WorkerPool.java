package io.streamz4j.transport.scatter;

import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Worker processes started on this host, for tests and single-host use: each is
 * {@code java <flags> -cp <this JVM's class path> io.streamz4j.transport.scatter.Worker ...}, the
 * command line the README documents, with its stdout and stderr appended to
 * {@code <logDirectory>/<name>.log}. A log directory the pool made itself (no
 * {@link WorkerPoolOptions.Builder#logDirectory} given) is deleted when it closes, so a service
 * that starts pools leaves no directory per pool behind; name one to keep the logs.
 *
 * <p>Workers are indexed in the order they were started; {@link #kill(int)} SIGKILLs one (the
 * failure the cluster must survive), {@link #restart(int)} starts a new process in a dead one's
 * place (a new worker to the cluster: a new uid, the same name), {@link #startOne()} adds one
 * (a worker that joins later). {@link #close()} lets workers the closed cluster sent SHUTDOWN
 * exit by themselves (status 0) for up to {@link WorkerPoolOptions#stopTimeout()}, then sends
 * every live worker SIGTERM (a worker answers it with GOODBYE, so a cluster still open resends its
 * work at once, and exits with status 143), SIGKILLs those still alive after the stop timeout,
 * and waits for every process, so nothing outlives it. A JVM shutdown hook SIGKILLs whatever is
 * still running if this JVM exits without closing the pool (a test JVM stopped by a timeout); a
 * JVM killed with SIGKILL runs no hook, and its workers keep waiting for a coordinator (saying
 * HELLO again) until something stops them by pid.
 *
 * <p>Thread safety: every method may be called from any thread; they are serialized on the pool.
 * The pool starts no thread of its own (the shutdown hook is a thread only the JVM's exit starts).
 */
public final class WorkerPool implements AutoCloseable {
    /** The worker's main class, as the README documents it. */
    public static final String WORKER_MAIN = "io.streamz4j.transport.scatter.Worker";

    private final WorkerPoolOptions options;
    /** The cluster the workers serve, or null for a coordinator elsewhere. */
    private final Cluster cluster;
    private final String controlChannel;
    private final String aeronDir;
    private final Path logDirectory;
    /** Whether {@link #logDirectory} is a temporary one this pool made, and so deletes on close. */
    private final boolean ownsLogDirectory;
    // copy-on-write so the shutdown hook can read it without the pool's lock, which the thread
    // the JVM is exiting from may hold
    private final List<ChildJvm> workers = new CopyOnWriteArrayList<>();
    private final List<String> workChannels = new ArrayList<>();
    private final Set<Integer> usedPorts = new HashSet<>();
    private final Thread shutdownHook;
    private int starts;
    private boolean closed;

    private WorkerPool(WorkerPoolOptions options, Cluster cluster, String controlChannel, String aeronDir) {
        this.options = options;
        this.cluster = cluster;
        this.controlChannel = controlChannel;
        this.aeronDir = aeronDir;
        try {
            this.ownsLogDirectory = options.logDirectory() == null;
            this.logDirectory = ownsLogDirectory ? Files.createTempDirectory("streamz4j-workers-")
                    : Files.createDirectories(options.logDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("WorkerPool: cannot create the log directory", e);
        }
        this.shutdownHook = new Thread(this::killAllNow, "streamz4j-worker-pool-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** {@code n} local workers for {@code cluster}, every other option at its default. */
    public static WorkerPool start(Cluster cluster, int n) {
        return start(cluster, WorkerPoolOptions.workers(n));
    }

    /**
     * Local workers for {@code cluster}: its control channel and media driver unless the options
     * name others. Returns once the processes are started; {@code cluster.awaitWorkers} waits for
     * them to join.
     */
    public static WorkerPool start(Cluster cluster, WorkerPoolOptions options) {
        if (cluster == null || options == null) {
            throw new IllegalArgumentException("WorkerPool: " + (cluster == null ? "cluster" : "options")
                    + " must not be null");
        }
        String control = options.controlChannel() != null ? options.controlChannel() : cluster.controlChannel();
        String dir = options.embeddedDriver() ? null
                : options.aeronDir() != null ? options.aeronDir() : cluster.aeronDirectory();
        return startWorkers(options, cluster, control, dir);
    }

    /**
     * Workers for a coordinator this JVM does not hold (one on another host): the options must
     * name the control channel and either a media driver directory or {@code embeddedDriver()}.
     */
    public static WorkerPool start(WorkerPoolOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("WorkerPool: options must not be null");
        }
        if (options.controlChannel() == null) {
            throw new IllegalArgumentException("WorkerPool: options.controlChannel must be set without a Cluster");
        }
        if (options.aeronDir() == null && !options.embeddedDriver()) {
            throw new IllegalArgumentException("WorkerPool: options must name aeronDir or embeddedDriver without a Cluster");
        }
        return startWorkers(options, null, options.controlChannel(), options.aeronDir());
    }

    private static WorkerPool startWorkers(WorkerPoolOptions options, Cluster cluster, String control, String dir) {
        WorkerPool pool = new WorkerPool(options, cluster, control, dir);
        try {
            for (int i = 0; i < options.workers(); i++) {
                pool.startOne();
            }
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Starts one more worker (one that joins later); returns its index. */
    public synchronized int startOne() {
        checkOpen();
        String channel = workChannel();
        workers.add(launch(workers.size(), channel));
        workChannels.add(channel);
        return workers.size() - 1;
    }

    /** Starts a new worker process in the place of worker {@code index}, which must have exited. */
    public synchronized void restart(int index) {
        checkOpen();
        ChildJvm old = worker(index);
        if (old.isAlive()) {
            throw new IllegalStateException("WorkerPool: worker " + index + " (pid " + old.pid() + ") is still alive");
        }
        String channel = workChannel();
        workers.set(index, launch(index, channel));
        workChannels.set(index, channel);
    }

    /** SIGKILLs worker {@code index} and waits until the process is gone. */
    public synchronized void kill(int index) {
        worker(index).kill();
    }

    /** The current process id of each worker, by index (a killed one's until it is restarted). */
    public synchronized List<Long> pids() {
        List<Long> pids = new ArrayList<>(workers.size());
        for (ChildJvm worker : workers) {
            pids.add(worker.pid());
        }
        return pids;
    }

    public synchronized int size() {
        return workers.size();
    }

    public synchronized boolean isAlive(int index) {
        return worker(index).isAlive();
    }

    /** Worker {@code index}'s exit status, or -1 while it runs. */
    public synchronized int exitCode(int index) {
        return worker(index).exitCode();
    }

    /**
     * The channel worker {@code index}'s current process listens on ({@code aeron:ipc} on IPC, where
     * the worker picks its stream id; stream 2001 on UDP).
     */
    public synchronized String workChannel(int index) {
        worker(index);
        return workChannels.get(index);
    }

    /** The name worker {@code index} runs under (its {@code --name}). */
    public String name(int index) {
        return options.namePrefix() + "-" + index;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** The last {@code lines} lines of every worker's log, for a failing test's message. */
    public synchronized String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < workers.size(); i++) {
            ChildJvm worker = workers.get(i);
            out.append("---- ").append(name(i)).append(" (pid ").append(worker.pid()).append(", exit ")
                    .append(worker.exitCode()).append(") ").append(worker.log()).append(System.lineSeparator())
                    .append(worker.logTail(lines)).append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * After a closed cluster's SHUTDOWN, a stop timeout for the workers to exit by themselves; then
     * SIGTERM to every live worker, SIGKILL to those alive after the stop timeout; waits for all.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cluster != null && !cluster.coordinator().isOpen()) {
            // the cluster has closed, so it sent SHUTDOWN: a worker exiting by itself is not interrupted
            awaitAll(options.stopTimeout());
        }
        for (ChildJvm worker : workers) {
            worker.terminate();
        }
        awaitAll(options.stopTimeout());
        for (ChildJvm worker : workers) {
            if (worker.isAlive()) {
                worker.kill();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is already running its hooks, this pool's among them: nothing to remove
        }
        if (ownsLogDirectory) {
            IoUtil.delete(logDirectory.toFile(), true);
        }
    }

    /** Waits until every worker has exited or {@code timeout} has passed, whichever is first. */
    private void awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ChildJvm worker : workers) {
            worker.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private ChildJvm launch(int index, String workChannel) {
        List<String> args = new ArrayList<>();
        args.add("--control-channel");
        args.add(controlChannel);
        if (options.udpHost() != null) {
            args.add("--work-channel");
            args.add(workChannel);
        }
        if (aeronDir != null) {
            args.add("--aeron-dir");
            args.add(aeronDir);
        } else {
            args.add("--embedded-driver");
        }
        for (String library : options.libraries()) {
            args.add("--library");
            args.add(library);
        }
        if (options.idleStrategy() != null) {
            args.add("--idle");
            args.add(options.idleStrategy());
        }
        if (options.heartbeatInterval() != null) {
            args.add("--heartbeat-ms");
            args.add(Long.toString(options.heartbeatInterval().toMillis()));
        }
        args.add("--name");
        args.add(name(index));
        // the pool's own JVM: killed with SIGKILL it runs no hook, and its workers must not outlive it
        args.add("--parent-pid");
        args.add(Long.toString(ProcessHandle.current().pid()));
        List<String> flags = new ArrayList<>(WorkerPoolOptions.projectJvmFlags());
        flags.addAll(options.jvmFlags());
        starts++;
        return ChildJvm.start(options.launcherPrefix(), flags, classPath(), WORKER_MAIN, args,
                logDirectory.resolve(name(index) + ".log"));
    }

    private String classPath() {
        List<String> entries = new ArrayList<>();
        entries.add(System.getProperty("java.class.path"));
        entries.addAll(options.classPath());
        return String.join(File.pathSeparator, entries);
    }

    private String workChannel() {
        return options.udpHost() == null ? "aeron:ipc" : "aeron:udp?endpoint=" + options.udpHost() + ":" + nextPort();
    }

    /** The next work channel port: counted from the configured first port, or a free one on this host. */
    private int nextPort() {
        if (options.firstUdpPort() != 0) {
            return options.firstUdpPort() + starts;
        }
        for (int tries = 0; tries < 100; tries++) {
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(options.udpHost()))) {
                // a port handed to an earlier worker of this pool may be free again only because
                // that worker died: its replacement gets another, so stale messages miss it
                if (usedPorts.add(probe.getLocalPort())) {
                    return probe.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("WorkerPool: no free UDP port on " + options.udpHost(), e);
            }
        }
        throw new IllegalStateException("WorkerPool: no unused UDP port on " + options.udpHost() + " in 100 tries");
    }

    private ChildJvm worker(int index) {
        if (index < 0 || index >= workers.size()) {
            throw new IllegalArgumentException("WorkerPool: index must be in [0, " + workers.size() + "), got " + index);
        }
        return workers.get(index);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("WorkerPool: closed");
        }
    }

    /** The shutdown hook: no waiting beyond the signal, the JVM is on its way out. */
    private void killAllNow() {
        for (ChildJvm worker : workers) {
            worker.killNow();
        }
    }
}
