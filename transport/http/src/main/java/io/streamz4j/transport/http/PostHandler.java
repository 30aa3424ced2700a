package io.streamz4j.transport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * The request handler of {@link FromHttpServer}: a POST to a path the pattern matches (whole path,
 * as tornado anchors its routes) has its body put into the source's queue and is answered 200
 * {@code OK}, as streamz answers. Anything else is refused with one log line and a count: an
 * unmatched path 404, another method 405, a body over the limit 413 (reading stops at the limit;
 * a declared length over it is refused before any of the body is read), and a full queue 503
 * with {@code Retry-After}: the handler never waits for room, so the queue never grows past its
 * capacity and no request waits on the pipeline. The 200 means the body is in the queue, not
 * yet processed: it is emitted at the latest when the source stops. A client too slow to send
 * its body is cut off by {@link RequestDeadlines}; once the body is read, the request is safe
 * from that deadline, so a queued body is always answered.
 *
 * <p>Thread safety: called on the server's handler threads, concurrently; holds no state but the
 * queue and counters it shares, both thread-safe. Retains nothing between requests.
 */
final class PostHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PostHandler.class);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final String source;
    private final Pattern path;
    private final HttpOptions options;
    private final BlockingQueue<byte[]> queue;
    private final HttpMetrics metrics;

    PostHandler(String source, Pattern path, HttpOptions options, BlockingQueue<byte[]> queue, HttpMetrics metrics) {
        this.source = source;
        this.path = path;
        this.options = options;
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            handleOpen(exchange);
        } finally {
            exchange.close();
        }
    }

    private void handleOpen(HttpExchange exchange) throws IOException {
        if (!path.matcher(exchange.getRequestURI().getPath()).matches()) {
            refuse(exchange, HttpRefusal.NOT_FOUND, exchange.getRequestURI().getPath());
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            refuse(exchange, HttpRefusal.METHOD_NOT_ALLOWED, exchange.getRequestMethod());
            return;
        }
        long declared = declaredLength(exchange);
        if (declared > options.maxBodySize()) {
            refuseTooLarge(exchange, "declared " + declared + " bytes");
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), options.maxBodySize());
        if (!RequestDeadlines.bodyRead()) {
            return; // too slow: the deadline closed the connection, there is nobody to answer
        }
        if (body == null) {
            refuseTooLarge(exchange, "more than " + options.maxBodySize() + " bytes");
            return;
        }
        if (!queue.offer(body)) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(options.retryAfterSeconds()));
            refuse(exchange, HttpRefusal.QUEUE_FULL, queue.size() + " bodies waiting");
            return;
        }
        metrics.countAccepted();
        respond(exchange, 200, OK);
    }

    /** The Content-Length the client declared, or -1 (chunked, or none). */
    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the server itself rejects a malformed length before calling a handler
        }
    }

    /** The whole body, or null once it is longer than {@code max}: never reads more than one byte past the limit. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    private void refuseTooLarge(HttpExchange exchange, String detail) throws IOException {
        // the rest of the body is not read: the connection cannot carry another request
        exchange.getResponseHeaders().set("Connection", "close");
        refuse(exchange, HttpRefusal.TOO_LARGE, detail);
    }

    private void refuse(HttpExchange exchange, HttpRefusal reason, String detail) throws IOException {
        metrics.countRefused(reason);
        LOG.warn("{}: refused {} {} from {}: {} ({})", source, exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRemoteAddress(), reason.description(), detail);
        respond(exchange, reason.status(), reason.description().getBytes(StandardCharsets.US_ASCII));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
