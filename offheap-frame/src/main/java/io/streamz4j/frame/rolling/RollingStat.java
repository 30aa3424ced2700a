package io.streamz4j.frame.rolling;

/**
 * The running state of one rolling order statistic of one column, driven by {@link RingRoller}: values enter at the window's end and
 * leave from its start in the order they entered (so a removal names the oldest value, NaN
 * included), and the result is read after each row. Missing values (NaN) are counted as rows but
 * not as observations, as in pandas.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
interface RollingStat {
    /** A value enters the window. */
    void add(double v);

    /** The oldest value in the window, {@code v}, leaves it. */
    void remove(double v);

    /**
     * The statistic over the window now, or NaN when fewer than {@code minPeriods} values (rows,
     * for count) are in it.
     *
     * @param rows the rows in the window, missing values included
     */
    double result(long rows, int minPeriods);
}
