package io.streamz4j.frame;

/**
 * The column types a {@link Frame} stores, each backed by one Arrow vector type: pandas' int32,
 * int64, float64, bool, object strings (held as dictionary ids) and datetime64[ns].
 *
 * <p>Thread safety: immutable.
 */
public enum ColumnType {
    /** 32-bit signed integers, an Arrow {@code IntVector}. */
    INT(4, true),
    /** 64-bit signed integers, an Arrow {@code BigIntVector}. */
    LONG(8, true),
    /** 64-bit IEEE doubles, an Arrow {@code Float8Vector}; NaN is pandas' missing value. */
    DOUBLE(8, true),
    /** booleans, an Arrow {@code BitVector}. */
    BOOLEAN(0, false),
    /**
     * strings, stored as 32-bit ids into the column's {@link StringDictionary} (an
     * {@code IntVector}), so comparisons and groupby work on ints; exported as UTF-8.
     */
    STRING(4, false),
    /** nanoseconds since the epoch, an Arrow {@code BigIntVector} exported as a timestamp. */
    TIMESTAMP(8, false);

    private final int width;
    private final boolean numeric;

    ColumnType(int width, boolean numeric) {
        this.width = width;
        this.numeric = numeric;
    }

    /** Bytes per value in the data buffer; 0 for bit-packed booleans. */
    public int width() {
        return width;
    }

    /** Whether arithmetic and reductions apply (ints, longs, doubles). */
    public boolean isNumeric() {
        return numeric;
    }

    /**
     * Whether pandas' reductions (sum, mean, count, min, max, var, std, and their grouped and
     * windowed forms) take the column: numbers, and booleans as 0 and 1.
     */
    public boolean isReducible() {
        return numeric || this == BOOLEAN;
    }

    /** Whether values are integral (pandas' int dtypes): integer arithmetic keeps them integral. */
    public boolean isIntegral() {
        return this == INT || this == LONG;
    }
}
