/**
 * Kernels: tight loops over Arrow's data buffers (no boxing, no per-row virtual calls) for reductions, filters, gathers, group keys and conversions; the SIMD switch.
 */
package io.streamz4j.frame.kernel;
