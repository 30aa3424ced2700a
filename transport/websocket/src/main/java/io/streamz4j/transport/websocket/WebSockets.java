package io.streamz4j.transport.websocket;

import io.streamz4j.Stream;

/**
 * Typed entry points of the WebSocket artifact: streamz's {@code Stream.from_websocket} and
 * {@code stream.to_websocket}. The same nodes are reachable by those names through the plugin
 * registry ({@link WebsocketPluginProvider}).
 *
 * <p>Thread safety: stateless; see {@link FromWebsocket} and {@link ToWebsocket} for the nodes.
 */
public final class WebSockets {
    private WebSockets() {
    }

    /** A WebSocket server on {@code host:port} (0: any free port) emitting every message received. */
    public static FromWebsocket fromWebsocket(String host, int port) {
        return new FromWebsocket(host, port);
    }

    public static FromWebsocket fromWebsocket(String host, int port, FromWebsocketOptions options) {
        return new FromWebsocket(host, port, options);
    }

    /** Sends every element of {@code upstream} to the server at {@code uri} ({@code ws://host:port/path}). */
    public static ToWebsocket toWebsocket(Stream<?> upstream, String uri) {
        return new ToWebsocket(upstream, uri);
    }

    public static ToWebsocket toWebsocket(Stream<?> upstream, String uri, ToWebsocketOptions options) {
        return new ToWebsocket(upstream, uri, options);
    }
}
