/**
 * Sources of frames polled on the pipeline's event loop: {@code PeriodicDataFrame} and {@code RandomFrames} (streamz's {@code Random}).
 */
package io.streamz4j.frame.periodic;
