package io.streamz4j.record;

/**
 * The statistics a {@link RecordWindow} can compute, one per field of the
 * {@link RecordLayout#WINDOW_AGGREGATE} record it emits. A window computes every one unless
 * {@link RecordWindow#statistics} names fewer: a VWAP needs only {@link #WEIGHTED_MEAN}, and a
 * sliding window that keeps no min and max does a third less work per record. The fields of the
 * statistics not asked for hold NaN, so a reader never sees a stale value. Key, window bounds,
 * count and late are always written.
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum WindowStatistic {
    /** The sum of the values. */
    SUM,
    /** The sum of the values over their count. */
    MEAN,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX,
    /** The sum of the weights. */
    WEIGHT_SUM,
    /** The sum of weight times value over the sum of the weights (a VWAP with price and quantity). */
    WEIGHTED_MEAN
}
