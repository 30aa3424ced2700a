package io.streamz4j.sources;

import io.streamz4j.runtime.Threads;

import java.util.concurrent.BlockingQueue;

/**
 * streamz-q's {@code from_q}: emits every item that other threads put into a
 * {@link BlockingQueue}, so any thread (a UI event loop, a callback) can feed a pipeline. Where
 * from_q polls the queue and sleeps when it is empty, a consumer thread here waits in a blocking
 * {@code take()} (see {@link QueueFedSource}): an item is emitted as soon as it is put, and an idle
 * source costs no CPU. Items come out in the queue's order, so each producer's items keep their
 * order; none that was taken is lost.
 *
 * <p>Thread safety: producers use the queue from any threads. Each {@link #start()} starts the
 * consumer thread {@code streamz4j-<name>-queue}, which takes the items and runs this source and
 * every node below, so they keep a single writer. {@link #stop()} (and {@link #destroy()}), from
 * any thread, ends it promptly. Items still in the queue stay there, for a new start or for anyone
 * else: the queue belongs to the caller. The consumer thread is made by the pipeline's
 * {@link Threads}; in invoker mode the invoker's duty cycles take the items instead.
 */
public final class FromQueue<T> extends QueueFedSource<T, T> {
    private static final String KIND = "from_q";

    public FromQueue(BlockingQueue<? extends T> queue) {
        super(null, queue, "queue");
    }

    @Override
    protected void deliver(T item) {
        emit(item);
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
