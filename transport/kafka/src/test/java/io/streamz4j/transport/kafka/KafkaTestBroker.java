package io.streamz4j.transport.kafka;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' Kafka: one real KRaft broker (combined with its controller) from Kafka's own test kit,
 * started in the test JVM on the first use and shut down when the JVM exits, so a whole test run
 * pays for one start. It listens on loopback only; a child JVM (a consumer killed mid-stream)
 * reaches it through {@link #bootstrapServers()}.
 *
 * <p>Thread safety: {@link #bootstrapServers()} and {@link #createTopic} from any thread.
 */
public final class KafkaTestBroker {
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private KafkaTestBroker() {
    }

    private static final class Running {
        static final KafkaClusterTestKit CLUSTER = start();

        private static KafkaClusterTestKit start() {
            try {
                KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        // client quotas measured over 2 one-second windows instead of 11: a quota
                        // then slows a client after about a second's worth of bytes, not eleven
                        .setConfigProp("quota.window.num", "2")
                        .setConfigProp("quota.window.size.seconds", "1")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        cluster.close();
                    } catch (Exception e) {
                        System.err.println("The tests' Kafka broker did not shut down cleanly: " + e);
                    }
                }, "kafka-test-broker-shutdown"));
                return cluster;
            } catch (Exception e) {
                throw new IllegalStateException("The tests' Kafka broker did not start", e);
            }
        }
    }

    /** Where clients reach the broker ({@code localhost:<port>}), starting it on the first call. */
    public static String bootstrapServers() {
        return Running.CLUSTER.bootstrapServers();
    }

    /** Creates a topic with a name no other test uses, {@code partitions} partitions, and returns its name. */
    public static String createTopic(String prefix, int partitions) {
        String name = prefix + "-" + TOPICS.incrementAndGet() + "-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
        return name;
    }
}
