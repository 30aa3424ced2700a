package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.frame.Frame;
import io.streamz4j.runtime.internal.Failures;

import java.util.List;
import java.util.Map;

/**
 * streamz's {@code gather}: where a scattered pipeline's results come back into this process.
 * Built by {@code ScatteredStream.gather()}; it receives nothing through {@link #update}: the
 * cluster's agent thread hands it each sequence's results ({@link #deliver}), in scatter order
 * unless completion order was asked for, and it emits them to the nodes below.
 *
 * <p>Thread safety: the nodes below a gather run on the cluster's agent thread
 * ({@code streamz4j-scatter-<n>}), which this node declares as its downstream domain, so a join
 * below it that other threads also feed puts a ring in front of itself. A node below that throws
 * has its failure reported once (to its error handler) and the agent goes on with the next
 * value: nobody called {@code emit} on this thread to rethrow to. The frames it decoded it releases
 * once the nodes below returned (a node that keeps one retains it); it retains nothing else.
 *
 * @param <T> the type of the results
 */
public final class Gather<T> extends Stream<T> {
    private final Object agentDomain;
    private final String threadName;

    public Gather(Stream<?> upstream, Object agentDomain, String threadName) {
        super(null, upstream);
        this.agentDomain = agentDomain;
        this.threadName = threadName;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        throw new IllegalStateException(this + ": results reach gather from the cluster, not from " + who);
    }

    /** Emits one sequence's results below; on the agent thread. */
    void deliver(List<Object> values) {
        for (int i = 0, n = values.size(); i < n; i++) {
            Object value = values.get(i);
            try {
                Stream<?> next = soleDownstream(Metadata.NONE);
                if (next != null) {
                    next.update(value, this, Metadata.NONE);
                } else {
                    emitDownstream(value, Metadata.NONE);
                }
            } catch (RuntimeException | Error e) {
                Failures.caught(threadName, this, value, e);
            } finally {
                releaseFrames(value);
            }
        }
    }

    /** Gather made the frames it decoded: it lets go of them once the nodes below are done, as any node does. */
    private static void releaseFrames(Object value) {
        if (value instanceof Frame frame) {
            frame.release();
        } else if (value instanceof List<?> list) {
            for (int i = 0, n = list.size(); i < n; i++) {
                releaseFrames(list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                releaseFrames(entry.getKey());
                releaseFrames(entry.getValue());
            }
        }
    }

    @Override
    protected Object downstreamDomain() {
        return agentDomain;
    }

    @Override
    protected String kind() {
        return "gather";
    }
}
