package io.streamz4j.transport.mqtt;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * The knobs of {@code fromMqtt} and {@code toMqtt} beyond host, port and topic, with defaults that
 * suit at-least-once delivery: a persistent session ({@code cleanSession} false, so the broker
 * keeps the subscription and redelivers what was not acknowledged after a crash), QoS 1, Paho's
 * automatic reconnect. A persistent session needs a stable client id: give one
 * ({@link Builder#clientId}); without, each source or sink generates one when it is built, which
 * lasts as long as that object (a restart of the same source resumes its session, a new process
 * does not).
 *
 * <p>The builder only records values; the source or sink checks them when it is built and names
 * itself ({@code from_mqtt}, {@code to_mqtt}) and the parameter in the
 * {@link IllegalArgumentException}.
 *
 * <p>Thread safety: immutable once built; the builder is for one thread.
 */
public final class MqttOptions {
    private final String clientId;
    private final boolean cleanSession;
    private final int qos;
    private final int queueCapacity;
    private final int keepAliveSeconds;
    private final int connectionTimeoutSeconds;
    private final int maxInflight;
    private final boolean automaticReconnect;
    private final String username;
    private final char[] password;

    private MqttOptions(Builder b) {
        this.clientId = b.clientId;
        this.cleanSession = b.cleanSession;
        this.qos = b.qos;
        this.queueCapacity = b.queueCapacity;
        this.keepAliveSeconds = b.keepAliveSeconds;
        this.connectionTimeoutSeconds = b.connectionTimeoutSeconds;
        this.maxInflight = b.maxInflight;
        this.automaticReconnect = b.automaticReconnect;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default. */
    public static MqttOptions defaults() {
        return builder().build();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientId = clientId;
        b.cleanSession = cleanSession;
        b.qos = qos;
        b.queueCapacity = queueCapacity;
        b.keepAliveSeconds = keepAliveSeconds;
        b.connectionTimeoutSeconds = connectionTimeoutSeconds;
        b.maxInflight = maxInflight;
        b.automaticReconnect = automaticReconnect;
        b.username = username;
        b.password = password;
        return b;
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code node} and the parameter if a value is
     * out of range; {@code maxQos} is the highest QoS the node supports.
     */
    void check(String node, int maxQos) {
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 65_535)) {
            throw bad(node, "clientId", "must be 1 to 65535 characters, got '" + clientId + "'");
        }
        if (qos < 0 || qos > maxQos) {
            throw bad(node, "qos", "must be 0 to " + maxQos + ", got " + qos
                    + (maxQos == 1 ? " (QoS 2 would be acknowledged before the pipeline is done: Paho sends"
                            + " PUBREC on receipt)" : ""));
        }
        if (queueCapacity < 1) {
            throw bad(node, "queueCapacity", "must be positive, got " + queueCapacity);
        }
        if (keepAliveSeconds < 0) {
            throw bad(node, "keepalive", "must not be negative (0 disables keep-alive), got " + keepAliveSeconds);
        }
        if (connectionTimeoutSeconds < 1) {
            throw bad(node, "connectionTimeout", "must be positive, got " + connectionTimeoutSeconds);
        }
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw bad(node, "maxInflight", "must be 1 to 65535, got " + maxInflight);
        }
        if (password != null && username == null) {
            throw bad(node, "password", "given without a username");
        }
    }

    static IllegalArgumentException bad(String node, String parameter, String what) {
        return new IllegalArgumentException(node + ": parameter '" + parameter + "' " + what);
    }

    /** Paho's connection options for these settings. */
    MqttConnectOptions connectOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setKeepAliveInterval(keepAliveSeconds);
        o.setConnectionTimeout(connectionTimeoutSeconds);
        o.setAutomaticReconnect(automaticReconnect);
        o.setMaxInflight(maxInflight);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.clone());
        }
        return o;
    }

    /** The client id to use, or null to generate one. */
    public String clientId() {
        return clientId;
    }

    public boolean cleanSession() {
        return cleanSession;
    }

    public int qos() {
        return qos;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public int connectionTimeoutSeconds() {
        return connectionTimeoutSeconds;
    }

    public int maxInflight() {
        return maxInflight;
    }

    public boolean automaticReconnect() {
        return automaticReconnect;
    }

    public String username() {
        return username;
    }

    /** Builds {@link MqttOptions}; see each setter for the default. */
    public static final class Builder {
        private String clientId;
        private boolean cleanSession = false;
        private int qos = 1;
        private int queueCapacity = 1024;
        private int keepAliveSeconds = 60;
        private int connectionTimeoutSeconds = 30;
        private int maxInflight = 64;
        private boolean automaticReconnect = true;
        private String username;
        private char[] password;

        private Builder() {
        }

        /** The MQTT client id; null (the default) generates one per source or sink. */
        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /** Whether the broker forgets the session on disconnect; false by default (redelivery after a crash). */
        public Builder cleanSession(boolean clean) {
            this.cleanSession = clean;
            return this;
        }

        /** QoS of the subscription or of each publish; 1 by default. */
        public Builder qos(int q) {
            this.qos = q;
            return this;
        }

        /** How many received messages fromMqtt queues for the pipeline before Paho's thread waits; 1024 by default. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** MQTT keep-alive interval in seconds; 60 by default, as streamz. */
        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** How long connecting (and waiting for a subscription or a disconnect) may take; 30 s by default. */
        public Builder connectionTimeoutSeconds(int seconds) {
            this.connectionTimeoutSeconds = seconds;
            return this;
        }

        /** How many QoS 1/2 publishes toMqtt keeps unacknowledged before the emitting thread waits; 64 by default. */
        public Builder maxInflight(int n) {
            this.maxInflight = n;
            return this;
        }

        /** Whether Paho reconnects by itself after a lost connection; true by default. */
        public Builder automaticReconnect(boolean reconnect) {
            this.automaticReconnect = reconnect;
            return this;
        }

        /** User name and password for the broker; none by default. */
        public Builder credentials(String user, char[] pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        public MqttOptions build() {
            return new MqttOptions(this);
        }
    }
}
