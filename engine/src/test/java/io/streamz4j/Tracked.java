package io.streamz4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: emits elements each with a {@link RefCounter#keepingAlive} counter, as a frame
 * source does (the emitter holds one reference and drops it once {@code emit} returns), and
 * records how often each counter's release callback ran, so a test can check that every element
 * was let go of exactly once: count 0 and one callback, where a leak leaves a count above 0 and a
 * double release a count below 0 or a second callback.
 *
 * <p>Thread safety: emit from one thread; the counters may be released on any.
 */
final class Tracked {
    private final List<RefCounter> refs = new ArrayList<>();
    private final List<AtomicInteger> freed = new ArrayList<>();

    /** Emits {@code x} into {@code source} carrying a new counter. */
    <T> void emit(Stream<T> source, T x) {
        AtomicInteger calls = new AtomicInteger();
        RefCounter ref = RefCounter.keepingAlive(x, 1, calls::incrementAndGet);
        refs.add(ref);
        freed.add(calls);
        source.emit(x, Metadata.withRef(ref));
        ref.release();
    }

    /** How many elements some node still holds. */
    int held() {
        int held = 0;
        for (RefCounter ref : refs) {
            held += ref.count() > 0 ? 1 : 0;
        }
        return held;
    }

    /** Null if every element was released exactly once, else what went wrong. */
    String notReleasedExactlyOnce() {
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).count() != 0 || freed.get(i).get() != 1) {
                return "element " + i + ": count " + refs.get(i).count() + ", freed " + freed.get(i).get() + " times";
            }
        }
        return null;
    }
}
