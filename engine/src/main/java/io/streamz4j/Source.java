package io.streamz4j;

/**
 * A node that produces data itself once started (streamz's {@code Source}). Subclasses implement
 * {@link #run()}, which emits until it runs out or {@link #isStopped()} turns true.
 *
 * <p>Thread safety: {@link #start()} runs {@link #run()} on the calling thread, which therefore
 * drives the whole pipeline below; {@link #stop()} may be called from any thread and takes effect
 * before the next element.
 */
public abstract class Source<T> extends Stream<T> {
    private volatile boolean stopped = true;
    private volatile boolean started;

    protected Source() {
        super();
    }

    protected Source(String name) {
        super(name);
    }

    /** Begins emitting; no effect while already running. A stopped source may be started again. */
    @Override
    public void start() {
        if (stopped) {
            stopped = false;
            started = true;
            try {
                run();
            } finally {
                stopped = true;
            }
        }
    }

    /** Asks the source to stop before its next element. */
    @Override
    public void stop() {
        stopped = true;
    }

    /** True until started, and again once stopped or run out. */
    public boolean isStopped() {
        return stopped;
    }

    /** True once the source has been started at least once. */
    public boolean isStarted() {
        return started;
    }

    /** Emits the source's data, checking {@link #isStopped()} between elements. */
    protected abstract void run();

    @Override
    public String graphShape() {
        return "doubleoctagon";
    }
}
