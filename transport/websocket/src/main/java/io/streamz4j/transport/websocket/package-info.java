/**
 * WebSocket source and sink on Java-WebSocket: streamz's {@code from_websocket}
 * ({@link io.streamz4j.transport.websocket.FromWebsocket}, a server emitting every message it
 * receives, bounded and refusing oversized, malformed, surplus and dead connections) and
 * {@code to_websocket} ({@link io.streamz4j.transport.websocket.ToWebsocket}, a client sending
 * every element, with back pressure from a slow peer). Typed entry points in
 * {@link io.streamz4j.transport.websocket.WebSockets}; the streamz names through the plugin
 * registry.
 */
package io.streamz4j.transport.websocket;
