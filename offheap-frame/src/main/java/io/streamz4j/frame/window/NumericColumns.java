package io.streamz4j.frame.window;

import io.streamz4j.frame.Field;
import io.streamz4j.frame.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns a whole-frame aggregation takes: the numeric ones ({@link #of}, what rolling and
 * ewm weigh), or the numeric and boolean ones ({@link #reducible}, what pandas' sum, mean, count,
 * min, max, var and std reduce, booleans as 0 and 1).
 *
 * <p>Thread safety: stateless.
 */
public final class NumericColumns {
    private NumericColumns() {
    }

    /** The numeric columns of {@code schema} in order, other than {@code except} (may be null). */
    public static List<String> of(Schema schema, String except) {
        return pick(schema, except, false);
    }

    /** The numeric and boolean columns of {@code schema} in order, other than {@code except} (may be null). */
    public static List<String> reducible(Schema schema, String except) {
        return pick(schema, except, true);
    }

    private static List<String> pick(Schema schema, String except, boolean booleans) {
        List<String> out = new ArrayList<>();
        for (Field f : schema.columns()) {
            boolean taken = booleans ? f.type().isReducible() : f.type().isNumeric();
            if (taken && !f.name().equals(except)) {
                out.add(f.name());
            }
        }
        return out;
    }
}
