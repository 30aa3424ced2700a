package io.streamz4j.frame.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A built-in aggregation state that writes itself for {@link StateBytes} (kind {@code 'S'}), so
 * that states kept outside this package (an ewm's weighted means) are checkpointed without a user
 * codec and without {@code agg} knowing their classes.
 *
 * <p>Thread safety: called on the thread that owns the state, between frames.
 *
 * @param <S> the state's own type
 */
public interface SelfWritingState<S extends SelfWritingState<S>> {
    /** A name for the state's form, stored ahead of it and checked on reading ({@code "ewm-mean"}). */
    String formName();

    void writeTo(DataOutput out) throws IOException;

    /**
     * A new state shaped like this one (the restoring node's) holding what {@link #writeTo} wrote;
     * an IllegalArgumentException says what does not fit.
     */
    S readLike(DataInput in) throws IOException;
}
