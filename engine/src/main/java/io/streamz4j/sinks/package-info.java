/**
 * Public API: the sinks ({@code FunctionSink}, {@code AsyncSink}, {@code ListSink},
 * {@code TextfileSink}) that {@code Stream.sink}, {@code sinkAsync}, {@code sinkToList} and
 * {@code sinkToTextfile} build.
 */
package io.streamz4j.sinks;
