package io.streamz4j.bench;

import io.streamz4j.runtime.WaitStrategy;

import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reactor 3: {@code Sinks.many().multicast().onBackpressureBuffer(1024)} into
 * {@code publishOn(scheduler, 1024).subscribe(consumed)}. onBackpressureBuffer, not directBestEffort:
 * publishOn asks for 1024 and replenishes as its thread drains, so a direct sink would drop what
 * arrives while its demand is used up; the buffer keeps it. One producer emits into
 * {@code Sinks.unsafe()} (a buffer(n) has one producer too, and no guard against others); several
 * emit into the serialized {@code Sinks.many()}, retrying while another thread is emitting. The
 * scheduler runs on one thread of its own: a {@link SpinningExecutor} for busy-spin, a
 * single-thread executor (which parks when idle) for blocking. Each producer waits for credit
 * first, so at most 1024 are in flight in all, as the ring sides hold.
 */
final class ReactorHandOff extends HandOff {
    private static final Sinks.EmitFailureHandler RETRY = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(10));

    private final Sinks.Many<Integer> sink;
    private final boolean multiProducer;
    private final Consumed consumed;
    private final Scheduler scheduler;
    /** Stops the scheduler's thread. */
    private final Runnable stopThread;

    ReactorHandOff(WaitStrategy wait, boolean multiProducer, Consumed consumed) {
        this.consumed = consumed;
        this.multiProducer = multiProducer;
        switch (wait) {
            case BUSY_SPIN -> {
                SpinningExecutor spinning = new SpinningExecutor("reactor");
                stopThread = spinning::close;
                scheduler = Schedulers.fromExecutor(spinning);
            }
            case BLOCKING -> {
                ExecutorService blocking = Executors.newSingleThreadExecutor(r -> RxJavaHandOff.daemon(r, "bench-reactor"));
                stopThread = () -> RxJavaHandOff.stop(blocking);
                scheduler = Schedulers.fromExecutorService(blocking);
            }
            default -> throw new IllegalArgumentException("benchmarked: BUSY_SPIN and BLOCKING, got " + wait);
        }
        sink = multiProducer
                ? Sinks.many().multicast().onBackpressureBuffer(CAPACITY, false)
                : Sinks.unsafe().many().multicast().onBackpressureBuffer(CAPACITY, false);
        sink.asFlux().publishOn(scheduler, CAPACITY).subscribe(consumed::accept);
    }

    @Override
    public void publish(Producer producer) {
        producer.awaitCredit(consumed);
        if (multiProducer) {
            sink.emitNext(producer.next(), RETRY);
        } else {
            Sinks.EmitResult result = sink.tryEmitNext(producer.next());
            if (result != Sinks.EmitResult.OK) {
                throw new IllegalStateException("reactor sink refused an element: " + result);
            }
        }
    }

    @Override
    public void close() {
        sink.tryEmitComplete();
        scheduler.dispose();
        stopThread.run();
    }
}
