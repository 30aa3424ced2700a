package io.streamz4j.plugin;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * The node of streamz's plugin documentation: emits every element {@code n} times. Registered
 * as "repeat" by {@link TestPluginProvider}; only {@link PluginDiscoveryTest} may use it, since
 * it proves that the class is initialized on first use and not before.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class RepeatNode<T> extends Stream<T> {
    static {
        LoadProbe.REPEAT_NODE.incrementAndGet();
    }

    private final int n;

    public RepeatNode(Stream<? extends T> upstream, int n) {
        super(null, upstream);
        if (n < 0) {
            throw new IllegalArgumentException("repeat: parameter 'n' must not be negative, got " + n);
        }
        this.n = n;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        for (int i = 0; i < n; i++) {
            emitDownstream(x, metadata);
        }
    }

    @Override
    protected String kind() {
        return "repeat";
    }
}
