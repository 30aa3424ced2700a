package io.streamz4j.transport.http;

import io.streamz4j.Await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helper: a minimal HTTP/1.1 client over a plain socket, one request per connection, so a
 * test controls exactly what is sent (a declared length with no body, chunked bodies) and sees
 * every status and header the server answers.
 *
 * <p>Thread safety: stateless; each call uses its own socket.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** An answer: status, headers (names lower-cased), body. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    /** Sends {@code method path} with {@code body} (null: none) as a fixed-length body, and reads the answer. */
    static Response request(int port, String method, String path, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(port, head.toString(), body == null ? new byte[0] : body);
    }

    /** POSTs {@code body} chunked (no declared length), and reads the answer. */
    static Response postChunked(int port, String path, byte[] body) throws IOException {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunked.writeBytes(body);
        chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        return exchange(port, head, chunked.toByteArray());
    }

    /** Sends raw request bytes and reads the answer up to the server closing the connection. */
    static Response exchange(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one answer: the head, then the body of the length the server declares. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the answer's head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.US_ASCII));
    }
}
