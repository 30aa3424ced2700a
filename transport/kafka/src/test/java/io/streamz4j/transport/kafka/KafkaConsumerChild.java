package io.streamz4j.transport.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A consumer process for the crash test: runs a from_kafka pipeline whose slowish sink appends
 * {@code partition:offset} of each processed record to a file, flushed at once, until it is killed.
 * Arguments: bootstrap servers, topic, group, output file, milliseconds per record.
 *
 * <p>Thread safety: the sink runs on the source's poll thread only.
 */
public final class KafkaConsumerChild {
    private KafkaConsumerChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", args[0],
                "group.id", args[2],
                "auto.offset.reset", "earliest",
                "session.timeout.ms", 6000,
                "heartbeat.interval.ms", 500);
        long perRecordMillis = Long.parseLong(args[4]);
        OutputStream out = new FileOutputStream(args[3], true);
        FromKafka<byte[], byte[]> source = Kafka.fromKafka(List.of(args[1]), config,
                KafkaSourceOptions.defaults().pollInterval(Duration.ofMillis(50)).commitInterval(Duration.ofMillis(50)));
        source.sink(r -> {
            try {
                Thread.sleep(perRecordMillis);
                out.write((r.partition() + ":" + r.offset() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        source.start();
        Thread.currentThread().join(); // until killed
    }
}
