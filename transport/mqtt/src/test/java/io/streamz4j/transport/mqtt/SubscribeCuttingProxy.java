package io.streamz4j.transport.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the real test broker that cuts its first connection when the
 * client's first packet after CONNECT (the SUBSCRIBE) arrives, as a broker that drops a session
 * mid-start does; later connections pass through untouched.
 *
 * <p>Thread safety: an accept thread and two pump threads per connection, all daemons, named
 * {@code cutting-proxy-...}; {@link #connections()} from any thread.
 */
final class SubscribeCuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final AtomicInteger connections = new AtomicInteger();

    SubscribeCuttingProxy(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        daemon(this::accept, "cutting-proxy-accept");
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many client connections it accepted. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                boolean cut = connections.incrementAndGet() == 1;
                daemon(() -> pump(broker, client, false), "cutting-proxy-down");
                daemon(() -> pump(client, broker, cut), "cutting-proxy-up");
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** Copies from {@code from} to {@code to}; with {@code cutSecondRead}, closes both at the client's second write. */
    private static void pump(Socket from, Socket to, boolean cutSecondRead) {
        byte[] chunk = new byte[8192];
        int reads = 0;
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (cutSecondRead && ++reads == 2) {
                    return; // the SUBSCRIBE: both sockets close here
                }
                out.write(chunk, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        }
    }

    private static void daemon(Runnable work, String name) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
