package io.streamz4j.transport.kafka;

/**
 * A record {@link ToKafka} could not write: refused by the producer (too large, not serializable,
 * no metadata for the topic in time) or by the broker. Its message names {@code to_kafka} and the
 * topic; its cause is the client's exception.
 */
public final class ToKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToKafkaException(String topic, Throwable cause) {
        super("to_kafka: could not write a record to topic '" + topic + "': " + cause, cause);
    }
}
