package io.streamz4j.transport.websocket;

import io.streamz4j.Await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test helper: a WebSocket client written by hand on a plain {@link Socket}, so a test can send
 * what a correct client never would (oversized, fragmented, malformed frames) and see exactly how
 * the server closes. Frames are masked, as a client's must be, unless a test says otherwise.
 *
 * <p>Thread safety: one thread per client.
 */
final class RawClient implements AutoCloseable {
    static final int BINARY = 0x2;
    static final int TEXT = 0x1;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** What {@link #closeCode()} returns when the socket ended without a close frame. */
    static final int NO_CLOSE_FRAME = -1;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /** Connects to 127.0.0.1:{@code port} and completes the opening handshake. */
    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(handshake(port));
        out.flush();
        String response = readHead(in);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + response);
        }
    }

    /** An opening handshake request for 127.0.0.1:{@code port}. */
    static byte[] handshake(int port) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the server's answer to the handshake, up to its blank line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A complete binary message. */
    void sendBinary(byte[] payload) throws IOException {
        sendFrame(true, 0, BINARY, payload, true);
    }

    /** One frame, as given: {@code rsv} are the three reserved bits (0 for a correct frame). */
    void sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        out.write(frame(fin, rsv, opcode, payload, masked));
        out.flush();
    }

    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(key);
            frame.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Reads frames until the server's close frame and returns its code; answers nothing and skips
     * pings. {@link #NO_CLOSE_FRAME} if the socket ended first.
     */
    int closeCode() throws IOException {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if ((first & 0x0F) == CLOSE) {
                    return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005;
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return NO_CLOSE_FRAME;
        } catch (IOException e) {
            if (socket.isClosed() || "Connection reset".equals(e.getMessage())) {
                return NO_CLOSE_FRAME;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
