package io.streamz4j.plugin;

import io.streamz4j.Source;

/**
 * A test source plugin, "from_numbers": emits {@code start, start + 1, ..., stop - 1} when
 * started.
 *
 * <p>Thread safety: {@link #start()} emits on the calling thread.
 */
public final class FromNumbers extends Source<Integer> {
    private final int start;
    private final int stop;

    public FromNumbers(int stop) {
        this(0, stop);
    }

    public FromNumbers(int start, int stop) {
        this.start = start;
        this.stop = stop;
    }

    @Override
    protected void run() {
        for (int i = start; i < stop && !isStopped(); i++) {
            emit(i);
        }
    }

    @Override
    protected String kind() {
        return "from_numbers";
    }
}
