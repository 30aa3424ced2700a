package io.streamz4j.checkpoint;

/**
 * What a {@link JournaledSource} does with an element a node throws on while the source delivers
 * it (on the emitting thread, or on the starting one during replay).
 *
 * <ul>
 *   <li>{@link #failFast()}: the exception reaches the caller of {@code emit} unchanged in type,
 *   with an {@link ElementFailedException} naming the journal index and the failing node added as
 *   suppressed; during replay {@code start()} throws that {@link ElementFailedException}, the
 *   original as its cause. The element stays in flight: the checkpoint never passes it and every
 *   start replays it again, until the cause is fixed or the policy changed.</li>
 *   <li>{@link #retryThenDeadLetter(int)}: the element is delivered again at once, up to
 *   {@code maxAttempts} deliveries in all, counted across restarts (the count is kept beside the
 *   checkpoint and forced to disk at each failure, so a process that dies mid-retry goes on
 *   counting). Then it moves to the source's dead-letter journal (see
 *   {@link JournaledSource#deadLetters()}), the checkpoint passes it and {@code emit} returns
 *   normally; the failure is logged once at ERROR and counted.</li>
 * </ul>
 *
 * <p>A retry delivers the element again from the source, to every branch: branches that had
 * already taken it, and stateful nodes upstream of the one that threw (an accumulate before a
 * failing map), see it once more per attempt, as after a crash. That is why the default,
 * {@link #deadLetter()}, makes a single attempt: a poison element (one that fails every time)
 * goes to the dead-letter journal at once, counted exactly once by the nodes it reached, and the
 * source keeps running, where failing fast would make it unable to start until someone steps
 * in. Raise {@code maxAttempts} where failures are transient (a sink's call to a service that
 * may be briefly down) and the nodes before it tolerate duplicates.
 *
 * <p>An element a node fails on off the emitting thread (behind a buffer, or on the event loop
 * emitting a window) cannot be delivered again there: under either retrying policy it is
 * dead-lettered at once, under fail fast it stays in flight (logged at ERROR).
 *
 * <p>A {@link VirtualMachineError} (out of memory, stack overflow) is never retried or
 * dead-lettered: it reaches the caller as under fail fast, as the element may not be at fault.
 *
 * <p>Thread safety: immutable.
 */
public final class FailurePolicy {
    private static final FailurePolicy FAIL_FAST = new FailurePolicy(0);
    private static final FailurePolicy DEAD_LETTER = new FailurePolicy(1);

    /** Deliveries before the element is dead-lettered; 0: fail fast. */
    private final int maxAttempts;

    private FailurePolicy(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** The exception reaches the emitter (or start()) and the element stays in flight. */
    public static FailurePolicy failFast() {
        return FAIL_FAST;
    }

    /** One attempt, then the dead-letter journal: the default. */
    public static FailurePolicy deadLetter() {
        return DEAD_LETTER;
    }

    /** Up to {@code maxAttempts} deliveries (at least 1), counted across restarts, then the dead-letter journal. */
    public static FailurePolicy retryThenDeadLetter(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("journaled source: parameter 'maxAttempts' of the failure policy"
                    + " must be at least 1, got " + maxAttempts);
        }
        return maxAttempts == 1 ? DEAD_LETTER : new FailurePolicy(maxAttempts);
    }

    boolean failsFast() {
        return maxAttempts == 0;
    }

    /** How many deliveries an element gets before it is dead-lettered (0 under fail fast). */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return failsFast() ? "fail fast" : "retry then dead-letter (" + maxAttempts + " attempts)";
    }
}
