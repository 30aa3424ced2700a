package io.streamz4j.transport.mqtt;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The consumer the crash test kills: a fromMqtt pipeline (persistent session, the client id it is
 * given) whose sink appends each payload and a newline to a file, written through at once so a
 * SIGKILL loses nothing it processed, a little slowly so the kill lands mid-stream. Prints
 * {@code READY} once subscribed, then runs until killed.
 *
 * <p>Arguments: broker port, topic, client id, output file. Thread safety: one pipeline thread writes.
 */
public final class CrashingConsumerMain {
    private CrashingConsumerMain() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        FileOutputStream out = new FileOutputStream(args[3], true);
        FromMqtt source = Mqtt.fromMqtt("127.0.0.1", port, args[1], MqttOptions.builder().clientId(args[2]).build());
        source.map(MqttRecord::payloadText).sink(payload -> {
            try {
                out.write((payload + "\n").getBytes(StandardCharsets.UTF_8)); // unbuffered: in the file at once
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LockSupport.parkNanos(2_000_000); // pacing, so the parent's kill lands mid-stream
        });
        source.start();
        System.out.println("READY");
        System.out.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
