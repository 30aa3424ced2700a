package io.streamz4j.frame.rolling;

/**
 * Where each row of the frame being rolled has its window start, as an arrival number. A window
 * of a number of rows starts at {@code max(head, first + i + 1 - rows)}, worked out when asked,
 * so the common case (sum and mean over full windows, which only look at the frame's first and
 * last row) stores nothing per row; the per-row array is filled on first use. A window over the
 * index is found by walking the index, so its starts are always stored.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class WindowStarts {
    private long[] starts = new long[0];
    private long rows;
    private long head;
    private long first;
    private int n;
    /** Whether {@link #starts} holds this frame's starts. */
    private boolean filled;

    /** This frame's windows are the last {@code rows} rows, none starting before {@code head}. */
    void ofRows(long rows, long head, long first, int n) {
        this.rows = rows;
        this.head = head;
        this.first = first;
        this.n = n;
        this.filled = false;
    }

    /** An array of at least {@code n} starts for the caller to fill (windows over the index). */
    long[] toFill(int n) {
        if (starts.length < n) {
            starts = new long[Math.max(n, 2 * starts.length)];
        }
        this.n = n;
        this.filled = true;
        return starts;
    }

    /** Row {@code i}'s window start. */
    long at(int i) {
        return filled ? starts[i] : Math.max(head, first + i + 1 - rows);
    }

    /** Every row's window start, filled now if it was only known by formula. */
    long[] array() {
        if (!filled) {
            long[] s = toFill(n);
            for (int i = 0; i < n; i++) {
                s[i] = Math.max(head, first + i + 1 - rows);
            }
        }
        return starts;
    }
}
