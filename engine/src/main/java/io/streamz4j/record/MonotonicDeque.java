package io.streamz4j.record;

/**
 * The largest (or smallest) value of a sliding window in O(1) amortised per record: a deque of
 * the window's records, oldest first, that keeps only those that can still be the extreme. A new
 * value drops from the tail every older value it equals or beats (they leave the window before it,
 * so they can never be the extreme again); the head is then the window's extreme, and leaves once
 * its record leaves the window. Records are named by their ordinal, which rises by one per record.
 * Its arrays double when full, which a window does only while it grows to its longest (warm-up);
 * after that it allocates nothing. Values are expected to be numbers: a NaN never beats anything.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window that owns it.
 */
final class MonotonicDeque {
    private static final int INITIAL_CAPACITY = 8;

    /** +1 keeps the largest, -1 the smallest: values are stored times this, so one comparison serves both. */
    private final double sign;
    private long[] ordinals = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int head;
    private int size;

    private MonotonicDeque(double sign) {
        this.sign = sign;
    }

    static MonotonicDeque largest() {
        return new MonotonicDeque(1);
    }

    static MonotonicDeque smallest() {
        return new MonotonicDeque(-1);
    }

    /** Adds the record {@code ordinal}, newer than every record already added. */
    void push(long ordinal, double value) {
        double signed = sign * value;
        int mask = values.length - 1;
        while (size > 0 && values[(head + size - 1) & mask] <= signed) {
            size--;
        }
        if (size == values.length) {
            grow();
            mask = values.length - 1;
        }
        int tail = (head + size) & mask;
        ordinals[tail] = ordinal;
        values[tail] = signed;
        size++;
    }

    /** Forgets the records older than {@code ordinal}, the window's oldest record now. */
    void removeBefore(long ordinal) {
        int mask = values.length - 1;
        while (size > 0 && ordinals[head] < ordinal) {
            head = (head + 1) & mask;
            size--;
        }
    }

    /** The extreme of the records added and not removed; at least one must be. */
    double extreme() {
        return sign * values[head];
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        int capacity = values.length;
        long[] newOrdinals = new long[capacity * 2];
        double[] newValues = new double[capacity * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (capacity - 1);
            newOrdinals[i] = ordinals[from];
            newValues[i] = values[from];
        }
        ordinals = newOrdinals;
        values = newValues;
        head = 0;
    }
}
