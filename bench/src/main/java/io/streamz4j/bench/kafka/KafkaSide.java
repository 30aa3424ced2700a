package io.streamz4j.bench.kafka;

/**
 * One way of consuming the suite's topic into per-key sums, timed by {@link KafkaBench}: the plain
 * consumer loop ({@link ConsumerLoopFloor}, the floor) or a streamz4j pipeline.
 *
 * <p>Thread safety: {@link #consume} is called by the bench's main thread, once per round; a side
 * may start threads of its own and must end them before it returns.
 */
public interface KafkaSide {

    /**
     * Reads every partition of {@code topic} on {@code bootstrap} from its start until
     * {@code records} rows are summed, and returns the sums per key ({@code keys} of them).
     */
    GroupSums consume(String bootstrap, String topic, long records, int keys) throws Exception;
}
