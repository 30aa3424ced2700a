package io.streamz4j.transport.mqtt;

import io.streamz4j.Stream;

import java.util.function.Function;

/**
 * The MQTT connectors for typed use: {@link #fromMqtt} (streamz's {@code from_mqtt}) and
 * {@link #toMqtt} (streamz's {@code to_mqtt}); the plugin registry reaches the same classes by
 * those streamz names ({@link MqttPluginProvider}).
 *
 * <p>Thread safety: stateless; see {@link FromMqtt} and {@link ToMqtt} for the nodes' contracts.
 */
public final class Mqtt {
    private Mqtt() {
    }

    /** A source of the messages published to {@code topic} (wildcards allowed), with the defaults of {@link MqttOptions}. */
    public static FromMqtt fromMqtt(String host, int port, String topic) {
        return new FromMqtt(host, port, topic);
    }

    /** As {@link #fromMqtt(String, int, String)}, with a keep-alive interval in seconds. */
    public static FromMqtt fromMqtt(String host, int port, String topic, int keepalive) {
        return new FromMqtt(host, port, topic, keepalive);
    }

    public static FromMqtt fromMqtt(String host, int port, String topic, MqttOptions options) {
        return new FromMqtt(host, port, topic, options);
    }

    /** Publishes each element of {@code upstream} ({@code byte[]}, {@code String} or {@link MqttRecord}) to {@code topic}. */
    public static <T> ToMqtt<T> toMqtt(Stream<? extends T> upstream, String host, int port, String topic) {
        return new ToMqtt<>(upstream, host, port, topic);
    }

    public static <T> ToMqtt<T> toMqtt(Stream<? extends T> upstream, String host, int port, String topic,
            MqttOptions options) {
        return new ToMqtt<>(upstream, host, port, topic, options);
    }

    /** Publishes {@code payload.apply(x)} for each element {@code x}. */
    public static <T> ToMqtt<T> toMqtt(Stream<? extends T> upstream, String host, int port, String topic,
            MqttOptions options, Function<? super T, byte[]> payload) {
        return new ToMqtt<>(upstream, host, port, topic, options, payload);
    }
}
