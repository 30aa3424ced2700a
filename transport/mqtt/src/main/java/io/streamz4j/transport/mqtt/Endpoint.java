package io.streamz4j.transport.mqtt;

/**
 * A checked broker address and topic of {@code fromMqtt} or {@code toMqtt}: the arguments both
 * share, validated once with the node's name in the error.
 *
 * <p>Thread safety: immutable.
 */
record Endpoint(String uri, String topic) {

    /**
     * Checks {@code host}, {@code port} and {@code topic} for {@code node}; a publishing node
     * ({@code publishing}) may not name a wildcard topic.
     */
    static Endpoint checked(String node, String host, int port, String topic, boolean publishing) {
        if (host == null || host.isBlank()) {
            throw MqttOptions.bad(node, "host", "must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw MqttOptions.bad(node, "port", "must be 1 to 65535, got " + port);
        }
        if (topic == null || topic.isEmpty()) {
            throw MqttOptions.bad(node, "topic", "must not be empty");
        }
        if (publishing && (topic.contains("+") || topic.contains("#"))) {
            throw MqttOptions.bad(node, "topic", "must not contain the wildcards '+' or '#' when publishing, got '"
                    + topic + "'");
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host; // an IPv6 literal
        return new Endpoint("tcp://" + h + ":" + port, topic);
    }
}
