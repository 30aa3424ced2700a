/**
 * The coordinator's side of scatter/gather, behind {@code Cluster} and {@code ScatterNode}: not
 * API. The emitting thread runs a pipeline's {@link io.streamz4j.transport.scatter.coordinator.Scatterer}
 * (wait while the in-flight limit is reached, pick a worker, encode the element once into its
 * {@link io.streamz4j.transport.scatter.coordinator.InFlightRing} slot, offer it); one agent thread
 * per cluster ({@link io.streamz4j.transport.scatter.coordinator.Coordinator} starts it) reads the
 * workers' messages, completes slots, lets results leave through the
 * {@link io.streamz4j.transport.scatter.coordinator.ReorderRing} and the
 * {@link io.streamz4j.transport.scatter.coordinator.Gather} node, keeps the
 * {@link io.streamz4j.transport.scatter.coordinator.WorkerDirectory} (joins, liveness) and resends a
 * dead worker's elements ({@code Failover}). Each class states which of the two threads calls it.
 */
package io.streamz4j.transport.scatter.coordinator;
