package io.streamz4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A piece of the engine that an {@link Invoker} drives instead of a thread of its own: an event
 * loop, a ring's consumer, a queue source, a checkpointer. One duty cycle at a time runs, on
 * whichever thread claims it first (the service's thread in {@link Invoker#invoke()}, or a thread
 * of the engine's caller that waits for this work: a producer held back by a full ring, a close
 * waiting for a drain), so what it runs keeps a single writer; the claim orders one cycle's writes
 * before the next cycle's reads, whichever threads run them.
 *
 * <p>Internal, not API: public because work in other packages and modules is driven this way
 * (the checkpoint module's checkpointer); an embedder uses {@link Invoker}, never this class.
 *
 * <p>Thread safety: {@link #invoke()} from any thread; a thread that finds another one inside a
 * cycle does nothing; a cycle does not re-enter itself.
 */
public abstract class Invoked {
    private static final VarHandle DRIVER;

    static {
        try {
            DRIVER = MethodHandles.lookup().findVarHandle(Invoked.class, "driver", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // read and written through DRIVER
    private volatile Thread driver;

    /** Runs one duty cycle if no thread (this one included) is running one; returns the work it did. */
    public final int invoke() {
        Thread me = Thread.currentThread();
        if (!DRIVER.compareAndSet(this, null, me)) {
            return 0;
        }
        try {
            return dutyCycle();
        } finally {
            driver = null;
        }
    }

    /** True when called inside this work's duty cycle. */
    public final boolean inDutyCycle() {
        return driver == Thread.currentThread();
    }

    /**
     * Runs {@code action} while holding the claim, so no duty cycle runs meanwhile; false, and
     * nothing run, if another thread is inside a cycle.
     */
    protected final boolean whileClaimed(Runnable action) {
        Thread me = Thread.currentThread();
        if (driver == me) {
            action.run();
            return true;
        }
        if (!DRIVER.compareAndSet(this, null, me)) {
            return false;
        }
        try {
            action.run();
        } finally {
            driver = null;
        }
        return true;
    }

    /** One duty cycle; returns how much work it did (0: nothing to do). */
    protected abstract int dutyCycle();

    /** The invoker is closing: end this work, letting go of what it holds. */
    protected abstract void invokerClosed();
}
