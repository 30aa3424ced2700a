/**
 * The scatter suite, not API: {@code scatter().map(inc).buffer(8).gather()} on two worker
 * processes beside its floor, a bare Aeron echo in a process of its own on the same channel kind
 * and idle strategy. {@link io.streamz4j.bench.scatter.ScatterBench} measures one side;
 * bench/compare-scatter runs every side and streamz + Dask in one invocation and prints the ratios.
 * bench/README.md says what each side measures and how the sides are kept equal.
 */
package io.streamz4j.bench.scatter;
