package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.runtime.internal.Failures;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out a journaled source's {@link FailurePolicy} for an element a node threw on, and its
 * {@link DamagedEntryPolicy} for a damaged entry met during replay, and counts both. Everything
 * here runs only after something failed: the happy path never calls it.
 *
 * <p>A node may also fail on an element on a thread the engine runs (a buffer's consumer, the
 * event loop), where nobody called {@code emit}: {@link #failedElsewhere} hears of it through the
 * element's counter. Nobody is there to deliver it again, so it is dead-lettered at once (under
 * fail fast it stays in flight, logged), with its bytes read back from the journal.
 *
 * <p>Thread safety: {@link #failed} and {@link #damaged} are called by the thread delivering
 * elements (the emitter, or the starter during replay), {@link #failedElsewhere} by the thread
 * where a node failed; whichever retires the element's counter first handles it. The counts are
 * atomic and read from any thread without a lock.
 *
 * @param <T> the element type
 */
final class ElementFailures<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ElementFailures.class);

    /** Delivers the element once more, with the slot's current counter; throws what a node throws. */
    @FunctionalInterface
    interface Delivery {
        void deliver();
    }

    private final Object source;
    private final Journal<T> journal;
    private final Codec<T> codec;
    private final FailurePolicy policy;
    private final DamagedEntryPolicy damagedPolicy;
    private final AttemptsFile attempts;
    private final DeadLetterJournal<T> deadLetters;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();

    ElementFailures(Object source, Journal<T> journal, Codec<T> codec, FailurePolicy policy,
            DamagedEntryPolicy damagedPolicy, AttemptsFile attempts, DeadLetterJournal<T> deadLetters) {
        this.source = source;
        this.journal = journal;
        this.codec = codec;
        this.policy = policy;
        this.damagedPolicy = damagedPolicy;
        this.attempts = attempts;
        this.deadLetters = deadLetters;
    }

    /**
     * A node threw {@code error} while {@code slot}'s element {@code x} was delivered. Under fail
     * fast, or for a {@link VirtualMachineError}, rethrows it (named, see {@link FailurePolicy});
     * otherwise retries through {@code retry} as the policy allows and returns once the element
     * was delivered or dead-lettered, its slot completed either way.
     */
    void failed(InFlight slot, T x, Throwable error, boolean replaying, Delivery retry) {
        long index = slot.index();
        Throwable last = error;
        int attempt = policy.failsFast() ? 0 : attempts.failedBefore(index) + 1;
        while (true) {
            failed.incrementAndGet();
            if (policy.failsFast() || last instanceof VirtualMachineError) {
                throw failFast(index, last, replaying);
            }
            if (attempt >= policy.maxAttempts()) {
                deadLetter(slot, x, last, attempt);
                Failures.recovered(error); // emit returns normally, so emitAsync's future must not fail
                return;
            }
            attempts.record(index, attempt);
            LOG.debug("{}: {} failed (attempt {} of {}); delivering it again", source, journal.describe(index),
                    attempt, policy.maxAttempts(), last);
            // What the failed attempt left retained stays on the counter retired here, so a
            // delivery that now succeeds completes the element once it has left every node.
            if (!slot.retire()) {
                return; // a failure on another thread dead-lettered it meanwhile
            }
            slot.ref().retain();
            try {
                retry.deliver();
                attempts.clear();
                Failures.recovered(error);
                return;
            } catch (RuntimeException | Error next) {
                last = next;
                attempt++;
            }
        }
    }

    /** The failure, named, as fail fast throws it (see {@link FailurePolicy#failFast()}). */
    private RuntimeException failFast(long index, Throwable error, boolean replaying) {
        String node = nodeOf(error);
        ElementFailedException named = new ElementFailedException(source + ": " + journal.describe(index)
                + " failed in node " + node + " (" + error + "); the failure policy is fail fast, so it stays in"
                + " flight and is replayed at the next start", index, node, error);
        if (replaying) {
            return named;
        }
        if (!namedAlready(error, index)) { // a node that throws one shared instance must not grow it per emit
            error.addSuppressed(named);
        }
        return sneaky(error);
    }

    private static boolean namedAlready(Throwable error, long index) {
        for (Throwable suppressed : error.getSuppressed()) {
            if (suppressed instanceof ElementFailedException named && named.index() == index) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable error) throws E {
        throw (E) error; // RuntimeException or Error: what a node threw, rethrown unchanged
    }

    /**
     * Moves the element to the dead-letter journal (synced), then completes its slot, so the
     * checkpoint passes it only once the letter is on disk.
     */
    private void deadLetter(InFlight slot, T x, Throwable error, int attempt) {
        long index = slot.index();
        String node = nodeOf(error);
        // Counts the element's nodes still hold (a buffer on another branch) are released later
        // onto the retired counter, where they can no longer touch the slot's next element.
        if (!slot.retire()) {
            return; // a failure on another thread dead-lettered it meanwhile
        }
        long letter = deadLetters.append(index, DeadLetter.Kind.FAILED, error, node, attempt, encode(x));
        slot.complete();
        attempts.clear();
        deadLettered.incrementAndGet();
        LOG.error("{}: {} failed {} time{} (last in node {}: {}); moved to {}, and the checkpoint passes it",
                source, journal.describe(index), attempt, attempt == 1 ? "" : "s", node, error,
                deadLetters.describe(letter));
    }

    /**
     * A damaged entry at {@code index} met during replay, {@code raw} its bytes as found, and
     * {@code refusal} why its reader refused it when its hash was intact (null: a checksum
     * mismatch): stops the start or dead-letters the entry (with the refusal as its failure), as
     * the policy says. Returns when it was dead-lettered.
     */
    void damaged(long index, byte[] raw, RefusedEntryException refusal) {
        damaged.incrementAndGet();
        String what = refusal == null ? "is damaged (checksum mismatch or cut short)"
                : "is refused (" + refusal.getMessage() + ")";
        if (damagedPolicy == DamagedEntryPolicy.STOP) {
            throw new JournalException(source + ": " + journal.describe(index) + " " + what + " inside the range"
                    + " to replay; the damaged-entry policy is stop, so the source does not start. Its " + raw.length
                    + " bytes stay in the journal; start with DamagedEntryPolicy.DEAD_LETTER to move them to "
                    + deadLetters.dir() + " and go on");
        }
        long letter = deadLetters.append(index, DeadLetter.Kind.DAMAGED, refusal, null, 0, raw);
        deadLettered.incrementAndGet();
        LOG.error("{}: {} {}; its bytes moved to {}, and the replay goes on", source, journal.describe(index), what,
                deadLetters.describe(letter));
    }

    /**
     * {@code node} (null: none credited) failed with {@code error} on {@code slot}'s element on a
     * thread the engine runs, {@code counter} the element's counter there. Under fail fast the
     * element stays in flight; otherwise, unless the emitter handled it first, it is dead-lettered
     * (its bytes read back from the journal) and completed. Never throws: this thread goes on.
     */
    void failedElsewhere(InFlight slot, InFlight.Counter counter, Stream<?> node, Throwable error) {
        long index = slot.index();
        String where = Thread.currentThread().getName();
        String name = node != null ? node.toString() : "(no node reported it)";
        failed.incrementAndGet();
        if (policy.failsFast() || error instanceof VirtualMachineError) {
            LOG.error("{}: {} failed in node {} on thread {} ({}); the failure policy is fail fast, so it stays in"
                    + " flight, holding the checkpoint below it, and is replayed at the next start", source,
                    journal.describe(index), name, where, error.toString());
            return;
        }
        if (!counter.retire()) {
            return; // handled already: delivered again or dead-lettered by whoever retired it
        }
        try {
            long letter = deadLetters.append(index, DeadLetter.Kind.FAILED, error, name, 1, entryBytes(index));
            slot.complete();
            deadLettered.incrementAndGet();
            LOG.error("{}: {} failed in node {} on thread {} ({}), where it cannot be delivered again; moved to {},"
                    + " and the checkpoint passes it", source, journal.describe(index), name, where, error.toString(),
                    deadLetters.describe(letter));
        } catch (RuntimeException e) {
            LOG.error("{}: {} failed in node {} on thread {} and could not be dead-lettered ({}); it stays in"
                    + " flight and is replayed at the next start", source, journal.describe(index), name, where,
                    e.toString(), error);
        }
    }

    /** The codec's bytes of the journal entry at {@code index} (its hash left off), read back on this thread. */
    private byte[] entryBytes(long index) {
        try (ExcerptTailer tailer = journal.queue().createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new JournalException(journal.describe(index) + " is no longer in the journal");
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                bytes.readLimit(Math.max(bytes.readPosition(), bytes.readLimit() - Integer.BYTES));
                return bytes.toByteArray();
            }
        }
    }

    private byte[] encode(T x) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap();
        try {
            codec.write(x, bytes);
            return bytes.toByteArray();
        } finally {
            bytes.releaseLast();
        }
    }

    /** The node that reported {@code error}, as it prints. */
    private static String nodeOf(Throwable error) {
        Stream<?> node = Failures.reporter(error);
        return node != null ? node.toString() : "(no node reported it)";
    }

    long failed() {
        return failed.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    long damaged() {
        return damaged.get();
    }
}
