package io.streamz4j.transport.scatter.worker;

import io.streamz4j.frame.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Arrow frames one task holds: those decoded from its element (the worker owns them) and those
 * its functions made as results, found at any depth of lists and maps, each kept once (a map that
 * returns its element is not released twice). The worker releases them all once the result is
 * sent, as the engine's node that makes a frame releases it after the emit: a function that keeps
 * a frame longer (in an accumulate's state) must {@link Frame#retain()} it, as an engine node
 * would.
 *
 * <p>Thread safety: the worker's polling thread only; it holds the frames until {@link #releaseAll}.
 */
final class HeldFrames {
    private final List<Frame> frames = new ArrayList<>();

    /** Holds every frame in {@code value} not held already. */
    void collect(Object value) {
        if (value instanceof Frame frame) {
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i) == frame) {
                    return;
                }
            }
            frames.add(frame);
        } else if (value instanceof List<?> list) {
            for (int i = 0, n = list.size(); i < n; i++) {
                collect(list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collect(entry.getKey());
                collect(entry.getValue());
            }
        }
    }

    /** Releases every frame held, and forgets them. */
    void releaseAll() {
        for (int i = 0; i < frames.size(); i++) {
            frames.get(i).release();
        }
        frames.clear();
    }

    int size() {
        return frames.size();
    }
}
