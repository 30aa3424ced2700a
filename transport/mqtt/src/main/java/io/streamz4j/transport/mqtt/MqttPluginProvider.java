package io.streamz4j.transport.mqtt;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers streamz's names for this artifact: the {@code from_mqtt} source ({@link FromMqtt}) and
 * the {@code to_mqtt} sink ({@link ToMqtt}).
 *
 * <p>Thread safety: stateless.
 */
public final class MqttPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(
                PluginEntry.source(FromMqtt.KIND, "io.streamz4j.transport.mqtt.FromMqtt"),
                PluginEntry.sink(ToMqtt.KIND, "io.streamz4j.transport.mqtt.ToMqtt"));
    }
}
