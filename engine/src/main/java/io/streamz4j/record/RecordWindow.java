package io.streamz4j.record;

import io.streamz4j.Arguments;
import io.streamz4j.record.value.WindowAggregateDecoder;

import java.time.Duration;
import java.util.EnumSet;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * What {@link RecordFlow#window} computes: per key, an incremental aggregate of a value (count,
 * sum, mean, min, max, the sum of a weight and the weighted mean, e.g. the VWAP
 * {@code sum(price * quantity) / sum(quantity)}) over a count or time window, sliding or
 * tumbling, emitted as a {@link RecordLayout#WINDOW_AGGREGATE} record.
 *
 * <pre>{@code
 * RecordWindow<TickDecoder> vwap = RecordWindow
 *         .keyedBy(TICK, RecordKeys.ascii(TickDecoder.symbolEncodingOffset(), TickDecoder.symbolLength()))
 *         .slidingTime(Duration.ofSeconds(1), TickDecoder::exchangeTimestamp)
 *         .value(TickDecoder::price)
 *         .weight(TickDecoder::quantity);
 * }</pre>
 *
 * <p>The four kinds, each per key (a key's records never meet another key's), each window
 * reported by its bounds, windowStart and windowEnd:
 * <ul>
 * <li>{@link #slidingCount(int) slidingCount(n)} emits on every record the aggregate of the key's
 *     last {@code n} records, fewer while the key has had fewer (partial windows included, as
 *     streamz's {@code sliding_window(n, return_partial=True)}). windowStart and windowEnd are the
 *     key's record ordinals (its first record is 0): the window holds ordinals
 *     {@code [max(0, c - n), c)} after the key's {@code c}-th record.</li>
 * <li>{@link #tumblingCount(int) tumblingCount(n)} emits once every {@code n} records of a key (on
 *     the {@code n}-th, which it includes), then starts afresh, as streamz's {@code partition(n)};
 *     the key's last, unfilled window is not emitted. windowStart and windowEnd are ordinals:
 *     {@code [k n, (k + 1) n)} for the key's {@code k}-th window.</li>
 * <li>{@link #slidingTime slidingTime(L, time)} emits on every record the aggregate of the key's
 *     records whose event time (nanoseconds, read from the record by {@code time}) is in
 *     {@code (t - L, t]}, where {@code t} is the newest time seen for the key: a record exactly
 *     {@code L} older than the newest has left. windowStart = {@code t - L} (exclusive), windowEnd =
 *     {@code t} (inclusive).</li>
 * <li>{@link #tumblingTime tumblingTime(L, time)} puts each record in the window
 *     {@code [k L, (k + 1) L)} that holds its event time (windows aligned at multiples of L, not at
 *     the key's first record) and emits a key's window when that key's first record of a later
 *     window arrives (the arriving record then opens the new window); a window no record fell in
 *     is not emitted, and the key's newest window is not emitted until a later record closes it.
 *     windowStart = {@code k L} (inclusive), windowEnd = {@code (k + 1) L} (exclusive). streamz's
 *     {@code timed_window} is the processing-time cousin: it emits every interval of the loop's
 *     clock, empty lists too.</li>
 * </ul>
 *
 * <p>Late records: event time per key must not go backwards past the window. A time window
 * refuses a record older than its key's window (sliding: older than the key's newest time;
 * tumbling: before the key's current window's start): it is not merged into any window, emits
 * nothing, and is counted in the {@code late} field of the key's next aggregate, which counts the
 * key's refused records since its previous aggregate. Count windows have no late records.
 *
 * <p>Precision: count, min and max are exact. The sums are kept incrementally, each record added
 * once and (in a sliding window) subtracted once, with compensated arithmetic (two-sum, its error
 * carried exactly in two more doubles) so they do not drift however many records pass through: sum,
 * weightSum and the numerator of weightedMean are within about two ulps of the exact sum of the
 * window's values, plus at worst about {@code (k eps)^3 M} ({@code eps = 2^-53}, {@code M} the
 * largest magnitude the sum held, {@code k} the records since the key's window was last empty):
 * for a billion records, about {@code 1e-21 M}, so a sliding window's sums do not drift where a
 * plain running sum would. A window that empties starts again from exactly zero. Values and
 * weights must be finite. Mean and weightedMean are quotients of those sums (one more rounding);
 * weightedMean is NaN when the weights sum to zero. Without {@link #weight}, every weight is 1 and
 * weightedMean equals mean exactly.
 *
 * <p>Cost: each record is one lookup in a primitive map (Agrona's {@code Long2ObjectHashMap}) and
 * O(1) amortised work; a sliding window keeps its records in primitive arrays, and its min and
 * max as a two-stacks queue does (a running extreme for the newest records, suffix extremes for the
 * oldest, rebuilt in one pass over the window each time a window's worth of records has left: a
 * pass as long as the window, once per window length, is that key's slowest record). The map and
 * the arrays grow (doubling) only while keys and windows are first seen or reach their longest:
 * steady state allocates nothing and takes no lock. A key's state is kept for the life of the
 * flow.
 *
 * <p>{@link #statistics} narrows what is computed: a window asked only for
 * {@link WindowStatistic#WEIGHTED_MEAN} keeps neither the plain sum nor the extremes, and writes NaN
 * into the fields it did not compute.
 *
 * <p>Typing: each method may narrow the record type to a subtype {@code R} of {@code D} (a function
 * of {@code D} reads every {@code R}), so a key function over any flyweight, such as
 * {@link RecordKeys#ascii}'s, can be followed by getters of the layout's own decoder:
 * {@code RecordWindow.keyedBy(RecordKeys.ascii(0, 8)).slidingCount(100).value(TickDecoder::price)}
 * is a {@code RecordWindow<TickDecoder>}.
 *
 * <p>Thread safety: immutable; each method returns a new window and leaves this one as it was, so
 * a window can be shared and reused. The operator a flow makes from it runs on one thread, its
 * ring's consumer thread, and calls the functions there.
 *
 * @param <D> the decoder of the records the window reads
 */
public final class RecordWindow<D> {
    /** The weight of every record when none is given: weightedMean is then the mean. */
    private static final ToDoubleFunction<Object> UNIT_WEIGHT = record -> 1.0;

    /** The four window kinds. */
    enum Kind {
        SLIDING_TIME("slidingTime"), TUMBLING_TIME("tumblingTime"), SLIDING_COUNT("slidingCount"),
        TUMBLING_COUNT("tumblingCount");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    private final ToLongFunction<? super D> key;
    private final Kind kind;
    /** The window's length: nanoseconds for a time window, records for a count window. */
    private final long length;
    private final ToLongFunction<? super D> timeNanos;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final StatisticSelection selection;

    private RecordWindow(ToLongFunction<? super D> key, Kind kind, long length, ToLongFunction<? super D> timeNanos,
            ToDoubleFunction<? super D> value, ToDoubleFunction<? super D> weight, StatisticSelection selection) {
        this.key = key;
        this.kind = kind;
        this.length = length;
        this.timeNanos = timeNanos;
        this.value = value;
        this.weight = weight;
        this.selection = selection;
    }

    /** A window keyed by {@code key}, a record's key as a long (e.g. {@link RecordKeys#ascii}); kind and value next. */
    public static <D> RecordWindow<D> keyedBy(ToLongFunction<? super D> key) {
        Arguments.requireNonNull(key, "RecordWindow.keyedBy", "key");
        return new RecordWindow<>(key, null, 0, null, null, UNIT_WEIGHT, StatisticSelection.ALL);
    }

    /**
     * As {@link #keyedBy(ToLongFunction)} over {@code layout}'s records: names the decoder type, so
     * the calls that follow can take its getters ({@code TickDecoder::price}) without a type witness.
     */
    public static <D extends MessageDecoderFlyweight> RecordWindow<D> keyedBy(
            RecordLayout<? extends MessageEncoderFlyweight, D> layout, ToLongFunction<? super D> key) {
        Arguments.requireNonNull(layout, "RecordWindow.keyedBy", "layout");
        return keyedBy(key);
    }

    /** A sliding window over the key's records of the last {@code length} of event time; see the class comment. */
    public <R extends D> RecordWindow<R> slidingTime(Duration length, ToLongFunction<? super R> timeNanos) {
        return this.<R>timed(Kind.SLIDING_TIME, length, timeNanos);
    }

    /** Tumbling windows of {@code length} of event time, aligned at its multiples; see the class comment. */
    public <R extends D> RecordWindow<R> tumblingTime(Duration length, ToLongFunction<? super R> timeNanos) {
        return this.<R>timed(Kind.TUMBLING_TIME, length, timeNanos);
    }

    /** A sliding window over the key's last {@code n} records; see the class comment. */
    public <R extends D> RecordWindow<R> slidingCount(int n) {
        return this.<R>counted(Kind.SLIDING_COUNT, n);
    }

    /** Tumbling windows of {@code n} of the key's records; see the class comment. */
    public <R extends D> RecordWindow<R> tumblingCount(int n) {
        return this.<R>counted(Kind.TUMBLING_COUNT, n);
    }

    /** The value aggregated (required). */
    public <R extends D> RecordWindow<R> value(ToDoubleFunction<? super R> value) {
        Arguments.requireNonNull(value, "RecordWindow.value", "value");
        return new RecordWindow<>(key, kind, length, timeNanos, value, weight, selection);
    }

    /** Each record's weight in weightSum and weightedMean (optional; 1 by default, when weightedMean is the mean). */
    public <R extends D> RecordWindow<R> weight(ToDoubleFunction<? super R> weight) {
        Arguments.requireNonNull(weight, "RecordWindow.weight", "weight");
        return new RecordWindow<>(key, kind, length, timeNanos, value, weight, selection);
    }

    /**
     * Computes only {@code first} and {@code more} of the statistics (every one by default); the
     * emitted record's fields for the others hold NaN. A VWAP window asks for
     * {@link WindowStatistic#WEIGHTED_MEAN} alone and keeps neither the values' sum nor the
     * extremes.
     */
    public RecordWindow<D> statistics(WindowStatistic first, WindowStatistic... more) {
        Arguments.requireNonNull(first, "RecordWindow.statistics", "first");
        Arguments.requireNonNull(more, "RecordWindow.statistics", "more");
        EnumSet<WindowStatistic> chosen = EnumSet.of(first);
        for (int i = 0; i < more.length; i++) {
            chosen.add(Arguments.requireNonNull(more[i], "RecordWindow.statistics", "more[" + i + "]"));
        }
        return new RecordWindow<>(key, kind, length, timeNanos, value, weight, new StatisticSelection(chosen));
    }

    private <R extends D> RecordWindow<R> timed(Kind chosen, Duration length, ToLongFunction<? super R> timeNanos) {
        String node = "RecordWindow." + chosen.method;
        requireNoKind(chosen);
        Arguments.requireNonNull(length, node, "length");
        Arguments.requireNonNull(timeNanos, node, "timeNanos");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException(node + ": parameter 'length' must be positive, got " + length);
        }
        long nanos;
        try {
            nanos = length.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException(node + ": parameter 'length' must fit in a long of nanoseconds, got "
                    + length, tooLong);
        }
        return new RecordWindow<>(key, chosen, nanos, timeNanos, value, weight, selection);
    }

    private <R extends D> RecordWindow<R> counted(Kind chosen, int n) {
        requireNoKind(chosen);
        Arguments.requirePositive(n, "RecordWindow." + chosen.method, "n");
        return new RecordWindow<>(key, chosen, n, null, value, weight, selection);
    }

    private void requireNoKind(Kind chosen) {
        if (kind != null) {
            throw new IllegalArgumentException("RecordWindow." + chosen.method + ": the window is already "
                    + kind.method + "; a window has exactly one kind");
        }
    }

    /** Fails unless the window is complete: a kind and a value. Called where a flow takes it, before it is run. */
    void validate() {
        if (kind == null) {
            throw new IllegalArgumentException("RecordWindow: no window kind; call one of slidingTime, tumblingTime, "
                    + "slidingCount or tumblingCount");
        }
        if (value == null) {
            throw new IllegalArgumentException("RecordWindow: parameter 'value' must be set; call value(...)");
        }
    }

    /** The operator that runs this window, handing its aggregates to {@code downstream}. */
    RecordHandler<D> operator(RecordHandler<? super WindowAggregateDecoder> downstream) {
        validate();
        switch (kind) {
            case SLIDING_TIME:
                return new RecordSlidingTimeWindow<>(this, downstream);
            case TUMBLING_TIME:
                return new RecordTumblingTimeWindow<>(this, downstream);
            case SLIDING_COUNT:
                return new RecordSlidingCountWindow<>(this, downstream);
            case TUMBLING_COUNT:
                return new RecordTumblingCountWindow<>(this, downstream);
            default:
                throw new AssertionError(kind);
        }
    }

    ToLongFunction<? super D> keyFunction() {
        return key;
    }

    long length() {
        return length;
    }

    ToLongFunction<? super D> timeFunction() {
        return timeNanos;
    }

    ToDoubleFunction<? super D> valueFunction() {
        return value;
    }

    ToDoubleFunction<? super D> weightFunction() {
        return weight;
    }

    StatisticSelection selection() {
        return selection;
    }

    @Override
    public String toString() {
        if (kind == null) {
            return "RecordWindow[no kind]";
        }
        boolean timed = kind == Kind.SLIDING_TIME || kind == Kind.TUMBLING_TIME;
        return "RecordWindow[" + kind.method + " " + (timed ? Duration.ofNanos(length) : length + " records") + "]";
    }
}
