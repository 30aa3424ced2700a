package io.streamz4j.transport.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP proxy in front of the real test broker that can hold back what the broker sends
 * to the client (its acknowledgements) while passing everything the client sends: a broker that
 * is slow to acknowledge, as a congested network makes it, without timing. It serves one client
 * connection; what it held is delivered, in order, by {@link #releaseReplies()}.
 *
 * <p>Thread safety: two pump threads ({@code holding-proxy-up}, and {@code holding-proxy-accept},
 * which pumps the replies once connected);
 * {@link #holdReplies()} and {@link #releaseReplies()} from the test thread, serialised with the
 * downstream pump on one lock.
 */
final class HoldingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final Object lock = new Object();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean holding;
    private OutputStream toClient;
    private volatile Socket client;
    private volatile Socket broker;

    HoldingProxy(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::connect, "holding-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, what the broker sends is kept here instead of reaching the client. */
    void holdReplies() {
        synchronized (lock) {
            holding = true;
        }
    }

    /** Delivers what was held, then passes the broker's bytes through again. */
    void releaseReplies() throws IOException {
        synchronized (lock) {
            holding = false;
            if (toClient != null) {
                held.writeTo(toClient);
                toClient.flush();
            }
            held.reset();
        }
    }

    private void connect() {
        try {
            Socket c = server.accept();
            Socket b = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
            client = c;
            broker = b;
            synchronized (lock) {
                toClient = c.getOutputStream();
            }
            Thread up = new Thread(() -> pump(c::getInputStream, b::getOutputStream), "holding-proxy-up");
            up.setDaemon(true);
            up.start();
            pumpReplies(b.getInputStream());
        } catch (IOException e) {
            // closed by the test
        }
    }

    private static void pump(InputStreamSupplier in, OutputStreamSupplier out) {
        byte[] chunk = new byte[8192];
        try (InputStream from = in.get(); OutputStream to = out.get()) {
            int n;
            while ((n = from.read(chunk)) > 0) {
                to.write(chunk, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // a side closed: the proxy's connection ends with it
        }
    }

    /** The broker-to-client direction, which {@link #holdReplies()} gates. */
    private void pumpReplies(InputStream fromBroker) throws IOException {
        byte[] chunk = new byte[8192];
        int n;
        while ((n = fromBroker.read(chunk)) > 0) {
            synchronized (lock) {
                if (holding) {
                    held.write(chunk, 0, n);
                } else {
                    toClient.write(chunk, 0, n);
                    toClient.flush();
                }
            }
        }
    }

    @FunctionalInterface
    private interface InputStreamSupplier {
        InputStream get() throws IOException;
    }

    @FunctionalInterface
    private interface OutputStreamSupplier {
        OutputStream get() throws IOException;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : new Socket[] {client, broker}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
