package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * {@link RecordWindow#slidingCount(int)}: on every record, the aggregate of its key's last
 * {@code n} records (fewer while the key has had fewer), written into this operator's own slot and
 * lent to the step below. windowStart and windowEnd are the key's record ordinals
 * {@code [max(0, c - n), c)}.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains, per key, the values and weights of its last {@code n} records
 * (in a {@link SlidingAggregate}) for the life of the flow.
 *
 * @param <D> the record's decoder
 */
final class RecordSlidingCountWindow<D> extends KeyedWindowOperator<D, SlidingAggregate> {
    RecordSlidingCountWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        super(window, downstream);
    }

    @Override
    SlidingAggregate newWindow(long time) {
        return new SlidingAggregate(selection);
    }

    @Override
    boolean accept(SlidingAggregate window, long key, long time, double value, double weight,
            WindowAggregateEncoder out) {
        if (window.size() == length) {
            window.removeOldest();
        }
        window.add(0, value, weight);
        out.key(key).windowStart(window.firstOrdinal()).windowEnd(window.nextOrdinal()).late(0);
        window.write(out);
        return true;
    }
}
