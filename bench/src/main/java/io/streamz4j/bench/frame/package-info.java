/**
 * JMH benchmarks, not API: the frame suites; bench/README.md says how to run them and what each measures.
 */
package io.streamz4j.bench.frame;
