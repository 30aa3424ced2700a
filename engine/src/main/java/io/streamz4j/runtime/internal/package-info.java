/**
 * Internal: not API, no compatibility promise; public only because the engine's packages (and
 * its checkpoint module) reach it from other packages. Nothing outside streamz4j should import it.
 *
 * <p>What it holds: the node wiring {@code Stream} delegates to ({@link
 * io.streamz4j.runtime.internal.NodeGraph} links nodes and walks the graph,
 * {@link io.streamz4j.runtime.internal.Placement} says which thread runs a node and gates joins,
 * {@link io.streamz4j.runtime.internal.Construction} defers connecting a node until its
 * constructors have run); the ring boundaries where threads meet
 * ({@link io.streamz4j.runtime.internal.RingBoundary}, its {@code Slot}s, {@link
 * io.streamz4j.runtime.internal.RingNode}, {@link io.streamz4j.runtime.internal.RingDrain});
 * hand-offs to loops ({@link io.streamz4j.runtime.internal.Receiver},
 * {@link io.streamz4j.runtime.internal.LoopCalls}, {@code Delivery}); elements a node keeps
 * ({@link io.streamz4j.runtime.internal.Held}); failure and backpressure bookkeeping
 * ({@link io.streamz4j.runtime.internal.Failures}, used by the checkpoint module too,
 * {@link io.streamz4j.runtime.internal.Backpressure}); and the default error handler
 * ({@link io.streamz4j.runtime.internal.LoggingErrorHandler}).
 */
package io.streamz4j.runtime.internal;
