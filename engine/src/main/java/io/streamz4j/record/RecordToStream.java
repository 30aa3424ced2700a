package io.streamz4j.record;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.function.Function;

/**
 * Where the record path meets the object path: each record is turned by the user's function into
 * an object it owns (a decoded copy: the record itself is lent for the call only) and emitted into
 * an ordinary {@link Stream}, so the rest of streamz's operators apply. The function allocates
 * what it returns; everything above this node allocates nothing.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which is
 * then the target stream's emitting thread: nothing else may emit into that stream at the same
 * time. Holds nothing.
 *
 * @param <D> the record's decoder
 * @param <T> the objects the stream carries
 */
final class RecordToStream<D, T> implements RecordHandler<D> {
    private final Function<? super D, ? extends T> copy;
    private final Stream<T> target;

    RecordToStream(Function<? super D, ? extends T> copy, Stream<T> target) {
        this.copy = Arguments.requireNonNull(copy, "RecordToStream", "copy");
        this.target = Arguments.requireNonNull(target, "RecordToStream", "target");
    }

    @Override
    public void onRecord(D record, long sequence, boolean endOfBatch) {
        target.emit(copy.apply(record));
    }
}
