/**
 * The engine nodes that the streaming API builds over frames: record batches to frames, schema checks, per-frame maps, cumulative operations and running aggregations. Each emits the frames it makes with a metadata reference, so holders keep them alive.
 */
package io.streamz4j.frame.node;
