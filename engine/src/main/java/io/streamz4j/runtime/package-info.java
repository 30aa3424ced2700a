/**
 * Public API: what an embedder chooses about threads and time. {@link io.streamz4j.runtime.Clock}
 * and {@link io.streamz4j.runtime.ManualClock} (injected time), {@link io.streamz4j.runtime.EventLoop}
 * (a pipeline's loop), {@link io.streamz4j.runtime.Threads} and {@link io.streamz4j.runtime.Invoker}
 * (where the engine's threads come from, or the service's own threads driving the work), and
 * {@link io.streamz4j.runtime.WaitStrategy}.
 *
 * <p>Internal, though public: {@link io.streamz4j.runtime.Invoked}, the piece of work an
 * {@code Invoker} drives, is public because the checkpoint module's checkpointer is one; it is
 * not API and may change. {@code EventLoop#post} takes an internal
 * {@link io.streamz4j.runtime.internal.Receiver}: it is the engine's hook for its own nodes. The
 * machinery itself is in {@link io.streamz4j.runtime.internal}.
 */
package io.streamz4j.runtime;
