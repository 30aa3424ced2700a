/**
 * Public API. {@link io.streamz4j.Stream} (the node base and the fluent API that builds
 * pipelines), {@link io.streamz4j.Source} and {@link io.streamz4j.Sink}, metadata and reference
 * counting ({@link io.streamz4j.Metadata}, {@link io.streamz4j.RefCounter}), error handling
 * ({@link io.streamz4j.ErrorHandler}), and the small value types the API returns
 * ({@link io.streamz4j.Step}, {@link io.streamz4j.Tuple}, {@link io.streamz4j.EmitOn}).
 *
 * <p>{@link io.streamz4j.Arguments} is public so the engine's other modules (checkpoint, frames)
 * check their arguments the same way; it is internal, not API. Package-private classes here
 * ({@code PipelineClose}, {@code EmitGuard}, {@code NodeErrors}, {@code DestroyedNode}) carry
 * {@code Stream}'s lifetime and error bookkeeping; the wiring machinery is in
 * {@link io.streamz4j.runtime.internal}.
 */
package io.streamz4j;
