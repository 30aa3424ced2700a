package io.streamz4j.frame.rolling;

/**
 * Rolling count of non-missing values, pandas' {@code rolling().count()}: the count, or NaN while
 * the window holds fewer than {@code minPeriods} rows. O(1) per row.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class RollingCount implements RollingStat {
    private long nobs;

    @Override
    public void add(double v) {
        if (v == v) {
            nobs++;
        }
    }

    @Override
    public void remove(double v) {
        if (v == v) {
            nobs--;
        }
    }

    @Override
    public double result(long rows, int minPeriods) {
        return rows >= minPeriods ? nobs : Double.NaN;
    }
}
