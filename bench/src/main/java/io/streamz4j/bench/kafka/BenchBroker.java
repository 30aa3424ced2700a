package io.streamz4j.bench.kafka;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka suite's broker: one real KRaft broker (combined with its controller) from Kafka's own
 * test kit, in this JVM, listening on loopback. {@code KafkaBench broker} runs one for
 * bench/compare-kafka, so every side (Java and Python) reads the same broker and topic.
 *
 * <p>Thread safety: made and closed by one thread; {@link #bootstrapServers()} from any.
 */
public final class BenchBroker implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final KafkaClusterTestKit cluster;

    public BenchBroker() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            kit.format();
            kit.startup();
            awaitReady(kit.bootstrapServers());
        } catch (Exception e) {
            kit.close();
            throw e;
        }
        this.cluster = kit;
    }

    /**
     * Waits until the broker answers a client. Not the kit's {@code waitForReadyBrokers}: that
     * reaches JUnit's assertions, which the benchmarks jar does not carry.
     */
    private static void awaitReady(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster().nodes().get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Where clients reach the broker ({@code localhost:<port>}). */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
