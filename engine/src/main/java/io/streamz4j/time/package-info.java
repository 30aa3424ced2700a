/**
 * Public API: the time-based operators ({@code Delay}, {@code RateLimit}, {@code TimedWindow},
 * {@code TimedWindowUnique}), which run on their pipeline's event loop and read its injected
 * clock. {@code LoopNode} and {@code Intervals} are package-private machinery.
 */
package io.streamz4j.time;
