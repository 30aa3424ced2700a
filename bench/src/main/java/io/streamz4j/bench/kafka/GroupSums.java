package io.streamz4j.bench.kafka;

import java.util.Arrays;

/**
 * What every side of the Kafka suite computes: the sum of the value column per key (keys
 * {@code 0..keys-1}, as {@link Rows} makes them) and how many rows it summed; compared with
 * {@link Rows#expected} after each run, so a side that drops, repeats or misreads a row is caught.
 *
 * <p>Thread safety: one thread at a time (the side's consuming thread, then the bench's).
 */
public final class GroupSums {
    private final double[] sums;
    private long rows;

    public GroupSums(int keys) {
        if (keys <= 0) {
            throw new IllegalArgumentException("kafka bench: parameter 'keys' must be positive, got " + keys);
        }
        this.sums = new double[keys];
    }

    /** Adds one row. */
    public void add(long key, double value) {
        sums[(int) key] += value;
        rows++;
    }

    /** Adds the sum of {@code count} rows of {@code key} (a side whose group-by gives sums per key). */
    public void addSum(long key, double sum, long count) {
        sums[(int) key] += sum;
        rows += count;
    }

    public long rows() {
        return rows;
    }

    public double sum(long key) {
        return sums[(int) key];
    }

    /** How many keys' sums, plus one for the row count, differ from {@code expected}'s (exactly: see {@link Rows}). */
    public int mismatches(GroupSums expected) {
        int wrong = rows == expected.rows ? 0 : 1;
        if (sums.length != expected.sums.length) {
            return wrong + Math.max(sums.length, expected.sums.length);
        }
        for (int k = 0; k < sums.length; k++) {
            if (sums[k] != expected.sums[k]) {
                wrong++;
            }
        }
        return wrong;
    }

    @Override
    public String toString() {
        return "GroupSums[rows=" + rows + ", sums=" + Arrays.toString(sums) + "]";
    }
}
