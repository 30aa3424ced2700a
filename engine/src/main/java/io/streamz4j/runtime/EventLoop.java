package io.streamz4j.runtime;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.internal.Delivery;
import io.streamz4j.runtime.internal.Failures;
import io.streamz4j.runtime.internal.Receiver;
import io.streamz4j.runtime.internal.Slot;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's event loop: one thread that runs its time-based nodes (delay, timed_window,
 * partition with a timeout, polling sources). Elements reach it from other threads through a
 * multi-producer Disruptor ring of preallocated slots; timers live in an Agrona
 * {@link DeadlineTimerWheel} read against the loop's injected {@link Clock}. The thread runs while
 * at least one node uses the loop and ends when the last one lets go, so a JVM whose pipelines are
 * destroyed keeps no loop thread.
 *
 * <p>The thread comes from the loop's {@link Threads}: a thread factory's, named
 * {@code streamz4j-loop-<name>}; or none, in invoker mode, where the service's calls to
 * {@link Invoker#invoke()} run the loop's duty cycles while it has users (see {@link Invoker}), and
 * "the loop thread" below means whichever thread is inside a duty cycle.
 *
 * <p>Thread safety: {@link #post} and {@link #execute} may be called from any thread; they block
 * while the inbox is full, which holds a producer back. {@link #schedule} and {@link #cancel} run
 * on the loop thread only, as does everything the loop calls. A failure on the loop goes to the
 * error handler of the node that failed, once, and does not stop the loop (see {@link Delivery}).
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final AtomicInteger UNNAMED = new AtomicInteger();
    private static final int INBOX_SIZE = 4096;
    /** About a millisecond: timers fire within one tick of their deadline. */
    private static final long TICK_NANOS = 1L << 20;
    private static final int TICKS_PER_WHEEL = 1024;
    private static final int TIMERS_PER_CYCLE = 1024;
    private static final int MAX_TICKS_PER_CYCLE = 1 << 16;

    private final String name;
    private final Clock clock;
    private final WaitStrategy waitStrategy;
    private final Threads threads;
    /** The duty cycles an invoker runs, in invoker mode; null when the loop has a thread. */
    private final InvokedLoop invoked;
    private final RingBuffer<Slot> inbox;
    private final EventPoller<Slot> poller;
    private final DeadlineTimerWheel timers;
    private final Long2ObjectHashMap<Runnable> timerActions = new Long2ObjectHashMap<>();
    private final EventPoller.Handler<Slot> onSlot = this::onSlot;
    private final DeadlineTimerWheel.TimerHandler onTimer = this::onTimer;

    private volatile Thread thread;
    private volatile boolean stopRequested;
    /** Set by {@link #close()} until a node acquires the loop again: elements posted meanwhile would never run. */
    private volatile boolean closed;
    private AgentRunner runner;
    /** In invoker mode, whether the loop is registered with the invoker (it has users). */
    private volatile boolean registered;
    private int users;
    private final LoopAgent agent = new LoopAgent();

    private EventLoop(String name, Clock clock, WaitStrategy waitStrategy, Threads threads) {
        this.name = name;
        this.clock = clock;
        this.waitStrategy = waitStrategy;
        this.threads = threads;
        this.invoked = threads.invoker() != null ? new InvokedLoop() : null;
        this.inbox = RingBuffer.createMultiProducer(Slot::new, INBOX_SIZE, waitStrategy.forRing());
        this.poller = inbox.newPoller();
        inbox.addGatingSequences(poller.getSequence());
        this.timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanoTime(), TICK_NANOS, TICKS_PER_WHEEL);
    }

    /**
     * A loop on the system clock that parks when idle, with the process's default {@link Threads};
     * its thread is named after {@code name}.
     */
    public static EventLoop create(String name) {
        return create(name, Clock.system(), WaitStrategy.BLOCKING, null);
    }

    /** A loop reading {@code clock} and idling with {@code waitStrategy}, with the process's default {@link Threads}. */
    public static EventLoop create(String name, Clock clock, WaitStrategy waitStrategy) {
        return create(name, clock, waitStrategy, null);
    }

    /**
     * A loop reading {@code clock} and idling with {@code waitStrategy}, whose thread comes from
     * {@code threads} (null: the process's default), or which an invoker drives. Time-based nodes
     * and polling sources built below a stream made on this loop use these threads too.
     */
    public static EventLoop create(String name, Clock clock, WaitStrategy waitStrategy, Threads threads) {
        if (clock == null) {
            throw new IllegalArgumentException("EventLoop: parameter 'clock' must not be null");
        }
        if (waitStrategy == null) {
            throw new IllegalArgumentException("EventLoop: parameter 'waitStrategy' must not be null");
        }
        String loopName = name == null ? "loop-" + UNNAMED.incrementAndGet() : name;
        return new EventLoop(loopName, clock, waitStrategy, Threads.orDefault(threads));
    }

    /** Where this loop's thread comes from, and the pipelines built on it take theirs. */
    public Threads threads() {
        return threads;
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    /** True when called on this loop's thread: a node may then act at once instead of posting. */
    public boolean inLoopThread() {
        return Thread.currentThread() == thread || invoked != null && invoked.inDutyCycle();
    }

    /** True while the loop's thread runs; in invoker mode, while the invoker drives the loop. */
    public boolean isRunning() {
        if (invoked != null) {
            return registered;
        }
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * For a thread that waits for the loop to do something: in invoker mode, runs one duty cycle
     * here if no other thread is in one, and returns the work done; 0 in thread mode, where the
     * loop's own thread does the work.
     */
    public int helpWhileWaiting() {
        return invoked != null && registered ? invoked.invoke() : 0;
    }

    /**
     * Hands an element to {@code receiver} on the loop thread. The element's references are
     * retained until the receiver has returned. Fails with an IllegalStateException once the loop
     * has been closed, rather than queue an element nothing will run. Internal: the engine's hook
     * for its own loop nodes ({@link Receiver} is in {@code runtime.internal}), not API.
     */
    public void post(Receiver receiver, Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (closed) {
            throw new IllegalStateException(this + " is closed: the element for " + receiver + " was not accepted");
        }
        long sequence = claim();
        if (sequence < 0) {
            // The loop posting to itself with a full inbox: only it could make room, so act now.
            receiver.receive(x, who, metadata);
            return;
        }
        Metadata.retain(metadata, 1);
        Slot slot = inbox.get(sequence);
        slot.receiver = receiver;
        slot.value = x;
        slot.who = who;
        slot.metadata = metadata;
        inbox.publish(sequence);
    }

    /** Runs {@code task} on the loop thread, after what was posted before it. */
    public void execute(Runnable task) {
        long sequence = claim();
        if (sequence < 0) {
            task.run();
            return;
        }
        inbox.get(sequence).task = task;
        inbox.publish(sequence);
    }

    /**
     * A slot of the inbox, waiting for room; -1 on the loop thread when the inbox is full, since
     * waiting there would wait for the loop itself.
     */
    private long claim() {
        boolean inLoop = inLoopThread();
        if (!inLoop && invoked == null) {
            return inbox.next();
        }
        while (true) {
            try {
                return inbox.tryNext();
            } catch (com.lmax.disruptor.InsufficientCapacityException full) {
                if (inLoop) {
                    return -1;
                }
                // invoker mode: the waiting thread makes room itself when nobody else is driving
                if (helpWhileWaiting() == 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Runs {@code action} on the loop thread once the clock reaches {@code deadlineNanos}; loop thread only. */
    public long schedule(long deadlineNanos, Runnable action) {
        long id = timers.scheduleTimer(Math.max(deadlineNanos, timers.startTime()));
        timerActions.put(id, action);
        return id;
    }

    /** Cancels a timer from {@link #schedule} that has not fired; loop thread only. */
    public void cancel(long timerId) {
        if (timerActions.remove(timerId) != null) {
            timers.cancelTimer(timerId);
        }
    }

    /** Registers a node that needs the loop, starting its thread if it is not running. */
    public synchronized void acquire() {
        users++;
        closed = false;
        if (stopRequested) {
            // The loop thread was about to end itself; it goes on instead.
            stopRequested = false;
        }
        if (runner == null && !registered) {
            start();
        }
    }

    /** Lets go of the loop; the thread ends when no node uses it any more. */
    public synchronized void release() {
        if (users > 0 && --users == 0) {
            stop();
        }
    }

    /** Ends the loop's thread now, whoever still uses it; a later {@link #acquire} starts a new one. */
    @Override
    public synchronized void close() {
        closed = true;
        users = 0;
        stop();
    }

    private void start() {
        if (invoked != null) {
            threads.invoker().add(invoked);
            registered = true;
            return;
        }
        Thread ending = thread;
        if (ending != null && ending != Thread.currentThread()) {
            // A thread that ended itself may still be clearing up: never run two on one inbox.
            try {
                ending.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(this + ": interrupted while the previous loop thread ended", e);
            }
        }
        runner = new AgentRunner(waitStrategy.forLoop(), this::onError, null, agent);
        Thread t = threads.newThread(agent.roleName(), runner);
        thread = t;
        t.start();
    }

    private void stop() {
        if (invoked != null) {
            // ends now unless another thread is inside a duty cycle; that one ends it at its next
            stopRequested = true;
            if (!inLoopThread()) {
                invoked.endIfRequested();
            }
            return;
        }
        AgentRunner stopping = runner;
        if (stopping == null) {
            return;
        }
        if (inLoopThread()) {
            // A node on the loop let go of it: the next duty cycle ends the thread, unless a node
            // acquires the loop first.
            stopRequested = true;
        } else {
            runner = null;
            stopping.close();
        }
    }

    /** On the loop thread: true if the loop must end now, in which case it no longer counts as running. */
    private synchronized boolean endingItself() {
        if (!stopRequested) {
            return false;
        }
        stopRequested = false;
        runner = null;
        if (registered) {
            registered = false;
            threads.invoker().remove(invoked);
        }
        return true;
    }

    private boolean onSlot(Slot slot, long sequence, boolean endOfBatch) {
        Runnable task = slot.task;
        Receiver receiver = slot.receiver;
        Object value = slot.value;
        Stream<?> who = slot.who;
        List<Map<String, Object>> metadata = slot.metadata;
        slot.clear();
        if (task == null) {
            Delivery.deliver(name, receiver, value, who, metadata, null);
            return true;
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            Failures.caught(name, task, null, e);
        }
        return true;
    }

    private boolean onTimer(TimeUnit unit, long now, long timerId) {
        Runnable action = timerActions.remove(timerId);
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                Failures.caught(name, action, null, e);
            }
        }
        return true;
    }

    private void onError(Throwable error) {
        if (error instanceof AgentTerminationException) {
            return; // the loop ending itself after its last user let go
        }
        LOG.error("event loop {}: {}", name, error.toString(), error);
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }

    /** The loop's duty cycles as an invoker runs them, on the threads that call it. */
    private final class InvokedLoop extends Invoked {
        @Override
        protected int dutyCycle() {
            if (stopRequested && endingItself()) {
                agent.onClose();
                return 1;
            }
            try {
                return agent.work();
            } catch (Exception e) {
                onError(e);
                return 1;
            }
        }

        /** Ends the loop now if no other thread is inside a duty cycle. */
        void endIfRequested() {
            whileClaimed(() -> {
                if (stopRequested && endingItself()) {
                    agent.onClose();
                }
            });
        }

        @Override
        protected void invokerClosed() {
            close();
        }
    }

    /** The loop's duty cycle: what was posted, then the timers that are due. */
    private final class LoopAgent implements Agent {
        @Override
        public int doWork() throws Exception {
            if (stopRequested && endingItself()) {
                throw new AgentTerminationException();
            }
            return work();
        }

        int work() throws Exception {
            int work = 0;
            if (poller.poll(onSlot) == EventPoller.PollState.PROCESSING) {
                work++;
            }
            return work + pollTimers();
        }

        /**
         * Fires every timer that is due. The wheel moves one tick per poll while timers are
         * pending, so after the clock jumps (a manual clock, a descheduled thread) this keeps
         * polling until the wheel has caught up, instead of idling between ticks.
         */
        private int pollTimers() {
            long now = clock.nanoTime();
            int work = 0;
            for (int ticks = 0; ticks < MAX_TICKS_PER_CYCLE; ticks++) {
                long tickBefore = timers.currentTickTime();
                work += timers.poll(now, onTimer, TIMERS_PER_CYCLE);
                if (timers.currentTickTime() == tickBefore) {
                    break;
                }
                work++;
            }
            return work;
        }

        /**
         * The thread is ending because no node uses the loop any more: what is still queued or
         * timed belongs to nodes that let go of it, and must not run when a later node restarts
         * the loop. Queued elements' references are released.
         */
        @Override
        public void onClose() {
            try {
                poller.poll((slot, sequence, endOfBatch) -> {
                    Metadata.release(slot.metadata, 1);
                    slot.clear();
                    return true;
                });
            } catch (Exception e) {
                onError(e);
            }
            timers.clear();
            timerActions.clear();
        }

        @Override
        public String roleName() {
            return "streamz4j-loop-" + name;
        }
    }
}
