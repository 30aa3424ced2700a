package io.streamz4j.bench;

import io.streamz4j.runtime.WaitStrategy;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * RxJava 3: {@code PublishSubject.observeOn(scheduler, false, 1024).subscribe(consumed)}, the
 * subject {@code toSerialized()} for several producers. The scheduler runs on one thread of its
 * own: a {@link SpinningExecutor} for busy-spin, a single-thread executor (which parks when idle)
 * for blocking. observeOn's queue is unbounded, so each producer waits for credit first (at most
 * 1024 in flight in all, as the ring sides hold).
 */
final class RxJavaHandOff extends HandOff {
    private final Subject<Integer> subject;
    private final Consumed consumed;
    private final Scheduler scheduler;
    /** Stops the scheduler's thread. */
    private final Runnable stopThread;

    RxJavaHandOff(WaitStrategy wait, boolean multiProducer, Consumed consumed) {
        this.consumed = consumed;
        switch (wait) {
            case BUSY_SPIN -> {
                SpinningExecutor spinning = new SpinningExecutor("rxjava");
                stopThread = spinning::close;
                scheduler = Schedulers.from(spinning);
            }
            case BLOCKING -> {
                ExecutorService blocking = Executors.newSingleThreadExecutor(r -> daemon(r, "bench-rxjava"));
                stopThread = () -> stop(blocking);
                scheduler = Schedulers.from(blocking);
            }
            default -> throw new IllegalArgumentException("benchmarked: BUSY_SPIN and BLOCKING, got " + wait);
        }
        PublishSubject<Integer> publish = PublishSubject.create();
        subject = multiProducer ? publish.toSerialized() : publish;
        subject.observeOn(scheduler, false, CAPACITY).subscribe(consumed::accept);
    }

    /** Shuts a single-thread executor down and waits for its thread to end. */
    static void stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void publish(Producer producer) {
        producer.awaitCredit(consumed);
        subject.onNext(producer.next());
    }

    @Override
    public void close() {
        subject.onComplete();
        scheduler.shutdown();
        stopThread.run();
    }
}
