package io.streamz4j.transport.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real MQTT broker for the tests: an embedded Moquette, started once per test JVM on 127.0.0.1
 * and a free port, with sessions kept in memory (so a persistent session outlives its
 * client's connection, as a crash test needs) anonymous clients allowed and
 * Moquette's telemetry (a call to an outside collector) off.
 *
 * <p>Thread safety: {@link #get()} from any thread; Moquette runs on its own threads.
 */
final class MqttTestBroker {
    private static MqttTestBroker instance;

    private final Server server;
    private final int port;

    private MqttTestBroker() throws IOException {
        Path data = Files.createTempDirectory("streamz4j-moquette");
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        int free = freePort();
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(free));
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, data.toString());
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false"); // nothing beyond loopback
        server = new Server();
        server.startServer(new MemoryConfig(p));
        port = free;
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopServer, "moquette-stop"));
    }

    /**
     * A port the system picks for a moment: Moquette 0.17 binds port 0 but does not always report
     * the bound port back (getPort() may answer 0), so the test asks for one first.
     */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static synchronized MqttTestBroker get() {
        if (instance == null) {
            try {
                instance = new MqttTestBroker();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    int port() {
        return port;
    }

    /** Drops the connection of {@code clientId} as a network failure would; true if it was connected. */
    boolean disconnectClient(String clientId) {
        return server.disconnectClient(clientId);
    }

    /** The client ids connected now. */
    List<String> connectedClients() {
        return server.listConnectedClients().stream().map(ClientDescriptor::getClientID).toList();
    }
}
