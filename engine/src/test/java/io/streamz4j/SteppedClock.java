package io.streamz4j;

import io.streamz4j.runtime.Clock;
import io.streamz4j.runtime.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test clock that, unlike {@link ManualClock}, makes a thread that sleeps on it really wait, until
 * the test moves time on far enough: a node that holds its producer back (rate_limit) then holds
 * it back for as long as the test likes, and the test sees it held, without any real sleeping.
 *
 * <p>Thread safety: read, advanced and slept on from any thread.
 */
public final class SteppedClock implements Clock {
    private long now;
    /** When each thread sleeping on this clock is due to wake. */
    private final List<Long> wakeTimes = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Waits until the time has been advanced by {@code nanos} from now. */
    @Override
    public synchronized void sleepNanos(long nanos) {
        Long wakeAt = now + nanos;
        wakeTimes.add(wakeAt);
        try {
            while (now < wakeAt) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wakeTimes.remove(wakeAt);
        }
    }

    /** Moves the time on by {@code step}, waking the sleepers whose time has come. */
    public synchronized long advance(Duration step) {
        now += step.toNanos();
        notifyAll();
        return now;
    }

    /** How many threads sleep on this clock waiting for a time that has not come yet. */
    public synchronized int sleepers() {
        int waiting = 0;
        for (long wakeAt : wakeTimes) {
            if (wakeAt > now) {
                waiting++;
            }
        }
        return waiting;
    }
}
