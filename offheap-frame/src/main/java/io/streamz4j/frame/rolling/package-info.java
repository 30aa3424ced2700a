/**
 * pandas' rolling windows, row by row and incrementally across frames, with SIMD kernels for sums and means.
 */
package io.streamz4j.frame.rolling;
