/**
 * Public API: journaled sources ({@link io.streamz4j.checkpoint.JournaledSource}) that write every
 * element to a Chronicle Queue before emitting it and checkpoint at-least-once by reference
 * counts, their codecs, failure, retention and sync policies, checkpoint listeners and metrics,
 * node snapshots, and the exactly-once file sink. The package-private classes are the journal's
 * machinery (files, locks, cycles, the checkpointer's thread).
 *
 * <p>This module uses two engine internals, which are not API: the checkpointer is an
 * {@link io.streamz4j.runtime.Invoked} (so an {@code Invoker} can drive it) and element failures
 * go through {@link io.streamz4j.runtime.internal.Failures}.
 */
package io.streamz4j.checkpoint;
