/**
 * Column expressions ({@code df.col("x").plus(...)}, comparisons, masks), evaluated per frame into new columns or row filters.
 */
package io.streamz4j.frame.expr;
