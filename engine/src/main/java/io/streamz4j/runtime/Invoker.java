package io.streamz4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.Agent;

/**
 * The service drives the engine on its own threads (Agrona's {@code AgentInvoker} is the model):
 * a pipeline given {@code Threads.invokedBy(invoker)} starts no thread for its event loop, its
 * buffers' and join rings' consumers, its thread-safe source's ring, its queue sources and its
 * journaled source's checkpoints; each registers here while it lives, and every {@link #invoke()}
 * runs one duty cycle of each and returns the work done, so the caller idles as it likes when 0.
 * It is an Agrona {@link Agent} too ({@link #doWork()}, {@link #onStart()}, {@link #onClose()}), to
 * run inside the service's own {@code AgentRunner} or {@code CompositeAgent}.
 *
 * <p>Where the engine itself waits for this work (a producer held back by a full buffer, a
 * {@code close()} draining a ring, a node destroyed while its loop holds its state), the waiting
 * thread runs the duty cycles itself when no other thread is in them, so one thread may emit and
 * invoke without deadlocking itself; the work stays single-writer (see {@link Invoked}).
 *
 * <p>Thread safety: {@link #invoke()} may be called from several threads (each piece runs on one
 * at a time), though one thread per invoker is the usual set-up; {@link #start()} and
 * {@link #close()} from any thread. Holds the pieces registered with it.
 */
public final class Invoker implements Agent, AutoCloseable {
    private static final Invoked[] NONE = new Invoked[0];

    private final String name;
    private volatile Invoked[] work = NONE;
    private volatile boolean started;
    private volatile boolean closed;

    public Invoker(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Invoker: parameter 'name' must not be null");
        }
        this.name = name;
    }

    /** Lets {@link #invoke()} run duty cycles; until then it returns 0 (as an AgentInvoker does). */
    public void start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed and cannot start again");
        }
        started = true;
    }

    /** One duty cycle of every loop, ring consumer and source registered; returns the work done. */
    public int invoke() {
        if (!started || closed) {
            return 0;
        }
        int done = 0;
        for (Invoked piece : work) {
            done += piece.invoke();
        }
        return done;
    }

    @Override
    public int doWork() {
        return invoke();
    }

    @Override
    public void onStart() {
        start();
    }

    @Override
    public void onClose() {
        close();
    }

    @Override
    public String roleName() {
        return name;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isClosed() {
        return closed;
    }

    /** How many pieces of work are registered now. */
    public int workCount() {
        return work.length;
    }

    /**
     * Ends every piece registered (rings deliver what they accepted, loops let go of what they
     * hold, as when closed); {@link #invoke()} does nothing afterwards, and a pipeline that needs a
     * new loop or ring from this invoker fails. Call it from the invoking thread, or once no thread
     * invokes any more: a loop another thread is running a duty cycle of cannot end under it.
     */
    @Override
    public void close() {
        Invoked[] ending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ending = work;
        }
        for (Invoked piece : ending) {
            piece.invokerClosed();
        }
        synchronized (this) {
            work = NONE;
        }
    }

    /** Registers {@code piece}; fails once the invoker is closed. */
    public synchronized void add(Invoked piece) {
        if (closed) {
            throw new IllegalStateException(this + " is closed: nothing more can be driven by it");
        }
        Invoked[] grown = Arrays.copyOf(work, work.length + 1);
        grown[work.length] = piece;
        work = grown;
    }

    /** Unregisters {@code piece}; nothing if it is not registered. */
    public synchronized void remove(Invoked piece) {
        List<Invoked> kept = new ArrayList<>(Arrays.asList(work));
        if (kept.remove(piece)) {
            work = kept.toArray(NONE);
        }
    }

    @Override
    public String toString() {
        return "Invoker[" + name + "]";
    }
}
