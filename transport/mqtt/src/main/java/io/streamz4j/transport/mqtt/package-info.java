/**
 * streamz's MQTT connectors on Eclipse Paho: {@code from_mqtt} ({@link io.streamz4j.transport.mqtt.FromMqtt}),
 * acknowledging each QoS 1 message only once every node is done with it, and {@code to_mqtt}
 * ({@link io.streamz4j.transport.mqtt.ToMqtt}), holding each element's references until the broker
 * has it. Typed entry point: {@link io.streamz4j.transport.mqtt.Mqtt}.
 */
package io.streamz4j.transport.mqtt;
