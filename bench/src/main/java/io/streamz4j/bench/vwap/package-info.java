/**
 * JMH benchmarks, not API: the VWAP suite (records, the bare Disruptor floor, the object path,
 * RxJava and Esper); bench/README.md says how to run it and what each side measures.
 */
package io.streamz4j.bench.vwap;
