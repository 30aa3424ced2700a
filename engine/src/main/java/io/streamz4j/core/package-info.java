/**
 * Public API: the operators that run on the thread emitting into them, one per class, named
 * after their streamz node ({@code Map}, {@code Filter}, {@code Zip}...). {@code Stream}'s fluent
 * methods construct them; the classes are public so a pipeline can name their types
 * ({@code Collect#flush}, {@code PartitionUnique.Keep}). {@link io.streamz4j.core.KeepsState},
 * {@link io.streamz4j.core.HoldsElements}, {@link io.streamz4j.core.NodeContents} and
 * {@link io.streamz4j.core.WindowContents} are the service interfaces through which checkpoints
 * snapshot and restore node state; a node of your own implements them to take part.
 */
package io.streamz4j.core;
