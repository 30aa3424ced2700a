package io.streamz4j.transport.scatter;

/**
 * One worker's counters as the coordinator saw them when {@link Cluster#metrics()} was called:
 * elements sent to it ({@code elementsIn}, resends included), results taken from it
 * ({@code elementsOut}), elements in flight there now, errors its functions reported, elements
 * resent to it after another worker died, messages it refused (from its heartbeats), and the
 * round trip from sending an element to taking its result, as percentiles in nanoseconds.
 *
 * <p>Thread safety: an immutable snapshot.
 *
 * @param id          the worker's index in its cluster (never reused)
 * @param name        the name it announced
 * @param pid         its process id
 * @param live        false once it died or left
 * @param elementsIn  elements sent to it
 * @param elementsOut results taken from it
 * @param inFlight    elements sent to it whose results have not come
 * @param errors      elements its functions failed on
 * @param resends     elements resent to it after a worker died
 * @param refused     messages it refused to decode
 * @param p50Nanos    round-trip median
 * @param p99Nanos    round-trip 99th percentile
 * @param p999Nanos   round-trip 99.9th percentile
 */
public record WorkerMetrics(int id, String name, int pid, boolean live, long elementsIn, long elementsOut,
        long inFlight, long errors, long resends, long refused, long p50Nanos, long p99Nanos, long p999Nanos) {
}
