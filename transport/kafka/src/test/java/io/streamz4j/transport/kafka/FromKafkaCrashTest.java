package io.streamz4j.transport.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.streamz4j.transport.kafka.KafkaTesting.committed;
import static io.streamz4j.transport.kafka.KafkaTesting.newGroup;
import static io.streamz4j.transport.kafka.KafkaTesting.produce;
import static io.streamz4j.transport.kafka.KafkaTesting.until;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer killed with SIGKILL mid-stream, then restarted until the end: every record is
 * processed at least once, and every record processed twice lies at or above the offset its
 * partition had committed when the kill came (the commit never passed a record not yet processed).
 */
class FromKafkaCrashTest {
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 100;

    @Test
    void aKilledConsumerLosesNothingAndRepeatsOnlyWhatWasNotCommitted(@TempDir Path dir) throws Exception {
        String topic = KafkaTestBroker.createTopic("crash", PARTITIONS);
        produce(topic, PARTITIONS, PER_PARTITION);
        String group = newGroup();
        Path processed = dir.resolve("processed.txt");
        Files.createFile(processed);

        Process first = child(topic, group, processed, dir.resolve("first.log"));
        try {
            until(() -> lines(processed).size() >= 100, () -> lines(processed).size());
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }
        Map<Integer, Long> atKill = committed(group, topic);
        int processedBeforeKill = lines(processed).size();
        assertFalse(atKill.isEmpty(), "the consumer committed while it ran");
        assertTrue(processedBeforeKill < PARTITIONS * PER_PARTITION, "killed mid-stream: " + processedBeforeKill);

        Process second = child(topic, group, processed, dir.resolve("second.log"));
        try {
            until(() -> distinct(lines(processed)).size() >= PARTITIONS * PER_PARTITION,
                    () -> distinct(lines(processed)).size());
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }

        List<String> all = lines(processed);
        Map<String, Integer> times = new HashMap<>();
        all.forEach(line -> times.merge(line, 1, Integer::sum));
        for (int p = 0; p < PARTITIONS; p++) {
            for (int o = 0; o < PER_PARTITION; o++) {
                assertTrue(times.containsKey(p + ":" + o), "never processed: " + p + ":" + o);
            }
        }
        times.forEach((record, count) -> {
            if (count > 1) {
                String[] parts = record.split(":");
                long committedThen = atKill.getOrDefault(Integer.parseInt(parts[0]), 0L);
                assertTrue(Long.parseLong(parts[1]) >= committedThen,
                        record + " was processed again although " + committedThen + " was committed at the kill");
            }
        });
    }

    private static Process child(String topic, String group, Path processed, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib:jdwp")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KafkaConsumerChild.class.getName());
        command.add(KafkaTestBroker.bootstrapServers());
        command.add(topic);
        command.add(group);
        command.add(processed.toString());
        command.add("5");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Set<String> distinct(List<String> lines) {
        return new java.util.HashSet<>(lines);
    }
}
