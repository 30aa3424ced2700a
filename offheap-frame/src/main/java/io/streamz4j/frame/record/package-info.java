/**
 * Where the record path meets the frame path: records (SBE flyweights over off-heap slots) batched
 * into Arrow frames, one column per field of the layout, for the streaming DataFrame.
 */
package io.streamz4j.frame.record;
