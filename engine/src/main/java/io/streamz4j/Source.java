package io.streamz4j;

import io.streamz4j.runtime.EventLoop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node that produces data itself once started (streamz's {@code Source}). Subclasses implement
 * {@link #run()}, which emits until it runs out or {@link #isStopped()} turns true.
 *
 * <p>Where {@link #run()} runs is up to {@link #launch()}: by default on the thread that calls
 * {@link #start()} (from_iterable), which therefore drives the whole pipeline below and returns
 * when the data runs out. Sources that poll on the pipeline's event loop or read on a thread of
 * their own override {@link #launch()} to hand the work there and return at once.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} may be called from any thread; a start
 * racing another start launches the source once; {@link #stop()} takes effect before the next
 * element.
 */
public abstract class Source<T> extends Stream<T> {
    private static final VarHandle STOPPED;

    static {
        try {
            STOPPED = MethodHandles.lookup().findVarHandle(Source.class, "stopped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // written through STOPPED as well
    private volatile boolean stopped = true;
    private volatile boolean started;

    protected Source() {
        super();
    }

    protected Source(String name) {
        super(name);
    }

    /**
     * A source whose pipeline runs its time-based nodes on {@code loop} (streamz:
     * {@code Source(loop=...)}); tests pass a loop on a manual clock.
     */
    protected Source(String name, EventLoop loop) {
        super(name, loop);
    }

    /**
     * Begins emitting; no effect while already running. A stopped source may be started again.
     * If launching fails, the source is left stopped and the exception reaches the caller.
     */
    @Override
    public void start() {
        if (STOPPED.compareAndSet(this, true, false)) {
            started = true;
            try {
                launch();
            } catch (RuntimeException | Error e) {
                stopped = true;
                throw e;
            }
        }
    }

    /**
     * Runs the source once {@link #start()} has marked it running. By default calls {@link #run()}
     * on the calling thread and marks the source stopped when it returns; a source that emits
     * from a loop or a thread of its own overrides this to start that work and return at once.
     */
    protected void launch() {
        try {
            run();
        } finally {
            stopped = true;
        }
    }

    /**
     * For a {@link #launch()} that hands its work to a thread or loop, called under the
     * subclass's lifecycle lock before it does: whether this start goes on. Throws if the source
     * was destroyed; false if a {@link #stop()} came between {@link #start()} and here.
     */
    protected final boolean launchGoesOn() {
        if (isDestroyed()) {
            throw new IllegalStateException(this + " was destroyed and cannot start again");
        }
        return !isStopped();
    }

    /**
     * Asks the source to stop before its next element. Sources with work running elsewhere
     * override this to end it too, calling {@code super.stop()}.
     */
    @Override
    public void stop() {
        stopped = true;
    }

    /**
     * Called on the connecting thread when {@code node} is about to be connected below this
     * source (directly or further down) after it started; throwing refuses the connection.
     * Nothing by default: a source that replays at start overrides it, since such a node missed
     * the replay.
     */
    protected void connectedAfterStart(Stream<?> node) {
    }

    /** True until started, and again once stopped or run out. */
    public boolean isStopped() {
        return stopped;
    }

    /** True once the source has been started at least once. */
    public boolean isStarted() {
        return started;
    }

    /**
     * Emits the source's data, checking {@link #isStopped()} between elements: all of it, or, for
     * a source that polls, what one poll finds (streamz's {@code _run}).
     */
    protected abstract void run();

    @Override
    public String graphShape() {
        return "doubleoctagon";
    }
}
