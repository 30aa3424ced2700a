/**
 * Streaming frames, the module's public face: the data model (an immutable Arrow-backed {@link io.streamz4j.frame.Frame} of {@link io.streamz4j.frame.Column}s with a {@link io.streamz4j.frame.Schema}) and the streaming API over it ({@link io.streamz4j.frame.DataFrame}, {@link io.streamz4j.frame.Series}, {@link io.streamz4j.frame.Batch}). Everything else in the module lives in the layers below: {@code io} (frames from and to bytes, rows and JSON), {@code node} (the engine nodes the API builds), {@code groupby}, {@code window}, {@code rolling}, {@code periodic}, {@code agg} (running state), {@code expr} (column expressions) and {@code kernel} (loops over Arrow buffers).
 */
package io.streamz4j.frame;
