package io.streamz4j.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * Where the threads of a pipeline come from: a {@link ThreadFactory} the engine starts them with
 * (as the Disruptor and Agrona's {@code AgentRunner} take one), or an {@link Invoker} the service
 * calls on its own threads, in which case the engine starts no thread for the event loops and
 * ring consumers it drives. CPU pinning, priorities, thread groups and daemon status are the
 * factory's to decide; the engine only names a thread the factory left unnamed.
 *
 * <p>Set it once per process with {@link #setDefault}, or per pipeline on its source
 * ({@code new Stream<>(name, threads)}, {@code withThreads}, {@code EventLoop.create(..., threads)},
 * {@code Stream.threadSafe(name, waitStrategy, threads)}); every node built below a source, and
 * every loop the pipeline creates, uses the source's. The default is {@link #daemon()}.
 *
 * <p>Naming: the engine hands the factory a {@code Runnable} whose {@code toString()} is the name
 * it gives the thread ({@code streamz4j-loop-<pipeline>}, {@code streamz4j-<pipeline>-buffer-<n>},
 * ...), so a factory may pin or name by role. A thread the factory returns with the JDK's made-up
 * name ({@code Thread-<n>}, {@code pool-<n>-thread-<m>} or none) is given the engine's name; a name
 * the factory chose is kept.
 *
 * <p>Thread safety: immutable; {@link #setDefault} and {@link #getDefault()} from any thread.
 */
public final class Threads {
    /** Names the JDK gives a thread nobody named: {@code new Thread(r)} and {@code Executors.defaultThreadFactory()}. */
    private static final Pattern MADE_UP_NAME = Pattern.compile("|Thread-\\d+|pool-\\d+-thread-\\d+");
    private static final Threads DAEMON = new Threads(work -> {
        Thread thread = new Thread(work, work.toString());
        // a forgotten pipeline must not keep the JVM alive; rings drain at exit (RingDrain)
        thread.setDaemon(true);
        return thread;
    }, null);
    private static volatile Threads processDefault = DAEMON;

    private final ThreadFactory factory;
    private final Invoker invoker;

    private Threads(ThreadFactory factory, Invoker invoker) {
        this.factory = factory;
        this.invoker = invoker;
    }

    /** The engine's own threads: daemon threads named {@code streamz4j-...}, started by the engine. */
    public static Threads daemon() {
        return DAEMON;
    }

    /** Threads made by {@code factory} (which returns them unstarted), started by the engine. */
    public static Threads factory(ThreadFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("Threads: parameter 'factory' must not be null");
        }
        return new Threads(factory, null);
    }

    /**
     * No engine thread for event loops and ring consumers: {@code invoker}'s {@link Invoker#invoke()},
     * called by the service on its own threads, runs their duty cycles. Sources that block on
     * I/O (the reader of {@code fromProcess}) still need a thread, made by the process default's
     * factory.
     */
    public static Threads invokedBy(Invoker invoker) {
        if (invoker == null) {
            throw new IllegalArgumentException("Threads: parameter 'invoker' must not be null");
        }
        return new Threads(null, invoker);
    }

    /** Makes {@code threads} what every pipeline not given its own uses from now on; null restores {@link #daemon()}. */
    public static void setDefault(Threads threads) {
        processDefault = threads == null ? DAEMON : threads;
    }

    /** What pipelines not given their own use. */
    public static Threads getDefault() {
        return processDefault;
    }

    /** {@code threads}, or the process default when null. */
    public static Threads orDefault(Threads threads) {
        return threads != null ? threads : processDefault;
    }

    /** The invoker that drives loops and ring consumers, or null when the engine starts threads for them. */
    public Invoker invoker() {
        return invoker;
    }

    /**
     * An unstarted thread that runs {@code work}, named {@code name} unless the factory named it.
     * In invoker mode, for work that needs a thread of its own (blocking I/O), the process
     * default's factory makes it (the daemon factory if that default is an invoker too).
     */
    public Thread newThread(String name, Runnable work) {
        ThreadFactory maker = factory != null ? factory
                : processDefault.factory != null ? processDefault.factory : DAEMON.factory;
        Thread thread = maker.newThread(new NamedWork(name, work));
        if (thread == null) {
            throw new IllegalStateException("the thread factory " + maker + " made no thread for " + name);
        }
        if (MADE_UP_NAME.matcher(thread.getName()).matches()) {
            thread.setName(name);
        }
        return thread;
    }

    @Override
    public String toString() {
        return this == DAEMON ? "Threads[daemon]" : invoker != null ? "Threads[" + invoker + "]"
                : "Threads[" + factory + "]";
    }

    /** The work handed to a factory, carrying the engine's name for the thread in {@code toString()}. */
    private record NamedWork(String name, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
