/**
 * Running aggregation state: the three-method {@link io.streamz4j.frame.agg.Aggregation}, the built-in reductions' moments and their checkpoint format ({@link io.streamz4j.frame.agg.StateBytes}).
 */
package io.streamz4j.frame.agg;
