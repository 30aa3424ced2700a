package io.streamz4j.sources;

import io.streamz4j.Source;
import io.streamz4j.runtime.Invoked;
import io.streamz4j.runtime.Invoker;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.internal.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;

/**
 * A source that emits what other threads put into a {@link BlockingQueue}: the base of
 * {@code fromQueue} and of the network sources, whose socket or client threads fill a bounded queue
 * (and so feel back pressure when it is full) while one consumer thread runs the pipeline. The
 * consumer waits in a blocking {@code take()}: an item is emitted as soon as it is put, and an idle
 * source costs no CPU. Items come out in the queue's order; none that was taken is lost.
 *
 * <p>A subclass says how an item becomes an element ({@link #deliver}: emit it, perhaps with a
 * reference counter in its metadata) and may own an intake: {@link #startIntake()} opens it (binds a
 * socket, subscribes) when the source starts, {@link #stopIntake()} closes it when the source stops,
 * before the consumer ends. A source that owns its queue returns true from {@link #drainsOnStop()}:
 * the consumer then emits what the closed intake left in the queue before it ends, so a stop loses
 * nothing that was accepted; {@link #drained()} follows (disconnect a client whose acknowledgements
 * the drained elements needed).
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread. Each start starts the
 * consumer thread {@code streamz4j-<name>-<threadSuffix>}, which takes the items and runs this
 * source and every node below, so they keep a single writer. {@link #stop()} (and
 * {@link #destroy()}) ends it promptly: a consumer waiting in {@code take()} is interrupted; one
 * emitting an item finishes that item first (and drains, where the source drains), and a stop
 * called from another thread waits for that. Holds the consumer thread and at most the one item it
 * is emitting, besides what the queue holds.
 *
 * <p>The consumer thread is made by the pipeline's {@link Threads}. In invoker mode there is none:
 * each start registers with the invoker, whose duty cycles take what the queue holds without
 * waiting (up to {@value #BATCH} items a cycle) and emit it on the invoking thread; a stop from
 * another thread waits for the item being emitted, then drains on its own thread, the invoker
 * having let go of the source.
 *
 * @param <E> what the queue holds
 * @param <T> what the source emits
 */
public abstract class QueueFedSource<E, T> extends Source<T> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueFedSource.class);
    private static final long JOIN_MILLIS = 10_000;
    /** The most items one invoker duty cycle emits, so other work the invoker drives gets its turn. */
    private static final int BATCH = 256;

    private final BlockingQueue<? extends E> queue;
    private final String threadSuffix;
    private final Object lifecycle = new Object();
    /** The consumer thread of the current start; null while stopped. Written under lifecycle. */
    private volatile Thread consumer;
    /** The consumer while it waits in take(), the only time a stop interrupts it. Guarded by lifecycle. */
    private Thread taking;
    /** In invoker mode, the duty cycles of the current start; null while stopped. Written under lifecycle. */
    private volatile InvokedQueue polling;
    /** The consumer of a start that its own thread stopped (a node below called stop()); it calls drained() itself. */
    private volatile Thread stoppedFromWithin;

    /** A source named {@code name} (null: unnamed) emitting from {@code queue} on a thread named after {@code threadSuffix}. */
    protected QueueFedSource(String name, BlockingQueue<? extends E> queue, String threadSuffix) {
        super(name);
        if (queue == null) {
            throw new IllegalArgumentException(kind() + ": parameter 'queue' must not be null");
        }
        this.queue = queue;
        this.threadSuffix = threadSuffix;
    }

    /** Emits {@code item}, on the consumer thread; what it throws goes to the pipeline's error handler. */
    protected abstract void deliver(E item);

    /**
     * Opens what fills the queue, on the thread calling {@link #start()}, before the consumer
     * starts; throwing fails the start and leaves the source stopped. Nothing by default.
     */
    protected void startIntake() {
    }

    /**
     * Closes what fills the queue, on the thread calling {@link #stop()}, before the consumer ends:
     * once it returns nothing more may be put. Nothing by default.
     */
    protected void stopIntake() {
    }

    /** Whether the consumer emits what the queue still holds when the source stops; false by default (the queue is the caller's). */
    protected boolean drainsOnStop() {
        return false;
    }

    /** Called by {@link #stop()} once the consumer has ended (and drained). Nothing by default. */
    protected void drained() {
    }

    @Override
    protected void launch() {
        synchronized (lifecycle) {
            if (!launchGoesOn()) {
                return;
            }
            startIntake();
            Threads threads = pipelineThreads();
            if (threads.invoker() != null) {
                InvokedQueue cycles = new InvokedQueue(threads.invoker());
                threads.invoker().add(cycles);
                polling = cycles;
                return;
            }
            Thread thread = threads.newThread("streamz4j-" + pipelineName() + "-" + threadSuffix, this::run);
            consumer = thread;
            thread.start(); // under the lock, so a stop() racing this start finds the thread running
        }
    }

    /** The consumer thread's work: takes and emits items while it is the current consumer, then drains if the source does. */
    @Override
    protected void run() {
        Thread me = Thread.currentThread();
        while (true) {
            synchronized (lifecycle) {
                if (consumer != me) {
                    break;
                }
                taking = me;
            }
            E item;
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
            deliverCaught(item);
        }
        drainIfDraining();
        if (stoppedFromWithin == me) {
            stoppedFromWithin = null;
            drained();
        }
    }

    private void drainIfDraining() {
        if (!drainsOnStop()) {
            return;
        }
        E item;
        while ((item = queue.poll()) != null) {
            deliverCaught(item);
        }
    }

    private void deliverCaught(E item) {
        try {
            deliver(item);
        } catch (RuntimeException | Error e) {
            Failures.caught(kind(), this, item, e);
        }
    }

    /**
     * Closes the intake, then ends the consumer thread: at once if it waits for an item, after the
     * item it is emitting (and the drain) otherwise.
     */
    @Override
    public void stop() {
        Thread stopping;
        InvokedQueue stoppingCycles;
        synchronized (lifecycle) {
            boolean wasRunning = !isStopped();
            super.stop();
            if (wasRunning) {
                stopIntake();
            }
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
            drainIfDraining();
        }
        if (stopping == Thread.currentThread()) {
            stoppedFromWithin = stopping; // it drains once this element is done, then calls drained()
            return;
        }
        if (stopping != null) {
            awaitEnd(stopping);
        }
        if (stopping != null || stoppingCycles != null) {
            drained();
        }
    }

    private static void awaitEnd(Thread stopping) {
        try {
            stopping.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopping.isAlive()) {
            LOG.warn("{} is still emitting {} ms after stop() was called; not waiting for it any longer",
                    stopping.getName(), JOIN_MILLIS);
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
            E item;
            while (emitted < BATCH && polling == this && (item = queue.poll()) != null) {
                emitted++;
                deliverCaught(item);
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
}
