/**
 * scatter()/gather() over Aeron: the steps between them run in worker processes started from the
 * same class path, functions travel by registered name and elements through registered codecs,
 * results come back in scatter order and each once, and a worker that dies has its in-flight
 * elements resent to the survivors.
 */
package io.streamz4j.transport.scatter;
