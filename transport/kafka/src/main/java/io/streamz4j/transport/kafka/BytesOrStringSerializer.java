package io.streamz4j.transport.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * {@link ToKafka}'s default key and value serializer: bytes as they are, text as UTF-8, as
 * streamz's {@code to_kafka} accepts both {@code bytes} and {@code str}; anything else is refused
 * with a {@link SerializationException} naming its type (set a serializer in the config for it).
 *
 * <p>Thread safety: stateless.
 */
public final class BytesOrStringSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new SerializationException("to_kafka: cannot write a " + data.getClass().getName() + " to topic '"
                + topic + "' without a serializer for it (give key.serializer/value.serializer in the config);"
                + " the default takes byte[] and String");
    }
}
