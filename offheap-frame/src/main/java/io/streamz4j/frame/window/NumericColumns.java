package io.streamz4j.frame.window;

import io.streamz4j.frame.Field;
import io.streamz4j.frame.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns a whole-frame aggregation reduces: the numeric ones, as pandas reduces a DataFrame
 * (and a groupby's, less its key).
 *
 * <p>Thread safety: stateless.
 */
public final class NumericColumns {
    private NumericColumns() {
    }

    /** The numeric columns of {@code schema} in order, other than {@code except} (may be null). */
    public static List<String> of(Schema schema, String except) {
        List<String> out = new ArrayList<>();
        for (Field f : schema.columns()) {
            if (f.type().isNumeric() && !f.name().equals(except)) {
                out.add(f.name());
            }
        }
        return out;
    }
}
