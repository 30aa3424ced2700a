/**
 * Everything about grouping in one place: the groupby API ({@link io.streamz4j.frame.groupby.GroupBy}, {@link io.streamz4j.frame.groupby.Groupers}, {@link io.streamz4j.frame.groupby.WindowGroupBy}), the per-group state in primitive open-addressing tables, the running and windowed group reductions, and the group state's part of the checkpoint format.
 */
package io.streamz4j.frame.groupby;
