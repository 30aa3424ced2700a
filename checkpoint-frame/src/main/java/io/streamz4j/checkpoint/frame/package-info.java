/**
 * Public API: checkpointing for streaming frames, the codecs that journal Arrow frames and the
 * snapshots of frame aggregations, windows and rolling state.
 */
package io.streamz4j.checkpoint.frame;
