package io.streamz4j.bench.vwap;

import io.streamz4j.bench.SpinningExecutor;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.PublishSubject;

import java.util.concurrent.locks.LockSupport;

/**
 * RxJava 3: a new {@link Tick} per event into a {@code PublishSubject}, across
 * {@code observeOn(scheduler, false, 1024)} to one busy-spinning thread ({@link SpinningExecutor}),
 * then {@code doAfterNext(count).map(vwap::update).filter(signal).subscribe(record)}. observeOn's
 * queue is unbounded, so the producer waits for credit (at most 1024 in flight, as the rings hold),
 * parking as a full Disruptor ring's producer does.
 */
final class RxJavaVwap extends VwapSide {
    private final PublishSubject<Tick> subject = PublishSubject.create();
    private final SpinningExecutor executor = new SpinningExecutor("vwap-rxjava");
    private final Scheduler scheduler = Schedulers.from(executor);
    private long published;
    private long handledSeen;

    RxJavaVwap(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        super(ticks, windowNanos, thresholdBps, sink);
        ObjectVwap vwap = new ObjectVwap(windowNanos);
        subject.observeOn(scheduler, false, CAPACITY)
                .doAfterNext(tick -> sink.handled())
                .map(vwap::update)
                .filter(tick -> Signal.deviates(tick.getPrice(), tick.vwap(), thresholdBps))
                .subscribe(tick -> sink.signal(tick.getTimestamp(), tick.vwap()));
    }

    @Override
    public void publish(long seq) {
        if (published - handledSeen >= CAPACITY) {
            while (published - (handledSeen = sink.count()) >= CAPACITY) {
                LockSupport.parkNanos(1L);
            }
        }
        published++;
        subject.onNext(Tick.of(ticks, seq));
    }

    @Override
    public void close() {
        while (sink.count() < published) {
            Thread.onSpinWait();
        }
        subject.onComplete();
        scheduler.shutdown();
        executor.close();
    }
}
