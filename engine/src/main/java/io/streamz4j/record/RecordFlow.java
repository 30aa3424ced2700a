package io.streamz4j.record;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.record.value.WindowAggregateDecoder;

import java.util.function.Function;
import java.util.function.Predicate;

import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * Builds the handler a {@link RecordRing}'s consumer runs: a chain of record operators, each a
 * {@link RecordHandler} calling the next directly on the consumer thread, ended by a sink.
 *
 * <pre>{@code
 * RecordHandler<TickDecoder> signals = RecordFlow.from(TICK)
 *         .filter(tick -> tick.quantity() >= 100)
 *         .map(RecordLayout.DOUBLE_VALUE, (tick, out) -> out.timestamp(tick.exchangeTimestamp())
 *                 .value(tick.price() * tick.quantity()))
 *         .sink((notional, sequence, endOfBatch) -> orders.offer(notional.value()));
 * RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(TICK).handler(signals).build();
 * }</pre>
 *
 * <p>Every operator works on the lent record in place and allocates nothing per record: a filter
 * passes the same view on, a map writes into its own preallocated slot ({@link #map}) or the
 * next ring's claimed slot ({@link #into}), a keyed {@link #window} keeps primitive per-key state
 * and writes its aggregates into its own slot. {@link #toStream} leaves the record path for the
 * ordinary {@link Stream}.
 *
 * <p>Thread safety: a flow is built by one thread; each call returns a new flow and leaves this
 * one as it was, so a flow can be branched. The handler a terminal operation returns runs on one
 * thread, its ring's consumer thread; its operators hold no state between records beyond a map's
 * slot and a window's per-key state (each terminal operation makes its own).
 *
 * @param <S> the decoder of the records the flow starts from
 * @param <D> the decoder of the records at this point of the flow
 */
public final class RecordFlow<S, D> {
    /** Wraps the handler below this point into the chain that starts at the flow's source. */
    private final Function<RecordHandler<? super D>, RecordHandler<S>> chain;

    private RecordFlow(Function<RecordHandler<? super D>, RecordHandler<S>> chain) {
        this.chain = chain;
    }

    /** A flow starting from records of {@code layout} (only its decoder type is used). */
    public static <E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> RecordFlow<D, D> from(
            RecordLayout<E, D> layout) {
        Arguments.requireNonNull(layout, "RecordFlow", "layout");
        return new RecordFlow<D, D>(RecordFlow::widen);
    }

    /** Passes on only the records {@code predicate} accepts. */
    public RecordFlow<S, D> filter(Predicate<? super D> predicate) {
        Arguments.requireNonNull(predicate, "RecordFlow.filter", "predicate");
        return new RecordFlow<>(below -> chain.apply(new RecordFilter<D>(predicate, below)));
    }

    /**
     * Maps each record into a record of {@code layout}, written by {@code mapper} into this
     * step's own preallocated slot and lent to the steps below.
     */
    public <E2 extends MessageEncoderFlyweight, D2 extends MessageDecoderFlyweight> RecordFlow<S, D2> map(
            RecordLayout<E2, D2> layout, RecordMapper<? super D, ? super E2> mapper) {
        Arguments.requireNonNull(layout, "RecordFlow.map", "layout");
        Arguments.requireNonNull(mapper, "RecordFlow.map", "mapper");
        return new RecordFlow<>(below -> chain.apply(new RecordMap<D, E2, D2>(layout, mapper, below)));
    }

    /**
     * Aggregates each record into its key's window as {@code window} says (per key count, sum,
     * mean, min, max, weight sum and weighted mean over a sliding or tumbling count or time
     * window), written into this step's own preallocated {@link RecordLayout#WINDOW_AGGREGATE}
     * slot and lent to the steps below when the window emits (see {@link RecordWindow} for when).
     *
     * @throws IllegalArgumentException if {@code window} has no kind or no value
     */
    public RecordFlow<S, WindowAggregateDecoder> window(RecordWindow<? super D> window) {
        Arguments.requireNonNull(window, "RecordFlow.window", "window");
        window.validate();
        return new RecordFlow<>(below -> chain.apply(window.operator(below)));
    }

    /** Ends the flow in {@code sink}, which is lent each record for the call. Returns the ring's handler. */
    public RecordHandler<S> sink(RecordHandler<? super D> sink) {
        Arguments.requireNonNull(sink, "RecordFlow.sink", "sink");
        return chain.apply(sink);
    }

    /**
     * Ends the flow in the next ring: each record is mapped by {@code mapper} straight into a slot
     * claimed on {@code next} and published there, crossing to that ring's consumer thread. This
     * flow's thread becomes {@code next}'s producer. Returns the handler for this flow's ring.
     */
    public <E2 extends MessageEncoderFlyweight> RecordHandler<S> into(
            RecordRing<E2, ? extends MessageDecoderFlyweight> next, RecordMapper<? super D, ? super E2> mapper) {
        Arguments.requireNonNull(next, "RecordFlow.into", "next");
        Arguments.requireNonNull(mapper, "RecordFlow.into", "mapper");
        return chain.apply(new RecordPublish<D, E2>(next, mapper));
    }

    /**
     * Ends the flow in an ordinary object stream: each record becomes {@code copy}'s result (an
     * object the function makes from the lent record's fields) and is emitted into {@code target}
     * on this flow's thread. Returns the handler for this flow's ring.
     */
    public <T> RecordHandler<S> toStream(Function<? super D, ? extends T> copy, Stream<T> target) {
        Arguments.requireNonNull(copy, "RecordFlow.toStream", "copy");
        Arguments.requireNonNull(target, "RecordFlow.toStream", "target");
        return chain.apply(new RecordToStream<D, T>(copy, target));
    }

    /** A handler of a supertype handles the subtype's records as they are: no wrapper needed. */
    @SuppressWarnings("unchecked")
    private static <D> RecordHandler<D> widen(RecordHandler<? super D> handler) {
        return (RecordHandler<D>) handler;
    }
}
