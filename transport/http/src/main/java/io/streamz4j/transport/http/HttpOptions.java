package io.streamz4j.transport.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link FromHttpServer} besides port and path, each checked when set. Defaults:
 * bound to the loopback address only (a server reachable from other hosts must be asked for, with
 * {@link #bindAddress}), bodies of at most {@value #DEFAULT_MAX_BODY_SIZE} bytes, a queue of
 * {@value #DEFAULT_QUEUE_CAPACITY} bodies, {@value #DEFAULT_HANDLER_THREADS} handler threads,
 * {@value #DEFAULT_MAX_PENDING} connections waiting for one, and a 503 asks the client to retry
 * after {@value #DEFAULT_RETRY_AFTER_SECONDS} second; a client has
 * {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} seconds to send a request.
 *
 * <p>Thread safety: immutable; each setter returns a new instance.
 */
public final class HttpOptions {
    static final int DEFAULT_MAX_BODY_SIZE = 1 << 20;
    static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final int DEFAULT_HANDLER_THREADS = 4;
    static final int DEFAULT_MAX_PENDING = 64;
    static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
    private static final HttpOptions DEFAULTS = new HttpOptions(InetAddress.getLoopbackAddress(),
            DEFAULT_MAX_BODY_SIZE, DEFAULT_QUEUE_CAPACITY, DEFAULT_HANDLER_THREADS, DEFAULT_MAX_PENDING,
            DEFAULT_RETRY_AFTER_SECONDS, Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS));

    private final InetAddress bindAddress;
    private final int maxBodySize;
    private final int queueCapacity;
    private final int handlerThreads;
    private final int maxPending;
    private final int retryAfterSeconds;
    private final Duration requestTimeout;

    private HttpOptions(InetAddress bindAddress, int maxBodySize, int queueCapacity, int handlerThreads,
            int maxPending, int retryAfterSeconds, Duration requestTimeout) {
        this.bindAddress = bindAddress;
        this.maxBodySize = maxBodySize;
        this.queueCapacity = queueCapacity;
        this.handlerThreads = handlerThreads;
        this.maxPending = maxPending;
        this.retryAfterSeconds = retryAfterSeconds;
        this.requestTimeout = requestTimeout;
    }

    /** The defaults (see the class comment). */
    public static HttpOptions defaults() {
        return DEFAULTS;
    }

    /** Listens on {@code address} (the wildcard address: every interface). */
    public HttpOptions bindAddress(InetAddress address) {
        Objects.requireNonNull(address, FromHttpServer.KIND + ": parameter 'bindAddress' must not be null");
        return new HttpOptions(address, maxBodySize, queueCapacity, handlerThreads, maxPending, retryAfterSeconds, requestTimeout);
    }

    /** Refuses (413) a body longer than {@code bytes}; reading stops at the limit. */
    public HttpOptions maxBodySize(int bytes) {
        FromHttpServer.require(bytes > 0 && bytes < Integer.MAX_VALUE - 16, "maxBodySize",
                "must be > 0 and fit an array, was " + bytes);
        return new HttpOptions(bindAddress, bytes, queueCapacity, handlerThreads, maxPending, retryAfterSeconds, requestTimeout);
    }

    /** Holds at most {@code capacity} bodies the pipeline has not taken; a full queue answers 503. */
    public HttpOptions queueCapacity(int capacity) {
        FromHttpServer.require(capacity > 0, "queueCapacity", "must be > 0, was " + capacity);
        return new HttpOptions(bindAddress, maxBodySize, capacity, handlerThreads, maxPending, retryAfterSeconds, requestTimeout);
    }

    /** Handles at most {@code threads} requests at once. */
    public HttpOptions handlerThreads(int threads) {
        FromHttpServer.require(threads > 0, "handlerThreads", "must be > 0, was " + threads);
        return new HttpOptions(bindAddress, maxBodySize, queueCapacity, threads, maxPending, retryAfterSeconds, requestTimeout);
    }

    /**
     * Lets at most {@code max} requests wait for a handler thread (and asks the kernel for a listen
     * backlog of that many connections). When they all wait, the next request's connection is
     * closed unanswered ({@link HttpRefusal#OVERLOADED}), so neither memory nor the server's
     * dispatcher is held by requests the handlers cannot take.
     */
    public HttpOptions maxPending(int max) {
        FromHttpServer.require(max > 0, "maxPending", "must be > 0, was " + max);
        return new HttpOptions(bindAddress, maxBodySize, queueCapacity, handlerThreads, max, retryAfterSeconds, requestTimeout);
    }

    /** The {@code Retry-After} a 503 carries, in seconds. */
    public HttpOptions retryAfterSeconds(int seconds) {
        FromHttpServer.require(seconds > 0, "retryAfterSeconds", "must be > 0, was " + seconds);
        return new HttpOptions(bindAddress, maxBodySize, queueCapacity, handlerThreads, maxPending, seconds, requestTimeout);
    }

    /**
     * Disconnects a client that has not sent its whole request (line, headers and body) within
     * {@code timeout} (at least a millisecond) of a handler thread taking it up, so a slow client
     * cannot hold a handler thread.
     */
    public HttpOptions requestTimeout(Duration timeout) {
        FromHttpServer.require(timeout != null && timeout.toMillis() >= 1, "requestTimeout",
                "must be at least 1 ms, was " + timeout);
        return new HttpOptions(bindAddress, maxBodySize, queueCapacity, handlerThreads, maxPending, retryAfterSeconds,
                timeout);
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }

    public int maxBodySize() {
        return maxBodySize;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int handlerThreads() {
        return handlerThreads;
    }

    public int maxPending() {
        return maxPending;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public String toString() {
        return "HttpOptions{bindAddress=" + bindAddress + ", maxBodySize=" + maxBodySize + ", queueCapacity="
                + queueCapacity + ", handlerThreads=" + handlerThreads + ", maxPending=" + maxPending
                + ", retryAfterSeconds=" + retryAfterSeconds + ", requestTimeout=" + requestTimeout + '}';
    }
}
