package io.streamz4j.checkpoint;

import io.streamz4j.runtime.Invoked;
import io.streamz4j.runtime.Invoker;
import io.streamz4j.runtime.Threads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What stores a journaled source's checkpoints every interval: a single-thread scheduler whose
 * thread the pipeline's {@link Threads} makes ({@code streamz4j-<name>-checkpoint}), or, in invoker
 * mode, no thread: the invoker's duty cycles store a checkpoint once an interval has passed since
 * the last one ended, read on {@link System#nanoTime()}.
 *
 * <p>Thread safety: {@link #stop} from any thread, once; the task runs on the checkpoint thread or
 * an invoking thread, one run at a time.
 */
abstract class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /**
     * Runs {@code checkpoint} every {@code interval} for {@code source}; a run that fails is logged,
     * naming the source, and the next interval tries again.
     */
    static Checkpointer start(Object source, Threads threads, String threadName, Duration interval,
            Runnable checkpoint) {
        Runnable task = () -> {
            try {
                checkpoint.run();
            } catch (RuntimeException e) {
                LOG.error("{}: storing a checkpoint failed; will retry at the next interval", source, e);
            }
        };
        long nanos = interval.toNanos();
        Invoker invoker = threads.invoker();
        if (invoker != null) {
            Cycles cycles = new Cycles(invoker, nanos, task);
            invoker.add(cycles);
            return new Checkpointer() {
                @Override
                void stop(Duration timeout) {
                    cycles.end(timeout);
                }
            };
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                work -> threads.newThread(threadName, work));
        thread.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
        return new Checkpointer() {
            @Override
            void stop(Duration timeout) {
                thread.shutdown();
                try {
                    if (!thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                        thread.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    thread.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Ends the schedule, letting a checkpoint under way finish for up to {@code timeout}. */
    abstract void stop(Duration timeout);

    /** The invoker-mode schedule: a checkpoint in the first duty cycle an interval after the last. */
    private static final class Cycles extends Invoked {
        private final Invoker invoker;
        private final long intervalNanos;
        private final Runnable task;
        private long due;
        private volatile boolean ended;

        Cycles(Invoker invoker, long intervalNanos, Runnable task) {
            this.invoker = invoker;
            this.intervalNanos = intervalNanos;
            this.task = task;
            this.due = System.nanoTime() + intervalNanos;
        }

        @Override
        protected int dutyCycle() {
            if (ended || System.nanoTime() - due < 0) {
                return 0;
            }
            task.run();
            due = System.nanoTime() + intervalNanos;
            return 1;
        }

        /** Leaves the invoker, waiting (up to {@code timeout}) for a checkpoint under way on another thread. */
        void end(Duration timeout) {
            ended = true;
            invoker.remove(this);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!whileClaimed(() -> { }) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }

        @Override
        protected void invokerClosed() {
            ended = true;
        }
    }
}
