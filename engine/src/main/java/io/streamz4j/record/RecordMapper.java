package io.streamz4j.record;

/**
 * Writes an output record from an input record: the user function of a record map. It reads the
 * input through its decoder and writes the output's fields through the encoder, which is wrapped
 * over a slot that still holds an earlier record's bytes (as a Disruptor event does), so it
 * writes every field the output's readers use.
 *
 * <p>Thread safety: called on the thread that runs the map (a ring's consumer thread); both
 * records are lent for the call only.
 *
 * @param <I> the input record's decoder
 * @param <O> the output record's encoder
 */
@FunctionalInterface
public interface RecordMapper<I, O> {
    /** Writes {@code out} from {@code in}. */
    void map(I in, O out);
}
