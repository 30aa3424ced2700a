package io.streamz4j.transport.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.streamz4j.transport.mqtt.MqttTests.topic;
import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QoS 1 redelivery after a consumer crash: a child JVM consuming with a persistent session is
 * SIGKILLed mid-stream; a consumer restarted with the same client id gets every message the dead
 * one had not acknowledged, so every published message is processed at least once, and the
 * messages the dead one acknowledged are not all processed again. Bounded: 300 messages.
 * No streamz test: streamz's from_mqtt has no crash test.
 */
class FromMqttCrashTest {
    private static final int COUNT = 300;

    @Test
    void aRestartedConsumerGetsEveryMessageTheKilledOneDidNotAcknowledge(@TempDir Path dir) throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("crash");
        String clientId = "crash-" + UUID.randomUUID();
        Path processed = dir.resolve("processed.txt");
        Files.createFile(processed);
        Process child = startConsumer(port, topic, clientId, processed, dir.resolve("child.log"));
        try {
            BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("READY", childOut.readLine(), "the child consumer subscribed");
            List<String> payloads = IntStream.range(0, COUNT).mapToObj(i -> "p" + i).toList();
            MqttTests.publish(topic, payloads);
            until(() -> lines(processed).size() >= 30, () -> lines(processed).size());
        } finally {
            child.destroyForcibly(); // SIGKILL: no stop, no disconnect, no pending acknowledgement sent
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        List<String> beforeCrash = lines(processed);
        assertTrue(beforeCrash.size() < COUNT, "killed mid-stream: " + beforeCrash.size() + " processed");

        FromMqtt restarted = Mqtt.fromMqtt("127.0.0.1", port, topic, MqttOptions.builder().clientId(clientId).build());
        List<String> after = Collections.synchronizedList(new ArrayList<>());
        restarted.map(MqttRecord::payloadText).sink(after::add);
        restarted.start();
        Set<String> all = new HashSet<>();
        until(() -> {
            all.clear();
            all.addAll(beforeCrash);
            synchronized (after) {
                all.addAll(after);
            }
            return all.size() == COUNT;
        }, () -> "missing " + (COUNT - all.size()));
        for (int i = 0; i < COUNT; i++) {
            assertTrue(all.contains("p" + i), "p" + i + " processed at least once");
        }
        Set<String> again = new HashSet<>(beforeCrash);
        synchronized (after) {
            again.retainAll(after);
        }
        assertFalse(again.containsAll(beforeCrash),
                "what the killed consumer acknowledged is not redelivered; duplicates only from its unacknowledged tail");
        restarted.stop();
    }

    private static Process startConsumer(int port, String topic, String clientId, Path out, Path log)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib") && !flag.startsWith("-javaagent")) {
                command.add(flag); // the parent's JVM flags (module opens and the like), without debuggers
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingConsumerMain.class.getName(),
                Integer.toString(port), topic, clientId, out.toString()));
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    /** The complete lines of {@code file} (a line the kill cut short is left out). */
    private static List<String> lines(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
