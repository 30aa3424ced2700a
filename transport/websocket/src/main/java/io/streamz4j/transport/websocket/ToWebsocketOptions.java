package io.streamz4j.transport.websocket;

import io.streamz4j.Arguments;

import java.time.Duration;
import java.util.function.Function;

/**
 * The knobs of {@link ToWebsocket} (streamz's {@code ws_kwargs}), each validated when set with an
 * {@link IllegalArgumentException} naming {@code to_websocket} and the parameter. Immutable: every
 * setter returns a changed copy.
 *
 * <p>Thread safety: immutable (the converter must be safe to call from the emitting thread).
 */
public final class ToWebsocketOptions {
    private static final String NODE = ToWebsocket.KIND;
    private static final ToWebsocketOptions DEFAULTS = new ToWebsocketOptions(64, Duration.ofSeconds(10),
            Duration.ofSeconds(2), null);

    private final int maxFramesInFlight;
    private final Duration connectTimeout;
    private final Duration closeTimeout;
    private final Function<Object, ?> converter;

    private ToWebsocketOptions(int maxFramesInFlight, Duration connectTimeout, Duration closeTimeout,
            Function<Object, ?> converter) {
        this.maxFramesInFlight = maxFramesInFlight;
        this.connectTimeout = connectTimeout;
        this.closeTimeout = closeTimeout;
        this.converter = converter;
    }

    /** 64 frames in flight, 10 s to connect, 2 s for the close handshake, no converter. */
    public static ToWebsocketOptions defaults() {
        return DEFAULTS;
    }

    /**
     * How many sent messages may wait, unwritten, in the client's outgoing queue; the emitting thread
     * waits for the socket to take one before it sends more (a peer that reads slowly slows the pipeline).
     */
    public ToWebsocketOptions maxFramesInFlight(int frames) {
        return new ToWebsocketOptions(Arguments.requirePositive(frames, NODE, "maxFramesInFlight"), connectTimeout,
                closeTimeout, converter);
    }

    /** How long the first element waits for the connection to open. */
    public ToWebsocketOptions connectTimeout(Duration timeout) {
        return new ToWebsocketOptions(maxFramesInFlight, positive(timeout, "connectTimeout"), closeTimeout, converter);
    }

    /** How long {@code destroy()} waits for the close handshake before it drops the connection. */
    public ToWebsocketOptions closeTimeout(Duration timeout) {
        return new ToWebsocketOptions(maxFramesInFlight, connectTimeout, positive(timeout, "closeTimeout"), converter);
    }

    /**
     * Turns an element that is neither {@code byte[]} nor {@code String} into one of them (sent as a
     * binary or a text message); without it such an element fails.
     */
    public ToWebsocketOptions converter(Function<Object, ?> f) {
        return new ToWebsocketOptions(maxFramesInFlight, connectTimeout, closeTimeout,
                Arguments.requireNonNull(f, NODE, "converter"));
    }

    private static Duration positive(Duration value, String parameter) {
        Arguments.requireNonNull(value, NODE, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(NODE + ": parameter '" + parameter + "' must be positive, got " + value);
        }
        return value;
    }

    public int maxFramesInFlight() {
        return maxFramesInFlight;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The converter, or null. */
    public Function<Object, ?> converter() {
        return converter;
    }
}
