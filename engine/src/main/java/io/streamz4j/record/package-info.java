/**
 * Public API: the record path. Records are fixed layouts (SBE message schemas, flyweights over
 * Agrona buffers, {@link io.streamz4j.record.RecordLayout}); a
 * {@link io.streamz4j.record.RecordRing} is one preallocated off-heap region of slots driven by
 * the Disruptor; record operators are built with {@link io.streamz4j.record.RecordFlow}, one
 * operator per class, each a {@link io.streamz4j.record.RecordHandler} that calls the next one
 * directly on the ring's consumer thread and allocates nothing per record.
 */
package io.streamz4j.record;
