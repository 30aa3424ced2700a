package io.streamz4j.transport.mqtt;

/**
 * One message {@code fromMqtt} received: what streamz's {@code from_mqtt} emits as Paho's
 * {@code MQTTMessage}, reduced to what a pipeline reads (Paho's own {@code MqttMessage} is mutable
 * and carries no topic). The packet id and the acknowledgement stay with the source: a node
 * cannot ack a message before every node is done with it.
 *
 * <p>Thread safety: immutable, except that {@code payload} is the received array itself (copying
 * every payload would cost a copy per message for no one's benefit): read it, do not modify it.
 *
 * @param topic     the topic the message was published to
 * @param payload   the message's bytes
 * @param qos       the quality of service it was delivered with (0, 1 or 2)
 * @param retained  whether the broker delivered it as the topic's retained message
 * @param duplicate whether the broker flagged it as a redelivery (it may have been seen before)
 */
public record MqttRecord(String topic, byte[] payload, int qos, boolean retained, boolean duplicate) {

    /** The payload decoded as UTF-8. */
    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MqttRecord[topic=" + topic + ", " + payload.length + " bytes, qos=" + qos
                + (retained ? ", retained" : "") + (duplicate ? ", duplicate" : "") + "]";
    }
}
