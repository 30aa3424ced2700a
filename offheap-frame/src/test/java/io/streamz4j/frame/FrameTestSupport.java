package io.streamz4j.frame;

import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What frame tests in several packages share: a frame's columns as plain lists, and taking down
 * the chain of nodes a test built below a DataFrame.
 *
 * <p>Thread safety: stateless; call it on the thread that runs the pipeline.
 */
public final class FrameTestSupport {
    private FrameTestSupport() {
    }

    /** Every column of {@code f}, in schema order, as its values read as doubles. */
    public static Map<String, List<Double>> columns(Frame f) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String name : f.schema().names()) {
            List<Double> v = new ArrayList<>();
            for (double d : f.doubles(name)) {
                v.add(d);
            }
            out.put(name, v);
        }
        return out;
    }

    /**
     * Destroys {@code last} and each first upstream above it, up to {@code stop} (kept). Each
     * node's upstream is read before it is destroyed: a destroyed node has none.
     */
    public static void destroyChain(Stream<?> last, Stream<?> stop) {
        Stream<?> s = last;
        while (s != null && s != stop) {
            Stream<?> above = s.upstream();
            s.destroy();
            s = above;
        }
    }
}
