package io.streamz4j.transport.mqtt;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A broker that accepts one MQTT connection and acknowledges a publish only when the test says so
 * ({@link #ack}): what a slow broker looks like to {@code toMqtt}, without timing. It answers
 * CONNECT with CONNACK and records the packet id of each QoS 1 PUBLISH; everything else is read
 * and ignored. Loopback only.
 *
 * <p>Thread safety: one reader thread ({@code fake-broker}); {@link #ack} from the test thread
 * (writes are synchronised).
 */
final class FakeBroker implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Integer> publishes = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile Socket socket;

    FakeBroker() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        reader = new Thread(this::serve, "fake-broker");
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The packet ids of the publishes received and not yet taken, in order. */
    BlockingQueue<Integer> publishes() {
        return publishes;
    }

    /** Sends PUBACK for {@code packetId}. */
    synchronized void ack(int packetId) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId});
        out.flush();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            socket = s;
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                int header = in.readUnsignedByte();
                int length = 0;
                int shift = 0;
                int b;
                do {
                    b = in.readUnsignedByte();
                    length |= (b & 0x7f) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                byte[] body = new byte[length];
                in.readFully(body);
                int type = header >> 4;
                if (type == 1) { // CONNECT
                    synchronized (this) {
                        s.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x00});
                        s.getOutputStream().flush();
                    }
                } else if (type == 3 && ((header >> 1) & 3) > 0) { // PUBLISH with a packet id
                    int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                    int id = ((body[2 + topicLength] & 0xff) << 8) | (body[3 + topicLength] & 0xff);
                    publishes.add(id);
                }
            }
        } catch (IOException e) {
            // closed by the test or the client: the reader ends
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
