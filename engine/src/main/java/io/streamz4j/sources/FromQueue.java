package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.Source;
import io.streamz4j.runtime.Invoked;
import io.streamz4j.runtime.Invoker;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.internal.Failures;

import java.util.concurrent.BlockingQueue;

/**
 * streamz-q's {@code from_q}: emits every item that other threads put into a
 * {@link BlockingQueue}, so any thread (a UI event loop, a callback) can feed a pipeline. Where
 * from_q polls the queue and sleeps when it is empty, a consumer thread here waits in a blocking
 * {@code take()}: an item is emitted as soon as it is put, and an idle source costs no CPU. Items
 * come out in the queue's order, so each producer's items keep their order; none that was taken
 * is lost.
 *
 * <p>Thread safety: producers use the queue from any threads. Each {@link #start()} starts the
 * consumer thread {@code streamz4j-<name>-queue}, which takes the items and runs this source and
 * every node below, so they keep a single writer. {@link #stop()} (and {@link #destroy()}), from
 * any thread, ends it promptly: a consumer waiting in {@code take()} is interrupted; one emitting
 * an item finishes that item first, and a stop called from another thread waits for that. Items
 * still in the queue stay there, for a new start or for anyone else. Holds the consumer thread and
 * at most the one item it is emitting; the queue belongs to the caller.
 *
 * <p>The consumer thread is made by the pipeline's {@link Threads}. In invoker mode there is none:
 * each start registers with the invoker, whose duty cycles take what the queue holds without
 * waiting (up to {@value #BATCH} items a cycle) and emit it on the invoking thread; a stop from
 * another thread waits for the item being emitted.
 */
public final class FromQueue<T> extends Source<T> {
    private static final String KIND = "from_q";
    private static final long JOIN_MILLIS = 10_000;
    /** The most items one invoker duty cycle emits, so other work the invoker drives gets its turn. */
    private static final int BATCH = 256;

    private final BlockingQueue<? extends T> queue;
    private final Object lifecycle = new Object();
    /** The consumer thread of the current start; null while stopped. Written under lifecycle. */
    private volatile Thread consumer;
    /** The consumer while it waits in take(), the only time a stop interrupts it. Guarded by lifecycle. */
    private Thread taking;
    /** In invoker mode, the duty cycles of the current start; null while stopped. Written under lifecycle. */
    private volatile InvokedQueue polling;

    public FromQueue(BlockingQueue<? extends T> queue) {
        this.queue = Arguments.requireNonNull(queue, KIND, "queue");
    }

    @Override
    protected void launch() {
        synchronized (lifecycle) {
            if (!launchGoesOn()) {
                return;
            }
            Threads threads = pipelineThreads();
            if (threads.invoker() != null) {
                InvokedQueue cycles = new InvokedQueue(threads.invoker());
                threads.invoker().add(cycles);
                polling = cycles;
                return;
            }
            Thread thread = threads.newThread("streamz4j-" + pipelineName() + "-queue", this::run);
            consumer = thread;
            thread.start(); // under the lock, so a stop() racing this start finds the thread running
        }
    }

    /** The consumer thread's work: takes and emits items while it is the current consumer. */
    @Override
    protected void run() {
        Thread me = Thread.currentThread();
        while (true) {
            synchronized (lifecycle) {
                if (consumer != me) {
                    return;
                }
                taking = me;
            }
            T item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                synchronized (lifecycle) {
                    if (taking == me) {
                        taking = null;
                    }
                }
                continue; // stopped: the loop ends; otherwise someone else's interrupt: take again
            }
            synchronized (lifecycle) {
                if (taking == me) {
                    taking = null;
                }
                Thread.interrupted(); // a stop that raced take()'s return: the item is emitted regardless
            }
            try {
                emit(item);
            } catch (RuntimeException | Error e) {
                Failures.caught(KIND, this, item, e);
            }
        }
    }

    /** Ends the consumer thread: at once if it waits for an item, after the item it is emitting otherwise. */
    @Override
    public void stop() {
        Thread stopping;
        InvokedQueue stoppingCycles;
        synchronized (lifecycle) {
            super.stop();
            stopping = consumer;
            consumer = null;
            if (stopping != null && taking == stopping) {
                stopping.interrupt();
            }
            stoppingCycles = polling;
            polling = null;
        }
        if (stoppingCycles != null) {
            stoppingCycles.end();
        }
        if (stopping != null && stopping != Thread.currentThread()) {
            try {
                stopping.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The consumer thread of the current start, or null while stopped and in invoker mode. */
    public Thread consumerThread() {
        return consumer;
    }

    /** One start's duty cycles in invoker mode: emits what the queue holds now, while it is the current start. */
    private final class InvokedQueue extends Invoked {
        private final Invoker invoker;

        InvokedQueue(Invoker invoker) {
            this.invoker = invoker;
        }

        @Override
        protected int dutyCycle() {
            int emitted = 0;
            T item;
            while (emitted < BATCH && polling == this && (item = queue.poll()) != null) {
                emitted++;
                try {
                    emit(item);
                } catch (RuntimeException | Error e) {
                    Failures.caught(KIND, FromQueue.this, item, e);
                }
            }
            return emitted;
        }

        /** Leaves the invoker, then waits for a cycle under way on another thread to finish its item. */
        void end() {
            invoker.remove(this);
            while (!whileClaimed(() -> { })) {
                Thread.onSpinWait();
            }
        }

        @Override
        protected void invokerClosed() {
            stop();
        }
    }

    @Override
    protected Object downstreamDomain() {
        return this; // the nodes below run on the consumer thread
    }

    @Override
    protected void onDestroy() {
        stop();
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
