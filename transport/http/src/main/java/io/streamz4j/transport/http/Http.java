package io.streamz4j.transport.http;

/**
 * Typed entry points of the HTTP artifact, named after streamz's API ({@code Stream.from_http_server}).
 *
 * <p>Thread safety: stateless; each call builds a new, unstarted source.
 */
public final class Http {
    private Http() {
    }

    /** streamz's {@code from_http_server(port)}: POSTs to every path, the defaults of {@link HttpOptions}. */
    public static FromHttpServer fromHttpServer(int port) {
        return new FromHttpServer(port);
    }

    /** {@code from_http_server(port, path)}: POSTs to a path matching the regular expression {@code path}. */
    public static FromHttpServer fromHttpServer(int port, String path) {
        return new FromHttpServer(port, path);
    }

    /** As {@link #fromHttpServer(int, String)}, with {@code options} (bind address, limits, threads). */
    public static FromHttpServer fromHttpServer(int port, String path, HttpOptions options) {
        return new FromHttpServer(port, path, options);
    }
}
