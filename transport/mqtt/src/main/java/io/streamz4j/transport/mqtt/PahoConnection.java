package io.streamz4j.transport.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected Paho client of {@code fromMqtt} or {@code toMqtt} and the threads it runs on: Paho's
 * sender, receiver and callback work run on an executor of ours whose threads are named
 * {@code <threadPrefix>-N} while idle (Paho renames them {@code MQTT Rec: <clientId>} etc. while
 * it uses them), so {@link #close} can end every one of them. The client's own store is in memory:
 * what survives a crash is the broker's session, not the client's.
 *
 * <p>Thread safety: opened and closed by the source's or sink's lifecycle thread; the client itself
 * is thread safe (Paho's).
 */
final class PahoConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PahoConnection.class);

    private final MqttAsyncClient client;
    private final ScheduledExecutorService executor;
    /** The executor's threads: it reports termination before its last worker has ended, so close joins them. */
    private final List<Thread> threads;
    private final long timeoutMillis;
    private final boolean sessionPresent;

    private PahoConnection(MqttAsyncClient client, ScheduledExecutorService executor, List<Thread> threads,
            long timeoutMillis, boolean sessionPresent) {
        this.client = client;
        this.executor = executor;
        this.threads = threads;
        this.timeoutMillis = timeoutMillis;
        this.sessionPresent = sessionPresent;
    }

    /**
     * Connects to {@code uri} as {@code clientId}, with {@code callback} installed before the
     * connection so no message of a resumed session is missed; throws {@link IllegalStateException}
     * naming {@code node} if the broker cannot be reached or refuses.
     */
    static PahoConnection open(String node, String uri, String clientId, MqttOptions options,
            String threadPrefix, MqttCallbackExtended callback, boolean manualAcks) {
        AtomicInteger n = new AtomicInteger();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, threadPrefix + "-" + n.incrementAndGet());
            threads.add(t);
            t.setDaemon(true);
            return t;
        });
        long timeoutMillis = TimeUnit.SECONDS.toMillis(options.connectionTimeoutSeconds());
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(uri, clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
            client.setManualAcks(manualAcks);
            client.setCallback(callback);
            IMqttToken connected = client.connect(options.connectOptions());
            connected.waitForCompletion(timeoutMillis);
            return new PahoConnection(client, executor, threads, timeoutMillis, connected.getSessionPresent());
        } catch (MqttException | RuntimeException e) {
            if (client != null) {
                closeQuietly(client);
            }
            executor.shutdownNow();
            throw new IllegalStateException(node + ": cannot connect to " + uri + " as '" + clientId + "': " + e, e);
        }
    }

    MqttAsyncClient client() {
        return client;
    }

    /** Whether the broker resumed a session it kept for this client id (CONNACK's session-present flag). */
    boolean sessionPresent() {
        return sessionPresent;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * Disconnects (letting the acknowledgements and publishes under way finish, up to the
     * connection timeout), closes the client and ends its threads.
     */
    void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect failed, closing anyway: {}", client.getClientId(), e.toString());
            try {
                client.disconnectForcibly(0, timeoutMillis, false);
            } catch (MqttException ignored) {
                // the connection is gone either way; close() below frees what is left
            }
        }
        closeQuietly(client);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: Paho's threads did not end within {} ms", client.getClientId(), timeoutMillis);
            }
            for (Thread t : threads) {
                t.join(timeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close failed: {}", client.getClientId(), e.toString());
        }
    }
}
