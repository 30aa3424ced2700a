package io.streamz4j.transport.kafka;

import io.streamz4j.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments to to_kafka fail at construction, naming to_kafka and the parameter, and connect nothing. */
class ToKafkaArgumentsTest {
    private static final Map<String, Object> CONFIG = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");

    private static void refused(String parameter, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().startsWith("to_kafka: parameter '" + parameter + "'"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Stream<byte[]> source = new Stream<>();
        refused("upstream", () -> new ToKafka<>(null, "t", CONFIG));
        refused("topic", () -> Kafka.toKafka(source, null, CONFIG));
        refused("topic", () -> Kafka.toKafka(source, "", CONFIG));
        refused("topic", () -> Kafka.toKafka(source, "  ", CONFIG));
        refused("config", () -> Kafka.toKafka(source, "t", null));
        refused("config", () -> Kafka.toKafka(source, "t", Map.of()));
        refused("config", () -> Kafka.toKafka(source, "t", Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, " ")));
        Map<String, Object> badSerializer = new HashMap<>(CONFIG);
        badSerializer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "no.such.Serializer");
        refused("config", () -> Kafka.toKafka(source, "t", badSerializer));
        refused("options", () -> Kafka.toKafka(source, "t", CONFIG, null));
        refused("maxInFlight", () -> ToKafkaOptions.defaults().maxInFlight(0));
        refused("maxInFlight", () -> ToKafkaOptions.defaults().maxInFlight(-3));
        refused("key", () -> ToKafkaOptions.defaults().key(null));
        refused("closeTimeout", () -> ToKafkaOptions.defaults().closeTimeout(null));
        refused("closeTimeout", () -> ToKafkaOptions.defaults().closeTimeout(Duration.ofMillis(-1)));
        assertEquals(0, source.downstreams().size(), "a refused sink never joins the pipeline");
    }

    @Test
    void theCheckpointFlushNeedsASink() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ToKafkaCheckpointFlush(null));
        assertTrue(e.getMessage().contains("to_kafka") && e.getMessage().contains("'sink'"), e.getMessage());
    }
}
